"""`campaign_open` and `cmrt_submit`: the command line does what the pages do, and says why when it cannot."""

from __future__ import annotations

import io

import pytest
from django.core import mail
from django.core.management import CommandError, call_command

from surveys.models import Campaign, Submission, SurveyRequest
from tests.cmrt.builders import build_cmrt
from tests.factories import CampaignFactory, ContactFactory, SupplierFactory, SurveyRequestFactory

# Real commits: the check runs after the upload commits, as it does when the command runs for real.
pytestmark = pytest.mark.django_db(transaction=True)

DATES = ["--period-start", "2026-01-01", "--period-end", "2026-12-31", "--due", "2027-03-31"]


def campaign_open(*args: str) -> str:
    out = io.StringIO()
    call_command("campaign_open", *args, stdout=out)
    return out.getvalue()


def cmrt_submit(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("cmrt_submit", *args, stdout=out, stderr=err)
    except SystemExit as exit_:
        return int(exit_.code or 0), out.getvalue(), err.getvalue()
    return 0, out.getvalue(), err.getvalue()


def test_campaign_open_prints_the_number_of_requests_and_e_mails_each_supplier():
    for _ in range(3):
        ContactFactory()
    assert campaign_open("--name", "CMRT 2026", *DATES).strip() == "3 requests"
    assert Campaign.objects.get().status == Campaign.Status.OPEN
    assert len(mail.outbox) == 3


def test_campaign_open_with_a_list_of_codes_and_no_email_sends_nothing():
    ContactFactory(supplier=SupplierFactory(supplier_code="A-1"))
    ContactFactory(supplier=SupplierFactory(supplier_code="B-2"))
    ContactFactory()
    assert campaign_open("--name", "Two", *DATES, "--suppliers", "A-1,b-2", "--no-email").strip() == "2 requests"
    assert mail.outbox == []
    assert set(SurveyRequest.objects.values_list("status", flat=True)) == {SurveyRequest.Status.NOT_SENT}


@pytest.mark.parametrize(
    "args, reason",
    [
        (["--period-start", "2026-13-01", "--period-end", "2026-12-31", "--due", "2027-03-31"], "not a date"),
        (["--period-start", "2026-12-31", "--period-end", "2026-01-01", "--due", "2027-03-31"], "end after"),
        (["--period-start", "2026-01-01", "--period-end", "2026-12-31", "--due", "2025-12-01"], "due date"),
        ([*DATES, "--suppliers", "A-1,NOPE-1"], "NOPE-1"),
    ],
)
def test_campaign_open_refuses_bad_input_with_the_reason_and_creates_nothing(args, reason):
    SupplierFactory(supplier_code="A-1")
    with pytest.raises(CommandError, match=reason):
        campaign_open("--name", "Bad", *args)
    assert not Campaign.objects.exists()


def test_campaign_open_refuses_a_name_already_taken_and_leaves_the_existing_campaign_alone():
    SupplierFactory()
    existing = CampaignFactory(name="CMRT 2026")
    with pytest.raises(CommandError, match="exists already"):
        campaign_open("--name", "cmrt 2026", *DATES)
    assert list(Campaign.objects.all()) == [existing]


def test_campaign_open_without_any_supplier_in_scope_says_so_and_leaves_no_draft():
    SupplierFactory(in_scope=False)
    with pytest.raises(CommandError, match="No supplier"):
        campaign_open("--name", "Empty", *DATES)
    assert not Campaign.objects.exists()


@pytest.fixture
def asked(tmp_path):
    survey_request = SurveyRequestFactory(
        campaign=CampaignFactory(name="CMRT 2026"), supplier=SupplierFactory(supplier_code="SUP-1",
                                                                             name="Example Metals GmbH")
    )  # fmt: skip
    return survey_request


def workbook(tmp_path, data: bytes, name: str = "answer.xlsx") -> str:
    path = tmp_path / name
    path.write_bytes(data)
    return str(path)


def test_cmrt_submit_stores_a_valid_file_as_an_upload_would_and_prints_valid(asked, tmp_path):
    status, out, _ = cmrt_submit("--campaign", "CMRT 2026", "--supplier", "sup-1", workbook(tmp_path, build_cmrt()))
    assert status == 0 and "valid (0 warnings)" in out
    submission = Submission.objects.get()
    assert (submission.request, submission.supplier, submission.original_name) == (asked, asked.supplier,
                                                                                    "answer.xlsx")  # fmt: skip
    assert asked.supplier.reported_smelters.filter(source_ref=submission.public_id).exists()
    asked.refresh_from_db()
    assert asked.status == SurveyRequest.Status.VALID


def test_cmrt_submit_prints_invalid_with_the_error_count_and_exits_0(asked, tmp_path):
    data = build_cmrt(declaration={"contact_email": None, "contact_phone": None})
    status, out, _ = cmrt_submit("--campaign", "CMRT 2026", "--supplier", "SUP-1", workbook(tmp_path, data))
    assert status == 0 and "invalid (2 errors" in out


def test_cmrt_submit_exits_2_for_a_file_that_is_not_a_workbook(asked, tmp_path):
    status, _, err = cmrt_submit("--campaign", "CMRT 2026", "--supplier", "SUP-1", workbook(tmp_path, b"hello"))
    assert status == 2 and "refused" in err
    assert Submission.objects.get().status == Submission.Status.REFUSED  # kept, as an upload would be


def test_cmrt_submit_exits_2_for_a_template_older_than_the_campaigns_minimum(asked, tmp_path):
    Campaign.objects.filter(id=asked.campaign_id).update(minimum_version="6.5")
    data = build_cmrt(version="6.4")
    status, _, err = cmrt_submit("--campaign", "CMRT 2026", "--supplier", "SUP-1", workbook(tmp_path, data))
    assert status == 2 and "6.5 or newer" in err


def test_cmrt_submit_exits_2_for_an_empty_file(asked, tmp_path):
    status, _, err = cmrt_submit("--campaign", "CMRT 2026", "--supplier", "SUP-1", workbook(tmp_path, b""))
    assert status == 2 and "empty" in err
    assert not Submission.objects.exists()


@pytest.mark.parametrize(
    "campaign, supplier, reason",
    [
        ("No such", "SUP-1", "no campaign"),
        ("CMRT 2026", "SUP-404", "no supplier"),
        ("CMRT 2026", "SUP-2", "no request"),
    ],
)
def test_cmrt_submit_exits_1_for_an_unknown_campaign_or_supplier_or_one_not_asked(
    asked, tmp_path, campaign, supplier, reason
):
    SupplierFactory(supplier_code="SUP-2")
    status, _, err = cmrt_submit("--campaign", campaign, "--supplier", supplier, workbook(tmp_path, build_cmrt()))
    assert status == 1 and reason in err
    assert not Submission.objects.exists()
