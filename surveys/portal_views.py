"""The supplier portal: a supplier's users answer the survey requests sent to their company.

Every page is for a supplier's own users (core.access.supplier_required: anonymous → log in, staff →
403 saying this is the suppliers' side); every object is found through a portal selector, so another
supplier's request or file answers 404 exactly like a missing one.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.conf import settings
from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.forms import ColleagueInviteForm, SignInLinkRequestForm
from accounts.models import User
from accounts.services import throttle_exceeded
from core.access import supplier_required
from core.files import UploadRefused
from core.http import client_ip
from surveys import selectors, services
from surveys.models import Campaign, Submission, SurveyRequest
from surveys.portal_forms import DeclineForm, PortalUploadForm
from surveys.presentation import submission_report
from surveys.services.portal import SupplierUserConflict, colleague_invite, sign_in_link_request


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)  # supplier_required let only a signed-in supplier user through
    return request.user


@require_GET
@supplier_required
def home(request: HttpRequest) -> HttpResponse:
    """The supplier's requests: open ones first with their due dates and where each stands."""
    survey_requests = list(selectors.portal_requests(request.user))
    open_requests = [r for r in survey_requests if r.campaign.status == Campaign.Status.OPEN]
    past_requests = [r for r in survey_requests if r.campaign.status != Campaign.Status.OPEN]
    return render(request, "portal/home.html", {"open_requests": open_requests, "past_requests": past_requests})


def _result_context(submission: Submission | None) -> dict[str, Any]:
    """What the result fragment needs: the submission, the one whose check it shows (an identical
    earlier file's), and its findings in the rule catalogue's words."""
    if submission is None:
        return {"submission": None}
    checked = submission.duplicate_of or submission
    return {"submission": submission, "checked": checked, "report": submission_report(checked)}


def _request_page(
    request: HttpRequest,
    survey_request: SurveyRequest,
    *,
    upload_form: PortalUploadForm | None = None,
    decline_form: DeclineForm | None = None,
    status: int = 200,
) -> HttpResponse:
    history = list(selectors.portal_request_submissions(survey_request=survey_request))
    context = {
        "survey_request": survey_request,
        "campaign": survey_request.campaign,
        "history": history,
        "upload_form": upload_form or PortalUploadForm(),
        "decline_form": decline_form or DeclineForm(),
        "accepts_uploads": survey_request.campaign.status == Campaign.Status.OPEN,
        "max_mb": settings.CMRT_MAX_UPLOAD_BYTES // (1024 * 1024),
        **_result_context(history[0] if history else None),
    }
    return render(request, "portal/request_detail.html", context, status=status)


@require_GET
@supplier_required
def request_detail(request: HttpRequest, public_id: UUID) -> HttpResponse:
    """One request: what is asked and by when, the blank template, the upload, the latest result, the history."""
    survey_request = selectors.portal_request_get(user=request.user, public_id=public_id)
    services.request_opened(survey_request=survey_request)
    return _request_page(request, survey_request)


@require_GET
@supplier_required
def template_download(request: HttpRequest, public_id: UUID) -> FileResponse:
    """The blank CMRT the campaign hands out (uploaded by an administrator; the RMI's file is not shipped)."""
    survey_request = selectors.portal_request_get(user=request.user, public_id=public_id)
    campaign = survey_request.campaign
    if not campaign.blank_template:
        raise Http404("this campaign has no blank template")
    name = campaign.blank_template_name or "CMRT.xlsx"
    return FileResponse(campaign.blank_template.open("rb"), as_attachment=True, filename=name)


def _wants_json(request: HttpRequest) -> bool:
    return "application/json" in request.headers.get("Accept", "")


@require_POST
@supplier_required
def request_upload(request: HttpRequest, public_id: UUID) -> HttpResponse:
    """Keep the supplier's CMRT and start its check; answers JSON to the page's script (which shows the
    upload's progress and then polls the check), or the result page to a browser without script."""
    survey_request = selectors.portal_request_get(user=request.user, public_id=public_id)
    form = PortalUploadForm(request.POST, request.FILES)
    submission = None
    if survey_request.campaign.status != Campaign.Status.OPEN:
        form.add_error(None, _("This survey is closed, so it takes no more files."))
    elif form.is_valid():
        try:
            submission = services.request_submission_create(
                survey_request=survey_request, uploaded_file=form.cleaned_data["file"], uploaded_by=_user(request)
            )
        except UploadRefused as refusal:
            form.add_error("file", str(refusal))
    if submission is None:
        if _wants_json(request):
            errors = [str(e) for field_errors in form.errors.values() for e in field_errors]
            return JsonResponse({"error": " ".join(errors)}, status=400)
        return _request_page(request, survey_request, upload_form=form, status=400)
    if _wants_json(request):
        return JsonResponse(
            {
                "status_url": reverse("portal:submission_status", kwargs={"public_id": submission.public_id}),
                "result_url": reverse("portal:submission_detail", kwargs={"public_id": submission.public_id}),
            },
            status=201,
        )
    return redirect("portal:submission_detail", public_id=submission.public_id)


@require_POST
@supplier_required
def request_decline(request: HttpRequest, public_id: UUID) -> HttpResponse:
    """ "We no longer supply you" / "our products contain no 3TG", with a comment: the request closes as
    declined and goes to the supply-chain team for review."""
    survey_request = selectors.portal_request_get(user=request.user, public_id=public_id)
    form = DeclineForm(request.POST)
    if survey_request.campaign.status != Campaign.Status.OPEN:
        form.add_error(None, _("This survey is closed, so it takes no more answers."))
    if not form.is_valid():
        return _request_page(request, survey_request, decline_form=form, status=400)
    services.request_decline(
        survey_request=survey_request,
        reason=SurveyRequest.DeclineReason(form.cleaned_data["reason"]),
        comment=form.cleaned_data["comment"],
        by=_user(request),
    )
    messages.success(request, _("Thank you. Your answer goes to our team, who will review it."))
    return redirect("portal:request_detail", public_id=survey_request.public_id)


@require_GET
@supplier_required
def submission_detail(request: HttpRequest, public_id: UUID) -> HttpResponse:
    """One version the supplier sent and what the check found in it."""
    submission = selectors.portal_submission_get(user=request.user, public_id=public_id)
    return render(request, "portal/submission_detail.html", _result_context(submission))


@require_GET
@supplier_required
def submission_status(request: HttpRequest, public_id: UUID) -> JsonResponse:
    """Polled by the page while the file is checked; once done it carries the result and the history,
    which the page puts in place without a reload."""
    submission = selectors.portal_submission_get(user=request.user, public_id=public_id)
    checked = submission.duplicate_of or submission
    answer: dict[str, Any] = {"status": checked.status, "done": checked.is_done}
    if checked.is_done:
        assert submission.request is not None  # portal submissions always answer a request
        answer["html"] = render_to_string("portal/_result.html", _result_context(submission), request=request)
        history = selectors.portal_request_submissions(survey_request=submission.request)
        answer["history"] = render_to_string("portal/_history.html", {"history": history}, request=request)
        submission.request.refresh_from_db()  # the check has just moved it on (valid, invalid)
        answer["request_status"] = render_to_string(
            "portal/_request_status.html", {"r": submission.request, "latest": checked}
        )
    return JsonResponse(answer)


@require_GET
@supplier_required
def submission_download(request: HttpRequest, public_id: UUID) -> FileResponse:
    """A file the supplier sent, exactly as it was sent."""
    submission = selectors.portal_submission_get(user=request.user, public_id=public_id)
    return FileResponse(submission.file.open("rb"), as_attachment=True, filename=submission.original_name)


@require_http_methods(["GET", "POST"])
@supplier_required
def colleagues(request: HttpRequest) -> HttpResponse:
    """The supplier's users, and a form to give a colleague of the same company access."""
    user = _user(request)
    form = ColleagueInviteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if throttle_exceeded(
            kind="colleague-invite",
            email=user.email,
            client_ip=client_ip(request) or "unknown",
            per_address=settings.SIGN_IN_LINK_LIMIT_PER_CLIENT,
            per_client=settings.SIGN_IN_LINK_LIMIT_PER_CLIENT,
            window_minutes=settings.SIGN_IN_LINK_LIMIT_WINDOW_MINUTES,
        ):
            form.add_error(None, _("You have invited many colleagues in a short time. Please try again in an hour."))
        else:
            try:
                invited = colleague_invite(
                    invited_by=user,
                    email=form.cleaned_data["email"],
                    first_name=form.cleaned_data["first_name"],
                    last_name=form.cleaned_data["last_name"],
                )
            except SupplierUserConflict:
                form.add_error(
                    "email",
                    _("This address cannot be added to your company here. Please ask our supply-chain team."),
                )
            else:
                messages.success(
                    request,
                    _("%(email)s can now answer for your company; we have e-mailed them a sign-in link.")
                    % {"email": invited.email},
                )
                return redirect("portal:colleagues")
    return render(
        request,
        "portal/colleagues.html",
        {"form": form, "colleagues": selectors.portal_colleagues(user), "supplier": user.supplier},
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
def link_request(request: HttpRequest) -> HttpResponse:
    """ "Send me a link": the same answer whether the address is known, unknown or throttled."""
    form = SignInLinkRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        sign_in_link_request(email=form.cleaned_data["email"], client_ip=client_ip(request) or "unknown")
        return redirect("link_request_sent")
    return render(request, "registration/link_request_form.html", {"form": form}, status=400 if form.errors else 200)


def link_request_sent(request: HttpRequest) -> HttpResponse:
    return render(request, "registration/link_request_sent.html", {"days": settings.SESAME_MAX_AGE.days})
