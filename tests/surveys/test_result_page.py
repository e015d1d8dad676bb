"""The result page of a checked CMRT: the risk the smelter pages know, the supplier's comments, findings
counted as listed, and the same file filed twice shown as one declaration."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from smelters.models import StatusSnapshot
from surveys.models import Submission
from tests.cmrt.builders import CHONGYI, XIAMEN, build_cmrt
from tests.factories import SupplierFactory
from tests.smelters.factories import SmelterFactory

pytestmark = pytest.mark.django_db

RWANDA_ROW = {
    "metal": "Tungsten",
    "lookup_name": "Smelter not listed",
    "name": "Kigali Wolfram Ltd.",
    "country": "RWANDA",
    "smelter_id": "CID009001",
}


@pytest.fixture
def upload(django_capture_on_commit_callbacks):
    def post(client, data: bytes, name: str = "cmrt.xlsx", **extra):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(reverse("surveys:checker"), {"file": SimpleUploadedFile(name, data), **extra})

    return post


@pytest.fixture
def sam(client, supply_chain_user):
    client.force_login(supply_chain_user)
    return supply_chain_user


def _status(smelter, word: str, category: str) -> None:
    StatusSnapshot.objects.create(
        smelter=smelter, status=word, category=category, as_of=date.today(), source_name="list.csv"
    )


def _page(client, submission: Submission | None = None):
    submission = submission or Submission.objects.get()
    return client.get(reverse("surveys:submission_detail", args=[submission.public_id]))


# -- risk on each smelter row ------------------------------------------------------------------------
def test_each_smelter_row_shows_the_matched_smelters_name_status_and_the_smelter_pages_risk_flags(client, sam, upload):
    xiamen = SmelterFactory(metal="tungsten", cid="CID002082", standard_name="Xiamen Tungsten Co., Ltd.",
                            country="CHINA")  # fmt: skip
    kigali = SmelterFactory(metal="tungsten", cid="CID009001", standard_name="Kigali Wolfram", country="RWANDA")
    _status(xiamen, "Conformant", "conformant")
    _status(kigali, "Not Enrolled", "not_enrolled")
    SupplierFactory(supplier_code="SUP-1")
    upload(client, build_cmrt(smelters=[XIAMEN, RWANDA_ROW]), supplier="SUP-1")

    response = _page(client)

    rows = {row["row"]: row["matched"] for row in response.context["report"].smelters}
    assert rows[5].risks == []
    assert set(rows[6].risks) == {"covered_country", "not_conformant_or_active"}
    page = response.content.decode()
    assert "Kigali Wolfram</a>" in page and "Xiamen Tungsten Co., Ltd.</a>" in page
    assert "In a Covered Country</span>" in page and "Not Conformant or Active</span>" in page
    assert '<span class="badge warn" title="RMAP status">Not Enrolled</span>' in page


def test_the_risk_summary_counts_smelter_rows_per_flag_and_marks_question_3_yes_and_unknown(client, sam, upload):
    kigali = SmelterFactory(metal="tungsten", cid="CID009001", standard_name="Kigali Wolfram", country="RWANDA")
    _status(kigali, "Active", "active")
    SupplierFactory(supplier_code="SUP-1")
    workbook = build_cmrt(smelters=[RWANDA_ROW, CHONGYI], questions={"tungsten": {"3": "Unknown", "4": "No"}})
    upload(client, workbook, supplier="SUP-1")

    response = _page(client)

    report = response.context["report"]
    assert report.risky_answers == [("3", "Unknown", "Tungsten")]
    assert [(flag, n) for flag, _label, n in report.risk_counts] == [("covered_country", 1)]
    assert report.unmatched_rows == 1  # Chongyi is not in the reference list
    page = response.content.decode()
    assert "Question 3 is answered “Unknown” for Tungsten." in page
    [q3] = [answers for n, _text, answers in report.questions if n == "3"]
    assert [a.risky for a in q3] == [False, False, False, True]


def test_the_same_risky_answer_for_several_metals_is_one_line_naming_them(client, sam, upload):
    yes = {"1": "Yes", "2": "Yes", "3": "Yes", "4": "No", "5": "No", "6": "100%", "7": "Yes", "8": "Yes"}
    upload(client, build_cmrt(questions={"tin": yes, "gold": yes}, smelters=[XIAMEN, {**XIAMEN, "metal": "Tin"},
                                                                           {**XIAMEN, "metal": "Gold"}]))  # fmt: skip

    page = _page(client).content.decode()

    assert "Question 3 is answered “Yes” for Tin and Gold." in page


def test_a_question_3_no_is_no_risk():
    from surveys.presentation import RISKY_ANSWERS, Answer

    assert "No" not in RISKY_ANSWERS["3"]
    assert Answer("No").risky is False


def test_the_comments_given_to_questions_1_to_8_and_a_to_h_are_shown(client, sam, upload):
    def comments(wb):
        wb["Declaration"]["G41"] = "Our tin passes through Rwanda"

    upload(
        client,
        build_cmrt(
            questions={"tungsten": {"3": "Yes"}},
            company={"A": ("Yes", "Policy signed by the board in 2023")},
            tweak=comments,
        ),
    )

    page = _page(client).content.decode()

    assert "Our tin passes through Rwanda" in page
    assert "Policy signed by the board in 2023" in page


def test_the_result_page_runs_a_fixed_number_of_queries_however_many_smelter_rows_it_shows(client, sam, upload):
    smelters = [
        SmelterFactory(metal="tungsten", cid=f"CID0090{n:02d}", standard_name=f"W Smelter {n}", country="RWANDA")
        for n in range(12)
    ]
    for smelter in smelters:
        _status(smelter, "Active", "active")
    SupplierFactory(supplier_code="SUP-1")

    def queries(rows: int) -> int:
        Submission.objects.all().delete()
        workbook = build_cmrt(smelters=[{**RWANDA_ROW, "name": s.standard_name, "smelter_id": s.cid}
                                        for s in smelters[:rows]])  # fmt: skip
        upload(client, workbook, supplier="SUP-1")
        with CaptureQueriesContext(connection) as captured:
            response = _page(client)
        assert len(response.context["report"].smelters) == rows
        return len(captured)

    assert queries(1) == queries(12)


# -- before any reference data ---------------------------------------------------------------------
def test_before_any_smelter_reference_data_the_page_says_so_instead_of_not_matched_on_every_row(client, sam, upload):
    SupplierFactory(supplier_code="SUP-1")
    upload(client, build_cmrt(smelters=[XIAMEN, CHONGYI]), supplier="SUP-1")

    response = _page(client)

    page = response.content.decode()
    assert "No smelter reference list has been imported yet" in page
    assert "not matched" not in page
    assert response.context["report"].unmatched_rows == 0


def test_a_check_without_a_supplier_matches_nothing_so_it_has_no_reference_notice(client, sam, upload):
    upload(client, build_cmrt(smelters=[XIAMEN]))

    page = _page(client).content.decode()

    assert "No smelter reference list has been imported yet" not in page


def test_once_reference_data_exists_the_notice_is_gone(client, sam, upload):
    SmelterFactory(metal="tungsten", cid="CID002082", standard_name="Xiamen Tungsten Co., Ltd.")
    SupplierFactory(supplier_code="SUP-1")
    upload(client, build_cmrt(smelters=[XIAMEN, CHONGYI]), supplier="SUP-1")

    page = _page(client).content.decode()

    assert "No smelter reference list has been imported yet" not in page
    assert "not matched" in page  # Chongyi, really unmatched


# -- findings ------------------------------------------------------------------------------------------
def test_the_findings_heading_counts_the_lines_shown_and_says_how_many_findings_they_stand_for(client, sam, upload):
    bad = {**XIAMEN, "contact_email": "see website"}
    upload(client, build_cmrt(smelters=[bad, {**CHONGYI, "contact_email": "see website"}]))

    response = _page(client)

    report = response.context["report"]
    assert (report.warning_lines, report.warning_findings) == (1, 2)
    page = response.content.decode()
    assert '<span class="badge warn">1</span>' in page
    assert "2 findings on 1 line<" in page
    assert "There is 1 point worth a look below" in page


def test_repeats_of_a_smelter_are_one_line_naming_every_row(client, sam, upload):
    upload(client, build_cmrt(smelters=[XIAMEN, XIAMEN, CHONGYI, XIAMEN]))

    report = _page(client).context["report"]

    [line] = [f for g in report.warnings for f in g.findings if f["code"] == "smelter.duplicate"]
    assert line["display"].startswith("Rows 5, 6 and 8 list the same Tungsten smelter")


def test_the_rule_code_is_a_quiet_detail_outside_the_sentence(client, sam, upload):
    upload(client, build_cmrt(declaration={"contact_email": "anna,example@example.com"}))

    page = _page(client).content.decode()

    assert '<span class="text">The contact e-mail' in page
    assert '<small class="muted code"' in page and "Rule company.contact_email.malformed</small>" in page


# -- the same file filed twice ----------------------------------------------------------------------
def test_the_same_file_filed_twice_for_one_supplier_is_kept_and_linked_to_the_first_without_new_smelter_rows(
    client, sam, upload
):
    from smelters.models import ReportedSmelter

    SupplierFactory(supplier_code="SUP-1")
    workbook = build_cmrt(smelters=[XIAMEN, CHONGYI])
    upload(client, workbook, name="2025 CMRT.xlsx", supplier="SUP-1")
    upload(client, workbook, name="2025 CMRT (1).xlsx", supplier="SUP-1")

    first, again = Submission.objects.order_by("created_at")
    assert again.duplicate_of == first and again.status == "duplicate"
    assert again.file.name != first.file.name and again.file.read() == workbook  # every file is kept
    assert ReportedSmelter.objects.count() == 2  # the rows of the first upload only
    assert set(ReportedSmelter.objects.values_list("source_ref", flat=True)) == {first.public_id}


def test_the_smelter_page_counts_a_supplier_who_filed_the_same_file_twice_once(client, sam, upload):
    from smelters.selectors import smelter_reporting_suppliers

    xiamen = SmelterFactory(metal="tungsten", cid="CID002082", standard_name="Xiamen Tungsten Co., Ltd.")
    SupplierFactory(supplier_code="SUP-1")
    workbook = build_cmrt(smelters=[XIAMEN])
    upload(client, workbook, supplier="SUP-1")
    upload(client, workbook, supplier="SUP-1")

    [reporting] = smelter_reporting_suppliers(smelter=xiamen)
    assert reporting.rows == 1 and len(reporting.sources) == 1
    page = client.get(reverse("smelters:detail", args=[xiamen.public_id])).content.decode()
    assert "2 rows" not in page


def test_the_second_uploads_page_says_it_is_the_same_file_and_shows_the_first_check(client, sam, upload):
    SupplierFactory(supplier_code="SUP-1")
    workbook = build_cmrt(declaration={"contact_email": "anna,example@example.com"})
    upload(client, workbook, supplier="SUP-1")
    upload(client, workbook, supplier="SUP-1")
    first, again = Submission.objects.order_by("created_at")

    response = _page(client, again)

    page = response.content.decode()
    filed = timezone.localtime(first.created_at)
    assert f"This is the same file as the one filed on {filed:%-d %B %Y, %H:%M}; nothing new to check." in page
    assert f'href="{reverse("surveys:submission_detail", args=[first.public_id])}"' in page
    assert response.context["report"].warning_lines == 1  # the first upload's check
    assert (again.error_count, again.warning_count) == (0, 1)  # lists show the declaration's counts


def test_the_same_file_for_another_supplier_or_a_changed_file_is_checked_on_its_own(client, sam, upload):
    SupplierFactory(supplier_code="SUP-1")
    SupplierFactory(supplier_code="SUP-2")
    workbook = build_cmrt()
    upload(client, workbook, supplier="SUP-1")
    upload(client, workbook, supplier="SUP-2")
    upload(client, build_cmrt(declaration={"contact_name": "Anna Other"}), supplier="SUP-1")
    upload(client, workbook)  # checked without a supplier: records nothing, so never a duplicate

    assert not Submission.objects.filter(duplicate_of__isnull=False).exists()
    assert set(Submission.objects.values_list("status", flat=True)) == {"valid"}


def test_a_file_whose_first_check_failed_on_our_side_is_checked_again(client, sam, upload):
    SupplierFactory(supplier_code="SUP-1")
    workbook = build_cmrt()
    upload(client, workbook, supplier="SUP-1")
    Submission.objects.update(status="failed")
    upload(client, workbook, supplier="SUP-1")

    again = Submission.objects.order_by("created_at").last()
    assert again.duplicate_of is None and again.status == "valid"
