"""The result page badges a metal "in scope" by the library's one definition, as the rules do: tin answered
"Yes" to question 1 and "No" to question 2 is out of scope on the page too, and its risky answers are not
counted."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from surveys.models import Submission
from tests.cmrt.builders import build_cmrt
from tests.factories import SupplierFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def checked_page(client, supply_chain_user, django_capture_on_commit_callbacks):
    """The result page of a workbook with tungsten in scope and tin answered as given."""
    client.force_login(supply_chain_user)
    SupplierFactory(supplier_code="SUP-S")

    def page(tin: dict):
        with django_capture_on_commit_callbacks(execute=True):
            client.post(
                reverse("surveys:checker"),
                {"file": SimpleUploadedFile("cmrt.xlsx", build_cmrt(questions={"tin": tin})), "supplier_code": "SUP-S"},
            )
        return client.get(reverse("surveys:submission_detail", args=[Submission.objects.get().public_id]))

    return page


def test_tin_used_but_not_remaining_in_the_product_is_out_of_scope_on_the_result_page(checked_page):
    response = checked_page({"1": "Yes", "2": "No", "3": "Yes"})

    report = response.context["report"]
    assert report.in_scope == {"tantalum": False, "tin": False, "gold": False, "tungsten": True}
    assert response.content.decode().count('<span class="badge">in scope</span>') == 1  # tungsten's only
    assert [metals for _n, _value, metals in report.risky_answers] == []  # tin's Q3 "Yes" does not count
    tin_q3 = report.questions[2][2][report.metals.index("tin")]
    assert (tin_q3.value, tin_q3.risky) == ("Yes", False)  # nor is it badged "risk" in the table


@pytest.mark.parametrize(
    ("q1", "q2", "in_scope"),
    [("Yes", "Yes", True), ("Yes", None, True), (None, "Yes", True), ("No", "Yes", False), (None, None, False)],
)
def test_the_result_page_badges_tin_in_scope_only_for_a_yes_and_no_no(checked_page, q1, q2, in_scope):
    report = checked_page({"1": q1, "2": q2}).context["report"]

    assert report.in_scope["tin"] is in_scope


def test_the_result_page_words_the_questions_as_the_rules_do(checked_page):
    import cmrt

    report = checked_page({"1": "No"}).context["report"]

    assert [(n, str(text)) for n, text, _answers in report.questions] == list(cmrt.QUESTION_TEXT.items())
    assert [(key, str(text)) for key, text, *_ in report.company_questions] == list(cmrt.COMPANY_QUESTION_TEXT.items())
