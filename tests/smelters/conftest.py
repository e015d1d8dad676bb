from pathlib import Path

import pytest

from tests.smelters.factories import SmelterFactory, StatusSnapshotFactory


@pytest.fixture
def shared_dir(shared_dir: Path) -> Path:
    """The root fixture (skips where ../shared is absent, fails under CI), checked for what these tests read."""
    for folder in ("smelters", "cmrt/templates"):
        assert (shared_dir / folder).is_dir(), f"{shared_dir / folder} is missing"
    return shared_dir


@pytest.fixture
def supply_user(supply_chain_user):
    """The supply-chain user of tests/conftest.py, under the name these tests use."""
    return supply_chain_user


@pytest.fixture
def reference(db):
    """A small reference list: a few gold and tin SORs with aliases and statuses."""
    aida = SmelterFactory(
        metal="gold",
        cid="CID000019",
        standard_name="Aida Chemical Industries Co., Ltd.",
        country="JAPAN",
        aliases=["Aida Chemical"],
    )
    starck_de = SmelterFactory(
        metal="tantalum",
        cid="CID002544",
        standard_name="H.C. Starck Tantalum and Niobium GmbH",
        country="GERMANY",
        aliases=["H.C. Starck GmbH"],
    )
    starck_jp = SmelterFactory(metal="tantalum", cid="CID002549", standard_name="H.C. Starck Ltd.", country="JAPAN")
    timah = SmelterFactory(metal="tin", cid="CID001482", standard_name="PT Timah Tbk Mentok", country="INDONESIA")
    kundur = SmelterFactory(metal="tin", cid="CID001477", standard_name="PT Timah Tbk Kundur", country="INDONESIA")
    congo = SmelterFactory(
        metal="tin",
        cid="CID003000",
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
