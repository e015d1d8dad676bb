"""Every importer fails the same way: one exception, one message, every bad row listed."""

import datetime

import pytest

from core.importing import ImportRefused
from smelters.importing import parse_origin_file, parse_reference_file
from smelters.services import smelter_origins_import, smelter_reference_import
from suppliers.services import supplier_import

pytestmark = pytest.mark.django_db

BAD_SUPPLIERS = b"supplier_code,name,contact_email\nSUP-1,Acme,not-an-email\n"
BAD_STATUS_LIST = b"metal,smelter id,standard smelter name,rmi status\nGold,CID1,X,Active\n"
BAD_ORIGINS = b"metal,smelter id,countries of origin\nPlatinum,CID000019,Peru\n"


@pytest.mark.parametrize(
    "do_import",
    [
        lambda: supplier_import(data=BAD_SUPPLIERS, name="bad.csv"),
        lambda: smelter_reference_import(source=BAD_STATUS_LIST, name="bad.csv", as_of=datetime.date(2024, 1, 1)),
        lambda: smelter_origins_import(source=BAD_ORIGINS, name="bad.csv", as_of=datetime.date(2024, 1, 1)),
    ],
    ids=["suppliers", "smelter reference", "origins"],
)
def test_every_importer_refuses_a_file_with_a_bad_row_with_one_exception_and_one_message(do_import):
    with pytest.raises(ImportRefused) as refusal:
        do_import()

    assert str(refusal.value) == "bad.csv: 1 row(s) cannot be imported; nothing was imported."
    assert [problem.where for problem in refusal.value.problems] == ["row 2"]


def test_a_supplier_file_that_cannot_be_read_is_refused_like_a_bad_row():
    with pytest.raises(ImportRefused) as refusal:
        supplier_import(data=b"vendor,mail\nAcme,a@b.example\n", name="suppliers.csv")

    assert str(refusal.value) == "suppliers.csv: 1 row(s) cannot be imported; nothing was imported."
    assert "vendor, mail" in refusal.value.problems[0].reason


@pytest.mark.parametrize("parse", [parse_reference_file, parse_origin_file])
def test_the_smelter_file_readers_refuse_a_file_in_no_known_layout_the_same_way(parse):
    with pytest.raises(ImportRefused, match="supplier_code"):
        parse(b"supplier_code,name\nSUP-1,Acme\n", name="suppliers.csv")
