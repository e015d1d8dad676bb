"""CMRT submissions through the checker page: kept, checked, shown, downloadable only after the access check."""

import json
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts.services import user_create
from core.access import Role
from surveys.models import Submission
from tests.cmrt.builders import build_cmrt
from tests.conftest import REPO_ROOT
from tests.factories import SupplierFactory

pytestmark = pytest.mark.django_db

JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01" + b"\x00" * 2000


@pytest.fixture
def upload(django_capture_on_commit_callbacks):
    """POST a file to the checker; the check queued on commit runs (in-process, as without a broker)."""

    def post(client, data: bytes, name: str = "cmrt.xlsx", **extra):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(reverse("surveys:checker"), {"file": SimpleUploadedFile(name, data), **extra})

    return post


@pytest.fixture
def sam(client, supply_chain_user):
    client.force_login(supply_chain_user)
    return supply_chain_user


def test_a_valid_workbook_is_kept_under_a_random_name_and_shown_as_valid(client, sam, settings, upload):
    workbook = build_cmrt()
    response = upload(client, workbook, name="Example CMRT 2026.xlsx")

    submission = Submission.objects.get()
    assert response.url == reverse("surveys:submission_detail", args=[submission.public_id])
    assert submission.status == Submission.Status.VALID
    assert submission.original_name == "Example CMRT 2026.xlsx"
    assert "Example" not in submission.file.name and submission.file.name.startswith("submissions/")
    assert Path(settings.MEDIA_ROOT, submission.file.name).read_bytes() == workbook
    assert (submission.template, submission.version, submission.company_name) == ("CMRT", "6.4", "Example Metals GmbH")
    assert submission.uploaded_by == sam
    page = client.get(response.url).content.decode()
    assert "This declaration is valid." in page
    assert "Example Metals GmbH" in page


def test_an_invalid_workbook_lists_what_to_correct_with_the_cell(client, sam, upload):
    upload(client, build_cmrt(declaration={"company_name": None, "contact_email": "anna.example.com"}))

    submission = Submission.objects.get()
    assert submission.status == Submission.Status.INVALID
    assert submission.error_count >= 2
    page = client.get(reverse("surveys:submission_detail", args=[submission.public_id])).content.decode()
    assert "must be corrected" in page
    assert "<code>D8</code>" in page and "<code>D16</code>" in page


def test_a_file_that_is_not_a_workbook_is_kept_and_the_page_says_why(client, sam, upload):
    upload(client, JPEG, name="cmrt.xls")

    submission = Submission.objects.get()
    assert submission.status == Submission.Status.REFUSED
    page = client.get(reverse("surveys:submission_detail", args=[submission.public_id])).content.decode()
    assert "This file was not read." in page
    assert "JPEG" in page
    assert client.get(reverse("surveys:submission_download", args=[submission.public_id])).getvalue() == JPEG


def test_an_upload_can_be_filed_under_a_supplier_by_its_code(client, sam, upload):
    supplier = SupplierFactory(supplier_code="SUP-77")
    upload(client, build_cmrt(), supplier="sup-77")
    assert Submission.objects.get().supplier == supplier
    assert b"cmrt.xlsx" in client.get(reverse("suppliers:detail", args=[supplier.public_id])).content


def test_an_upload_can_be_filed_under_a_supplier_by_its_name_or_the_pick_from_the_list(client, sam, upload):
    supplier = SupplierFactory(supplier_code="SUP-78", name="Acme Metals")
    upload(client, build_cmrt(), supplier="acme metals")
    upload(client, build_cmrt(), supplier="SUP-78 — Acme Metals")
    assert [s.supplier for s in Submission.objects.all()] == [supplier, supplier]


def test_the_checker_offers_every_supplier_by_code_and_name_in_a_searchable_list(client, sam):
    SupplierFactory(supplier_code="SUP-79", name="Borealis Tin")
    page = client.get(reverse("surveys:checker")).content.decode()
    assert 'list="supplier-choices"' in page
    assert '<option value="SUP-79 — Borealis Tin">' in page


def test_an_unknown_supplier_keeps_the_file_as_an_unfiled_check_and_says_so(client, sam, upload):
    response = upload(client, build_cmrt(), name="acme 2026.xlsx", supplier="NOPE")
    assert response.status_code == 400
    kept = Submission.objects.get()
    assert kept.supplier is None and kept.status == Submission.Status.VALID
    page = response.content.decode()
    assert "No supplier has the name or code “NOPE”." in page
    assert "acme 2026.xlsx</a> is kept and checked, not yet filed under a supplier" in page
    assert f'name="kept" value="{kept.public_id}"' in page


def test_the_kept_file_is_filed_under_the_supplier_given_next_without_choosing_it_again(
    client, sam, upload, django_capture_on_commit_callbacks
):
    upload(client, build_cmrt(), supplier="NOPE")
    kept = Submission.objects.get()
    supplier = SupplierFactory(supplier_code="SUP-80")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("surveys:checker"), {"supplier": "SUP-80", "kept": str(kept.public_id)})
    assert response.url == reverse("surveys:submission_detail", args=[kept.public_id])
    kept.refresh_from_db()
    assert kept.supplier == supplier
    assert Submission.objects.count() == 1
    assert supplier.reported_smelters.filter(source_ref=kept.public_id).exists()


def test_another_users_check_cannot_be_filed_through_the_kept_field(client, sam, upload):
    other = user_create(email="bo@example.com", password="pw-123456!", roles=[Role.SUPPLY_CHAIN])
    client.force_login(other)
    upload(client, build_cmrt(), supplier="NOPE")
    kept = Submission.objects.get()
    client.force_login(sam)
    SupplierFactory(supplier_code="SUP-81")
    response = client.post(reverse("surveys:checker"), {"supplier": "SUP-81", "kept": str(kept.public_id)})
    assert response.status_code == 404
    kept.refresh_from_db()
    assert kept.supplier is None


def test_earlier_checks_are_paged_and_searchable_by_file_and_supplier(client, sam, django_assert_num_queries):
    acme = SupplierFactory(name="Acme Metals", supplier_code="SUP-82")
    for n in range(25):
        Submission.objects.create(original_name=f"file {n:02d}.xlsx", supplier=acme if n == 3 else None, size=1)
    first = client.get(reverse("surveys:checker")).content.decode()
    assert "25 checks" in first and "Page 1 of 2" in first
    assert "file 24.xlsx" in first and "file 04.xlsx" not in first
    assert "file 04.xlsx" in client.get(reverse("surveys:checker"), {"page": 2}).content.decode()
    found = client.get(reverse("surveys:checker"), {"q": "acme"}).content.decode()
    assert "file 03.xlsx" in found and "file 04.xlsx" not in found and "1 check" in found
    assert "file 11.xlsx" in client.get(reverse("surveys:checker"), {"q": "file 11"}).content.decode()
    with django_assert_num_queries(8):
        client.get(reverse("surveys:checker"))
    for n in range(5):
        Submission.objects.create(original_name=f"more {n}.xlsx", supplier=SupplierFactory(), size=1)
    with django_assert_num_queries(8):
        client.get(reverse("surveys:checker"))


def test_an_empty_file_is_refused_with_the_reason(client, sam, upload):
    response = upload(client, b"")
    assert response.status_code == 400
    assert Submission.objects.count() == 0


def test_the_status_endpoint_reports_when_the_check_is_done(client, sam, upload):
    upload(client, build_cmrt())
    code = Submission.objects.get().public_id
    assert client.get(reverse("surveys:submission_status", args=[code])).json() == {"status": "valid", "done": True}


@pytest.mark.parametrize("view", ["submission_detail", "submission_status", "submission_download"])
@pytest.mark.parametrize(
    ("who", "status"),
    [("supply_chain_user", 200), ("legal_user", 200), ("roleless_user", 403), ("supplier_user", 403), (None, 302)],
)
def test_submission_pages_follow_the_access_matrix(client, request, supply_chain_user, view, who, status, upload):
    client.force_login(supply_chain_user)
    upload(client, build_cmrt())
    client.logout()
    if who:
        client.force_login(request.getfixturevalue(who))
    assert client.get(reverse(f"surveys:{view}", args=[Submission.objects.get().public_id])).status_code == status


def test_cmrt_inspect_prints_one_json_document_per_file_and_exits_2_on_a_refusal(tmp_path):
    good, bad = tmp_path / "good.xlsx", tmp_path / "bad.xls"
    good.write_bytes(build_cmrt())
    bad.write_bytes(JPEG)

    run = subprocess.run(
        [sys.executable, "manage.py", "cmrt_inspect", str(good), str(bad), "--json"],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )

    lines = run.stdout.strip().splitlines()
    assert run.returncode == 2, run.stderr
    first, second = (json.loads(line) for line in lines)
    assert (first["template"], first["version"], first["valid"]) == ("CMRT", "6.4", True)
    assert first["declaration"]["company_name"] == "Example Metals GmbH"
    assert second["valid"] is False and second["findings"][0]["code"] == "file.not_a_spreadsheet"


def test_cmrt_inspect_exits_0_for_a_workbook_that_was_read_even_if_invalid(tmp_path):
    path = tmp_path / "invalid.xlsx"
    path.write_bytes(build_cmrt(declaration={"company_name": None}))
    run = subprocess.run(
        [sys.executable, "manage.py", "cmrt_inspect", str(path), "--json"],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 0, run.stderr
    assert json.loads(run.stdout)["valid"] is False


def test_the_smelter_rows_of_a_suppliers_submission_are_handed_to_the_matcher(client, sam, upload):
    from smelters.models import ReportedSmelter
    from tests.cmrt.builders import CHONGYI, XIAMEN

    supplier = SupplierFactory(supplier_code="SUP-9")
    not_yet = {"metal": "Tungsten", "lookup_name": "Smelter not yet identified"}
    upload(client, build_cmrt(smelters=[XIAMEN, CHONGYI, not_yet]), supplier="SUP-9")

    submission = Submission.objects.get()
    rows = ReportedSmelter.objects.filter(source_ref=submission.public_id).order_by("row_number")
    assert [(r.supplier, r.row_number, r.cid_as_typed, r.metal) for r in rows] == [
        (supplier, 5, "CID002082", "tungsten"),
        (supplier, 6, "CID000258", "tungsten"),
    ]
    assert all(hasattr(r, "match") for r in rows)


def test_a_workbook_checked_without_a_supplier_records_no_smelter_rows(client, sam, upload):
    from smelters.models import ReportedSmelter

    upload(client, build_cmrt())
    assert ReportedSmelter.objects.count() == 0


def test_checking_a_submission_again_replaces_its_smelter_rows_instead_of_adding_more(client, sam, upload):
    from smelters.models import ReportedSmelter
    from surveys.services import submission_validate

    SupplierFactory(supplier_code="SUP-9")
    upload(client, build_cmrt(), supplier="SUP-9")
    before = ReportedSmelter.objects.count()
    submission_validate(submission=Submission.objects.get())
    assert ReportedSmelter.objects.count() == before > 0


def test_on_the_page_a_finding_drops_the_location_prefix_that_the_cell_badge_already_shows():
    from surveys.presentation import _without_location

    assert _without_location("Declaration tab, cell D8: the company name is empty.") == "The company name is empty."
    assert _without_location("Smelter List tab, row 39: the smelter e-mail is bad.") == "The smelter e-mail is bad."
    assert _without_location("Smelter List tab: Tin is in scope.") == "Tin is in scope."
    assert _without_location("This file is a JPEG image.") == "This file is a JPEG image."


def test_the_same_finding_on_several_rows_is_shown_once_with_all_its_rows():
    from surveys.presentation import _group

    same = {
        "code": "smelter.contact_email.malformed",
        "severity": "warning",
        "sheet": "Smelter List",
        "cell": "L45",
        "row": 45,
        "metal": "gold",
        "message": "Smelter List tab, row 45: the smelter contact e-mail 'n/a' is not a valid address.",
    }
    findings = [same, {**same, "cell": "L39", "row": 39}, {**same, "code": "other", "message": "Other."}]

    [group] = _group(findings)

    assert [(f["code"], f["places"]) for f in group.findings] == [
        ("smelter.contact_email.malformed", ["L39", "L45"]),
        ("other", ["L45"]),
    ]


def test_the_checker_page_runs_a_fixed_number_of_queries_however_many_checks_are_listed(client, sam, upload):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def page_queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse("surveys:checker")).status_code == 200
        return len(captured)

    supplier = SupplierFactory(supplier_code="SUP-Q")
    upload(client, build_cmrt(), supplier="SUP-Q")
    few = page_queries()
    for _ in range(5):
        upload(client, build_cmrt(), supplier=supplier.supplier_code)
    assert page_queries() == few


def test_the_smelter_page_links_each_reporting_supplier_to_the_submission_behind_it(client, sam, upload):
    from tests.cmrt.builders import XIAMEN
    from tests.smelters.factories import SmelterFactory

    xiamen = SmelterFactory(metal="tungsten", cid="CID002082", standard_name="Xiamen Tungsten Co., Ltd.")
    SupplierFactory(supplier_code="SUP-9")
    upload(client, build_cmrt(smelters=[XIAMEN]), name="2025 CMRT.xlsx", supplier="SUP-9")

    page = client.get(reverse("smelters:detail", args=[xiamen.public_id])).content.decode()

    submission = Submission.objects.get()
    assert f'href="{reverse("surveys:submission_detail", args=[submission.public_id])}"' in page
    assert "2025 CMRT.xlsx" in page


def test_the_submission_page_shows_the_scope_in_words_the_metals_in_scope_and_each_rows_smelter(client, sam, upload):
    from smelters.models import StatusSnapshot
    from tests.cmrt.builders import CHONGYI, XIAMEN
    from tests.smelters.factories import SmelterFactory

    xiamen = SmelterFactory(metal="tungsten", cid="CID002082", standard_name="Xiamen Tungsten Co., Ltd.")
    StatusSnapshot.objects.create(smelter=xiamen, status="Conformant", category="conformant",
                                  as_of=date(2024, 1, 1), source_name="list.csv")  # fmt: skip
    SupplierFactory(supplier_code="SUP-9")
    upload(client, build_cmrt(smelters=[XIAMEN, CHONGYI]), supplier="SUP-9")

    response = client.get(reverse("surveys:submission_detail", args=[Submission.objects.get().public_id]))

    page = response.content.decode()
    report = response.context["report"]
    assert "A. Company" in page
    assert report.in_scope == {"tantalum": False, "tin": False, "gold": False, "tungsten": True}
    matched = {row["row"]: row["matched"] for row in report.smelters}
    assert matched[5].match.smelter == xiamen and matched[5].status.status == "Conformant"
    assert matched[6].match.smelter is None  # Chongyi is not in this reference list
    assert f'href="{reverse("smelters:detail", args=[xiamen.public_id])}"' in page
    assert '<span class="badge ok" title="RMAP status">Conformant</span>' in page


def test_a_check_only_upload_shows_no_matching_column(client, sam, upload):
    upload(client, build_cmrt())
    response = client.get(reverse("surveys:submission_detail", args=[Submission.objects.get().public_id]))
    assert response.context["report"].has_matches is False
    assert "Matched smelter" not in response.content.decode()


def test_a_valid_declaration_with_warnings_counts_them_and_says_they_do_not_invalidate_it(client, sam, upload):
    upload(client, build_cmrt(declaration={"contact_email": "anna,example@example.com"}))
    submission = Submission.objects.get()
    assert (submission.status, submission.error_count, submission.warning_count) == ("valid", 0, 1)
    page = client.get(reverse("surveys:submission_detail", args=[submission.public_id])).content.decode()
    assert "they do not make the declaration invalid" in page or "it does not make the declaration invalid" in page


def test_a_check_that_ends_after_the_file_was_filed_keeps_the_supplier_and_records_its_smelters(sam):
    from django.core.files.base import ContentFile

    from surveys import services

    # Queued, not yet run (the on-commit callback is not executed): the check starts from this row.
    running = services.submission_create(uploaded_file=ContentFile(build_cmrt(), name="x.xlsx"), uploaded_by=sam)
    supplier = SupplierFactory()
    services.submission_file_under(submission=Submission.objects.get(id=running.id), supplier=supplier)

    services.submission_validate(submission=running)  # its copy still says "no supplier"

    running.refresh_from_db()
    assert running.supplier == supplier and running.status == Submission.Status.VALID
    assert supplier.reported_smelters.filter(source_ref=running.public_id).exists()
