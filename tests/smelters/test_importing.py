"""Importing reference files: layouts, all-or-nothing, idempotence and dated history."""

import datetime
import io
import re
import zipfile

import openpyxl
import pytest

from core.importing import ImportRefused
from smelters.models import ReferenceImport, Smelter, SmelterAlias, StatusSnapshot
from smelters.selectors import smelter_status_as_of
from smelters.services import smelter_reference_import

pytestmark = pytest.mark.django_db

APPENDIX_A = b"""metal,standard_smelter_name,smelter_facility_location,smelter_id,rmi_audit_status
Gold,Aida Chemical Industries Co. Ltd.,Japan,CID000019,Conformant
Tin,PT Timah Tbk Mentok,Indonesia,CID001482,Active
Tungsten,A.L.M.T. Corp.,Japan,CID000004,Not Enrolled
"""

STATUS_LIST_2024 = b"""METAL;SMELTER ID;STANDARD SMELTER NAME;COUNTRY LOCATION;RMI Status;Last Audit Date
gold;CID000019;Aida Chemical Industries Co., Ltd.;JAPAN;Non Conformant;3/1/2024
tin;CID001482;PT Timah Tbk Mentok;INDONESIA;Conformant;
"""


def test_an_appendix_a_file_creates_smelters_aliases_and_dated_statuses():
    outcome = smelter_reference_import(source=APPENDIX_A, name="appendix.csv", as_of=datetime.date(2022, 5, 26))
    assert outcome.kind == "appendix_a"
    assert outcome.counts["smelters_created"] == 3
    assert outcome.counts["statuses_created"] == 3
    aida = Smelter.objects.get(cid="CID000019")
    assert (aida.metal, aida.country) == ("gold", "Japan")
    assert aida.statuses.get().status == "Conformant"
    assert aida.statuses.get().as_of == datetime.date(2022, 5, 26)
    assert SmelterAlias.objects.filter(smelter=aida, name="Aida Chemical Industries Co. Ltd.").exists()
    assert ReferenceImport.objects.get().as_of_origin == "the date given with the import"


def test_reimporting_the_same_file_changes_nothing():
    smelter_reference_import(source=APPENDIX_A, name="appendix.csv", as_of=datetime.date(2022, 5, 26))
    again = smelter_reference_import(source=APPENDIX_A, name="appendix.csv", as_of=datetime.date(2022, 5, 26))
    assert not again.changed
    assert again.reference_import is None
    assert StatusSnapshot.objects.count() == 3
    assert ReferenceImport.objects.count() == 1


def test_a_status_as_of_an_earlier_date_is_still_answerable_after_a_newer_import():
    smelter_reference_import(source=APPENDIX_A, name="appendix.csv", as_of=datetime.date(2022, 5, 26))
    smelter_reference_import(source=STATUS_LIST_2024, name="status.csv", as_of=datetime.date(2024, 6, 1))
    aida = Smelter.objects.get(cid="CID000019")
    assert smelter_status_as_of(smelter=aida, as_of=datetime.date(2023, 1, 1)).status == "Conformant"
    latest = smelter_status_as_of(smelter=aida, as_of=datetime.date(2024, 12, 31))
    assert (latest.status, latest.last_audit_date) == ("Non Conformant", datetime.date(2024, 3, 1))
    assert smelter_status_as_of(smelter=aida, as_of=datetime.date(2021, 1, 1)) is None
    # The older snapshot was not rewritten.
    assert aida.statuses.get(as_of=datetime.date(2022, 5, 26)).status == "Conformant"


def test_an_older_file_imported_later_does_not_overwrite_newer_names():
    smelter_reference_import(source=STATUS_LIST_2024, name="status.csv", as_of=datetime.date(2024, 6, 1))
    smelter_reference_import(source=APPENDIX_A, name="appendix.csv", as_of=datetime.date(2022, 5, 26))
    assert Smelter.objects.get(cid="CID000019").standard_name == "Aida Chemical Industries Co., Ltd."


def test_a_bad_row_is_reported_with_its_line_and_nothing_is_imported():
    bad = APPENDIX_A + b"Gold,Broken Refinery,Peru,CID12345,Conformant\nPlatinum,Someone,Peru,CID000777,Active\n"
    with pytest.raises(ImportRefused) as error:
        smelter_reference_import(source=bad, name="bad.csv", as_of=datetime.date(2022, 5, 26))
    reasons = [str(p) for p in error.value.problems]
    assert reasons == [
        "row 5: Smelter ID 'CID12345' is not CID followed by 6 digits",
        "row 6: unknown metal 'Platinum'",
    ]
    assert Smelter.objects.count() == 0 and StatusSnapshot.objects.count() == 0


def test_the_same_file_and_date_with_another_status_is_refused_not_rewritten():
    smelter_reference_import(source=APPENDIX_A, name="appendix.csv", as_of=datetime.date(2022, 5, 26))
    changed = APPENDIX_A.replace(b"CID001482,Active", b"CID001482,Conformant") + b"Gold,New One,Peru,CID000778,Active\n"
    with pytest.raises(ImportRefused, match="cannot be imported"):
        smelter_reference_import(source=changed, name="appendix.csv", as_of=datetime.date(2022, 5, 26))
    assert not Smelter.objects.filter(cid="CID000778").exists()
    assert Smelter.objects.get(cid="CID001482").statuses.get().status == "Active"


def test_the_as_of_date_comes_from_the_file_name():
    named = smelter_reference_import(source=APPENDIX_A, name="rmi_status_2024-05-17.csv")
    assert (named.as_of, named.as_of_origin) == (datetime.date(2024, 5, 17), "the file name")


def test_a_status_list_without_any_date_is_refused_rather_than_dated_today():
    # Dated "today", an old list would outrank every newer status already imported.
    with pytest.raises(ImportRefused, match="carries no date"):
        smelter_reference_import(source=STATUS_LIST_2024, name="status.csv")
    assert StatusSnapshot.objects.count() == 0


def test_a_status_workbook_is_dated_by_the_day_it_was_last_saved():
    workbook = openpyxl.Workbook()
    workbook.active.append(["Metal", "Smelter ID", "Standard Smelter Name", "Country", "RMI Status"])
    workbook.active.append(["Gold", "CID000035", "Agosi AG", "GERMANY", "Conformant"])
    saved = io.BytesIO()
    workbook.save(saved)  # openpyxl stamps "modified" with now: set it as Excel would have
    dated = io.BytesIO()
    with zipfile.ZipFile(saved) as source, zipfile.ZipFile(dated, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "docProps/core.xml":
                data = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*", rb"\g<1>2023-05-28T09:30:00Z", data)
            target.writestr(item, data)

    outcome = smelter_reference_import(source=dated.getvalue(), name="list.xlsx")

    assert (outcome.as_of, outcome.as_of_origin) == (
        datetime.date(2023, 5, 28),
        "the file (the day the workbook was last saved)",
    )


def test_a_file_without_the_needed_columns_is_refused():
    with pytest.raises(ImportRefused, match="no header row"):
        smelter_reference_import(source=b"a,b\n1,2\n", name="x.csv")
    with pytest.raises(ImportRefused, match="status"):
        smelter_reference_import(source=b"metal,smelter id\ngold,CID000019\n", name="x.csv")


@pytest.mark.parametrize(
    ("word", "category"),
    [
        ("Conformant", "conformant"),
        ("Compliant", "conformant"),
        ("Active", "active"),
        ("Non Conformant", "not_enrolled"),
        ("Outreach Required", "not_enrolled"),
        ("Not Enrolled", "not_enrolled"),
        ("Not Sure", "unknown"),
        ("", "unknown"),
    ],
)
def test_status_words_fall_into_appendix_a_categories(word, category):
    from smelters.models import status_category

    assert status_category(word) == category
