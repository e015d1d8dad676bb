"""A supplier's answer to a request: checked like any upload plus the campaign's checks, and the request's
status follows its current declaration (the latest valid submission, else the latest)."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from django.core.files.base import ContentFile
from django.test import TestCase

from surveys import selectors, services
from surveys.models import Submission, SurveyRequest
from tests.cmrt.builders import build_cmrt
from tests.factories import CampaignFactory, SupplierFactory, SurveyRequestFactory

pytestmark = pytest.mark.django_db

INVALID = {"declaration": {"contact_email": None}}


@pytest.fixture
def request_for_example_metals():
    return SurveyRequestFactory(
        supplier=SupplierFactory(name="Example Metals GmbH"),
        status=SurveyRequest.Status.SENT,
        sent_at=datetime(2026, 2, 1, tzinfo=datetime.now().astimezone().tzinfo),
    )


def answer(survey_request, workbook: bytes, name: str = "cmrt.xlsx") -> Submission:
    with TestCase.captureOnCommitCallbacks(execute=True):  # the check runs after the upload commits
        submission = services.request_submission_create(
            survey_request=survey_request, uploaded_file=ContentFile(workbook, name=name), uploaded_by=None
        )
    submission.refresh_from_db()
    survey_request.refresh_from_db()
    return submission


def test_a_valid_declaration_marks_the_request_valid(request_for_example_metals):
    submission = answer(request_for_example_metals, build_cmrt())
    assert submission.status == Submission.Status.VALID and submission.request == request_for_example_metals
    assert request_for_example_metals.status == SurveyRequest.Status.VALID
    assert request_for_example_metals.responded_at == submission.created_at


def test_an_invalid_declaration_marks_the_request_invalid(request_for_example_metals):
    answer(request_for_example_metals, build_cmrt(**INVALID))
    assert request_for_example_metals.status == SurveyRequest.Status.INVALID


def test_a_refused_file_marks_the_request_responded(request_for_example_metals):
    submission = answer(request_for_example_metals, b"not a workbook at all")
    assert submission.status == Submission.Status.REFUSED
    assert request_for_example_metals.status == SurveyRequest.Status.RESPONDED


def test_a_corrected_file_after_an_invalid_one_makes_the_request_valid(request_for_example_metals):
    answer(request_for_example_metals, build_cmrt(**INVALID))
    corrected = answer(request_for_example_metals, build_cmrt())
    assert request_for_example_metals.status == SurveyRequest.Status.VALID
    assert selectors.current_declaration(survey_request=request_for_example_metals) == corrected


def test_an_invalid_file_after_a_valid_one_leaves_the_valid_one_current(request_for_example_metals):
    valid = answer(request_for_example_metals, build_cmrt())
    answer(request_for_example_metals, build_cmrt(**INVALID))
    assert selectors.current_declaration(survey_request=request_for_example_metals) == valid
    assert request_for_example_metals.status == SurveyRequest.Status.VALID


def test_the_same_file_again_in_the_same_request_is_a_duplicate_and_not_a_new_declaration(
    request_for_example_metals,
):
    workbook = build_cmrt()  # built once: two builds a second apart differ in their saved-at stamps
    first = answer(request_for_example_metals, workbook)
    again = answer(request_for_example_metals, workbook)
    assert again.status == Submission.Status.DUPLICATE and again.duplicate_of == first
    assert selectors.current_declaration(survey_request=request_for_example_metals) == first


def test_last_years_file_sent_for_this_years_request_is_checked_again_against_this_campaign(
    request_for_example_metals,
):
    campaign_2025 = CampaignFactory(period_start=date(2025, 1, 1), period_end=date(2025, 12, 31))
    last_year = SurveyRequestFactory(supplier=request_for_example_metals.supplier, campaign=campaign_2025)
    workbook = build_cmrt(declaration={"effective_date": datetime(2025, 10, 1)})
    answer(last_year, workbook)
    this_year = answer(request_for_example_metals, workbook)
    assert this_year.status == Submission.Status.VALID and this_year.duplicate_of is None
    codes = [f["code"] for f in this_year.result["findings"]]
    assert codes == ["campaign.effective_date_outside_period"] and this_year.warning_count == 1


def test_a_template_older_than_the_campaigns_minimum_is_refused_with_the_reason(request_for_example_metals):
    campaign = request_for_example_metals.campaign
    campaign.minimum_version = "6.5"
    campaign.save()
    submission = answer(request_for_example_metals, build_cmrt(version="6.4"))
    assert submission.status == Submission.Status.REFUSED
    [finding] = submission.result["findings"]
    assert finding["code"] == "campaign.version_below_minimum" and "6.5 or newer" in finding["message"]
    assert not submission.supplier.reported_smelters.exists()
    assert request_for_example_metals.status == SurveyRequest.Status.RESPONDED


def test_a_company_name_unlike_the_suppliers_is_a_warning_and_the_declaration_stays_valid():
    survey_request = SurveyRequestFactory(supplier=SupplierFactory(name="Shenzhen Precision Cables Co., Ltd."))
    submission = answer(survey_request, build_cmrt())
    assert submission.status == Submission.Status.VALID and submission.warning_count == 1
    assert [f["code"] for f in submission.result["findings"]] == ["campaign.company_name_differs"]


def test_a_checker_upload_without_a_request_gets_no_campaign_checks():
    with TestCase.captureOnCommitCallbacks(execute=True):
        submission = services.submission_create(
            uploaded_file=ContentFile(build_cmrt(), name="x.xlsx"),
            uploaded_by=None,
            supplier=SupplierFactory(name="Someone Entirely Different"),
        )
    submission.refresh_from_db()
    assert submission.status == Submission.Status.VALID and submission.result["findings"] == []


def test_a_submission_answers_a_declined_request(request_for_example_metals):
    services.request_decline(
        survey_request=request_for_example_metals,
        reason=SurveyRequest.DeclineReason.NO_3TG,
        comment="We make software.",
        by=None,
    )
    request_for_example_metals.refresh_from_db()
    assert request_for_example_metals.status == SurveyRequest.Status.DECLINED
    answer(request_for_example_metals, build_cmrt())
    assert request_for_example_metals.status == SurveyRequest.Status.VALID


def test_opening_the_link_marks_a_sent_request_opened_but_never_moves_a_valid_one_back(request_for_example_metals):
    services.request_opened(survey_request=request_for_example_metals)
    assert request_for_example_metals.status == SurveyRequest.Status.OPENED
    first_opened = request_for_example_metals.opened_at
    answer(request_for_example_metals, build_cmrt())
    services.request_opened(survey_request=request_for_example_metals)
    assert request_for_example_metals.status == SurveyRequest.Status.VALID
    assert request_for_example_metals.opened_at == first_opened
