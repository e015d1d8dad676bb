"""The portal in Simplified Chinese: the language from the browser or the chooser on the page, and the
checker's findings rendered from their templates in that language (the English text unchanged)."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from cmrt import QUESTION_TEXT, inspect_workbook
from cmrt.rules.refusals import _REFUSAL_MESSAGES
from cmrt.text import TRANSLATED_PARAMS
from surveys.models import CHECK_FAILED, Submission
from surveys.presentation import _without_location, finding_text, submission_report
from tests.cmrt.builders import TODAY, build_messy_cmrt

pytestmark = pytest.mark.django_db
CHINESE = {"HTTP_ACCEPT_LANGUAGE": "zh-CN,zh;q=0.9,en;q=0.5"}


@pytest.fixture
def messy_page(client, supply_chain_user, django_capture_on_commit_callbacks):
    client.force_login(supply_chain_user)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("surveys:checker"), {"file": SimpleUploadedFile("messy.xlsx", build_messy_cmrt())})
    submission = Submission.objects.get()
    return lambda **headers: client.get(reverse("surveys:submission_detail", args=[submission.public_id]), **headers)


# -- choosing the language ---------------------------------------------------------------------------
def test_an_anonymous_visitor_whose_browser_asks_for_chinese_gets_the_login_page_in_chinese(client):
    page = client.get(reverse("login"), **CHINESE).content.decode()
    assert '<html lang="zh-hans"' in page
    assert "<title>登录" in page and "忘记密码？" in page


def test_a_browser_asking_for_a_language_the_portal_lacks_gets_english(client):
    page = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="de-DE,de;q=0.9").content.decode()
    assert '<html lang="en"' in page and "Forgot your password?" in page


def test_every_page_carries_the_language_chooser_posting_to_set_language(client):
    page = client.get(reverse("login"), **CHINESE).content.decode()
    assert f'action="{reverse("set_language")}"' in page
    assert '<option value="zh-hans" lang="zh-hans" selected>简体中文</option>' in page
    assert '<option value="en" lang="en">English</option>' in page


def test_the_language_chosen_on_the_page_wins_over_the_browsers(client):
    login = reverse("login")
    response = client.post(
        reverse("set_language"), {"language": "en"}, HTTP_REFERER=f"http://testserver{login}", **CHINESE
    )
    assert response.status_code == 302 and response["Location"] == f"http://testserver{login}"
    page = client.get(reverse("login"), **CHINESE).content.decode()
    assert "Forgot your password?" in page


def test_a_supplier_user_gets_the_pages_in_the_browsers_language(client, supplier_user):
    client.force_login(supplier_user)
    page = client.get(reverse("surveys:checker"), **CHINESE)
    assert page.status_code == 403
    assert "您无权访问此页面" in page.content.decode()


# -- the findings ------------------------------------------------------------------------------------
def test_the_findings_are_shown_in_chinese_with_the_suppliers_values_kept_as_typed(messy_page):
    page = messy_page(**CHINESE).content.decode()
    assert "“ABC”看起来是占位内容，而不是公司名称；请填写贵公司的法定名称。" in page
    assert "金属“Copper”不是 Tantalum、Tin、Gold 或 Tungsten 之一；请从下拉菜单中选择。" in page
    assert "第 5、6 和 7 行列出了同一家钨冶炼厂（Xiamen Tungsten Co., Ltd., CID002082）" in page
    assert "“申报”选项卡" in page and "“冶炼厂列表”选项卡" in page
    assert "company name" not in page


def test_the_english_page_shows_each_finding_exactly_as_before_templates_were_kept(messy_page):
    findings = inspect_workbook(build_messy_cmrt(), today=TODAY).to_dict()["findings"]
    with translation.override("en"):
        rendered = [finding_text(f) for f in findings]
    assert rendered == [_without_location(f["message"]) for f in findings]
    page = messy_page(HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "&#x27;ABC&#x27; looks like a placeholder, not a company name" in page


def test_a_result_stored_before_findings_kept_their_template_is_still_shown_in_english(messy_page):
    submission = Submission.objects.get()
    for finding in submission.result["findings"]:
        del finding["template"], finding["params"]
    submission.save()
    with translation.override("zh-hans"):
        report = submission_report(submission)
    texts = [f["display"] for group in report.errors + report.warnings for f in group.findings]
    assert "'ABC' looks like a placeholder, not a company name; enter your company's legal name." in texts


def test_every_rule_message_refusal_and_word_put_into_one_has_a_chinese_text():
    findings = inspect_workbook(build_messy_cmrt(), today=TODAY).findings
    texts = {f.template for f in findings} | set(_REFUSAL_MESSAGES.values()) | set(QUESTION_TEXT.values())
    texts |= {v for f in findings for k, v in f.params.items() if k in TRANSLATED_PARAMS}
    with translation.override("zh-hans"):
        untranslated = sorted(t for t in texts if gettext(t) == t)
    assert untranslated == []


def test_a_failure_reason_stored_in_english_is_shown_in_the_readers_language(messy_page):
    Submission.objects.update(status="failed", failure=CHECK_FAILED)
    page = messy_page(**CHINESE).content.decode()
    assert "由于我们这边的错误，工作簿未能完成检查。" in page


# -- the supplier portal and its e-mails -------------------------------------------------------------
@pytest.fixture
def open_request(supplier_a):
    from datetime import date

    from django.utils import timezone

    from surveys.models import SurveyRequest
    from tests.factories import CampaignFactory, SurveyRequestFactory

    campaign = CampaignFactory(name="CMRT 2026", status="open", opened_at=timezone.now(), due_date=date(2027, 3, 31))
    return SurveyRequestFactory(campaign=campaign, supplier=supplier_a, status=SurveyRequest.Status.SENT)


def test_a_supplier_sees_the_portal_and_its_result_in_chinese_with_the_campaigns_own_warning(
    client, owner, open_request, django_capture_on_commit_callbacks
):
    from datetime import datetime

    from tests.cmrt.builders import build_cmrt

    client.force_login(owner)
    home = client.get(reverse("portal:home"), **CHINESE).content.decode()
    assert "调查请求" in home and "截止日期 2027年3月31日" in home  # a date the Chinese way, not "31 三月 2027"
    workbook = build_cmrt(declaration={"company_name": None, "effective_date": datetime(2019, 5, 1)})
    url = reverse("portal:request_upload", kwargs={"public_id": open_request.public_id})
    with django_capture_on_commit_callbacks(execute=True):
        answer = client.post(url, {"file": SimpleUploadedFile("cmrt.xlsx", workbook)}, HTTP_ACCEPT="application/json")
    html = client.get(answer.json()["status_url"], **CHINESE).json()["html"]
    assert "公司名称为空；请填写贵公司的法定名称。" in html
    assert "不在本次调查的时间范围内" in html
    assert "company name" not in html


def test_the_survey_invitation_goes_out_in_chinese_to_a_contact_who_reads_chinese(django_capture_on_commit_callbacks):
    from django.core import mail

    from surveys import services
    from tests.factories import CampaignFactory, ContactFactory, SupplierFactory

    ContactFactory(supplier=SupplierFactory(), language="zh-hans")
    with django_capture_on_commit_callbacks(execute=True):
        services.campaign_open(campaign=CampaignFactory(name="CMRT 2026"))
    [message] = mail.outbox
    assert message.subject == "冲突矿产调查 CMRT 2026：请提交您的 CMRT"
    assert "此链接为您个人专用：请勿转发。" in message.alternatives[0][0]


def test_a_supplier_who_chooses_chinese_on_the_page_gets_the_surveys_e_mails_in_chinese(client, owner):
    from tests.factories import ContactFactory

    contact = ContactFactory(supplier=owner.supplier, email=owner.email.upper(), language="")
    client.force_login(owner)
    client.post(reverse("set_language"), {"language": "zh-hans"})
    contact.refresh_from_db()
    assert contact.language == "zh-hans"
    assert "调查请求" in client.get(reverse("portal:home")).content.decode()  # the cookie, for the pages


def test_an_internal_users_choice_changes_no_contact(client, supply_chain_user):
    from tests.factories import ContactFactory

    contact = ContactFactory(email=supply_chain_user.email, language="")
    client.force_login(supply_chain_user)
    client.post(reverse("set_language"), {"language": "zh-hans"})
    contact.refresh_from_db()
    assert contact.language == ""
