import os
from pathlib import Path

import pytest

from accounts.services import user_create
from core.access import Role
from tests.smelters.factories import SmelterFactory, StatusSnapshotFactory, SupplierFactory


def _shared_dir() -> Path:
    return Path(os.environ.get("SHARED_DIR") or Path(__file__).resolve().parents[2].parent / "shared")


SHARED = _shared_dir()


@pytest.fixture
def shared_dir() -> Path:
    """The folder of real RMI files beside the repository; tests using it skip where it is absent."""
    if not (SHARED / "smelters").is_dir() or not (SHARED / "cmrt" / "templates").is_dir():
        pytest.skip(f"{SHARED} with smelters/ and cmrt/templates/ is not available")
    return SHARED


@pytest.fixture
def supply_user(db):
    return user_create(email="supply@example.com", password="pw-test-123", roles=[Role.SUPPLY_CHAIN])


@pytest.fixture
def legal_user(db):
    return user_create(email="legal@example.com", password="pw-test-123", roles=[Role.LEGAL])


@pytest.fixture
def supplier_user(db):
    user = user_create(email="someone@supplier.example", password="pw-test-123")
    user.supplier = SupplierFactory()
    user.save()
    return user


@pytest.fixture
def reference(db):
    """A small reference list: a few gold and tin SORs with aliases and statuses."""
    aida = SmelterFactory(
        metal="gold",
        smelter_id="CID000019",
        standard_name="Aida Chemical Industries Co., Ltd.",
        country="JAPAN",
        aliases=["Aida Chemical"],
    )
    starck_de = SmelterFactory(
        metal="tantalum",
        smelter_id="CID002544",
        standard_name="H.C. Starck Tantalum and Niobium GmbH",
        country="GERMANY",
        aliases=["H.C. Starck GmbH"],
    )
    starck_jp = SmelterFactory(
        metal="tantalum", smelter_id="CID002549", standard_name="H.C. Starck Ltd.", country="JAPAN"
    )
    timah = SmelterFactory(
        metal="tin", smelter_id="CID001482", standard_name="PT Timah Tbk Mentok", country="INDONESIA"
    )
    kundur = SmelterFactory(
        metal="tin", smelter_id="CID001477", standard_name="PT Timah Tbk Kundur", country="INDONESIA"
    )
    congo = SmelterFactory(
        metal="tin",
        smelter_id="CID003000",
        standard_name="Kivu Tin Smelter SARL",
        country="CONGO, DEMOCRATIC REPUBLIC OF THE",
    )
    StatusSnapshotFactory(smelter=aida, status="Conformant")
    StatusSnapshotFactory(smelter=timah, status="Active")
    StatusSnapshotFactory(smelter=kundur, status="RMI Due Diligence Review - Unable to Proceed")
    return {
        "aida": aida,
        "starck_de": starck_de,
        "starck_jp": starck_jp,
        "timah": timah,
        "kundur": kundur,
        "congo": congo,
    }
