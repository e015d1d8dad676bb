"""A campaign whose answers are known, built from CMRTs made in code and filed through the services."""

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from smelters.models import Metal
from surveys.models import SurveyRequest
from surveys.services import request_submission_create
from surveys.services.requests import request_decline
from tests.cmrt.builders import build_cmrt
from tests.factories import CampaignFactory, ContactFactory, SupplierFactory, SurveyRequestFactory
from tests.smelters.factories import SmelterFactory, StatusSnapshotFactory

STATUS_DATE = date(2027, 2, 1)
ALL_ANSWERED = {"1": "Yes", "2": "Yes", "3": "No", "4": "No", "5": "No", "6": "100%", "7": "Yes", "8": "Yes"}


def row(metal, cid, name, country="CHINA", lookup=None):
    return {"metal": metal, "lookup_name": lookup or name, "name": name, "country": country, "smelter_id": cid}


@pytest.fixture
def file_cmrt(django_capture_on_commit_callbacks):
    def file(survey_request, data, name="cmrt.xlsx"):
        with django_capture_on_commit_callbacks(execute=True):
            submission = request_submission_create(
                survey_request=survey_request, uploaded_file=SimpleUploadedFile(name, data), uploaded_by=None
            )
        submission.refresh_from_db()
        return submission

    return file


@pytest.fixture
def known(db, file_cmrt):
    """Seven suppliers, six of them surveyed in "CMRT 2026"; the answers are spelled out where they are made."""
    gold = SmelterFactory(metal=Metal.GOLD, cid="CID900001", standard_name="Golden Refinery AG", country="SWITZERLAND")
    tin = SmelterFactory(metal=Metal.TIN, cid="CID900002", standard_name="Tin Works Sdn Bhd", country="MALAYSIA")
    xiamen = SmelterFactory(
        metal=Metal.TUNGSTEN, cid="CID002082", standard_name="Xiamen Tungsten Co., Ltd.", country="CHINA"
    )
    outreach = SmelterFactory(
        metal=Metal.TUNGSTEN, cid="CID900003", standard_name="Wolfram Outreach Ltd", country="VIET NAM"
    )
    tantalum = SmelterFactory(metal=Metal.TANTALUM, cid="CID900004", standard_name="Tantal Old GmbH", country="GERMANY")
    StatusSnapshotFactory(smelter=outreach, status="Outreach Required", as_of=date(2026, 6, 1))
    StatusSnapshotFactory(smelter=tantalum, status="Conformant", as_of=date(2026, 6, 1))
    StatusSnapshotFactory(smelter=gold, status="Conformant", as_of=date(2026, 6, 1))
    StatusSnapshotFactory(smelter=tin, status="Active", as_of=date(2026, 6, 1))
    StatusSnapshotFactory(smelter=xiamen, status="Conformant", as_of=date(2026, 6, 1))
    # After the status date: must not count.
    StatusSnapshotFactory(smelter=xiamen, status="Non Conformant", as_of=date(2027, 3, 1))

    campaign = CampaignFactory(name="CMRT 2026", status="open", opened_at=timezone.now())
    sent = datetime(2026, 11, 2, 9, tzinfo=UTC)

    def supplier(name, spend, surveyed=True):
        s = SupplierFactory(name=name, annual_spend=Decimal(spend))
        ContactFactory(supplier=s)
        if surveyed:
            return SurveyRequestFactory(campaign=campaign, supplier=s, status=SurveyRequest.Status.SENT, sent_at=sent)
        return s

    alpha, bravo, charlie, delta, echo, golf = (
        supplier(n, 100) for n in ("Alpha", "Bravo", "Charlie", "Delta", "Echo", "Golf")
    )
    supplier("Foxtrot (not surveyed)", 300, surveyed=False)
    gold_and_tungsten = {"gold": ALL_ANSWERED, "tungsten": ALL_ANSWERED}

    # Alpha: valid, company-wide, gold and tungsten in scope (tantalum and tin declared out of scope),
    # everything answered, a full programme; names the gold refinery and Xiamen.
    a = file_cmrt(
        alpha,
        build_cmrt(
            questions=gold_and_tungsten,
            smelters=[
                row("Gold", "CID900001", "Golden Refinery AG", "SWITZERLAND"),
                row("Tungsten", "CID002082", "Xiamen Tungsten Co., Ltd."),
            ],
        ),
    )
    # Bravo resubmitted: first a file without a company name (invalid), then a valid one for a product
    # scope, Q6 75% and Q3 "Unknown" for tungsten, no corrective action (G "No"); it names Xiamen too
    # (a smelter named by several suppliers) and a name that matches no known SOR.
    # (The first file names a tantalum refinery, which no current declaration names.)
    b1 = file_cmrt(
        bravo,
        build_cmrt(
            declaration={"company_name": None},
            questions={"tantalum": ALL_ANSWERED},
            smelters=[row("Tantalum", "CID900004", "Tantal Old GmbH", "GERMANY")],
        ),
        name="first.xlsx",
    )
    b2 = file_cmrt(
        bravo,
        build_cmrt(
            declaration={"scope": "C. User defined", "scope_description": "Our connectors"},
            questions={"tungsten": {"3": "Unknown", "6": "Greater than 75%"}},
            company={"G": ("No", None)},
            smelters=[
                row("Tungsten", "CID002082", "Xiamen Tungsten Co., Ltd."),
                row("Tungsten", "CID900003", "Wolfram Outreach Ltd", "VIET NAM"),
                row("Tungsten", None, "Mystery Smelting Works", "PERU", lookup="Smelter not listed"),
            ],
        ),
        name="second.xlsx",
    )
    # Charlie only sent invalid files (no company name); the latest is its current declaration, tin in
    # scope, naming the tin smelter and a smelter not yet identified.
    file_cmrt(charlie, build_cmrt(declaration={"company_name": None}), name="c1.xlsx")
    c2 = file_cmrt(
        charlie,
        build_cmrt(
            declaration={"company_name": None},
            questions={"tin": ALL_ANSWERED, "tungsten": {"1": "No", "2": None}},
            smelters=[
                row("Tin", "CID900002", "Tin Works Sdn Bhd", "MALAYSIA"),
                {"metal": "Tin", "lookup_name": "Smelter not yet identified"},
            ],
        ),
        name="c2.xlsx",
    )
    # Delta declined (no 3TG); Echo never answered.
    request_decline(survey_request=delta, reason=SurveyRequest.DeclineReason.NO_3TG, comment="", by=None)
    # Golf: every metal declared out of scope, no smelters, no programme answered "Yes" (not weak: no metal in scope).
    g = file_cmrt(
        golf,
        build_cmrt(
            questions={"tungsten": {"1": "No", "2": None, **dict.fromkeys("345678")}},
            company={"A": ("No", None), "D": ("No", None)},
            smelters=[],
        ),
    )
    return {
        "campaign": campaign,
        "submissions": {"alpha": a, "bravo1": b1, "bravo2": b2, "charlie": c2, "golf": g},
        "requests": {"alpha": alpha, "bravo": bravo, "charlie": charlie, "delta": delta, "echo": echo, "golf": golf},
        "smelters": {"gold": gold, "tin": tin, "xiamen": xiamen, "outreach": outreach, "tantalum": tantalum},
    }
