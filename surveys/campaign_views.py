"""The supply-chain team's pages of a campaign: list, create and edit, open, close, the requests table
with each supplier's status and current declaration, and "send the link again"."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from core.access import Capability, capability_required, may
from core.files import UploadRefused
from suppliers import selectors as supplier_selectors
from surveys import selectors, services
from surveys.forms import CampaignForm
from surveys.models import Campaign, OutgoingEmail, SurveyRequest

REQUESTS_PER_PAGE = 50


@capability_required(Capability.READ)
def campaign_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "surveys/campaign_list.html",
        {
            "campaigns": selectors.campaign_list(user=request.user),
            "may_run": may(request.user, Capability.RUN_CAMPAIGNS),
        },
    )


def _campaign_fields(form: CampaignForm) -> dict[str, Any]:
    return {name: form.cleaned_data[name] for name in form.Meta.fields if not form.fields[name].disabled}


def _campaign_form(request: HttpRequest, campaign: Campaign | None) -> HttpResponse:
    may_upload = may(request.user, Capability.UPLOAD_BLANK_TEMPLATE)
    form = CampaignForm(request.POST or None, request.FILES or None, instance=campaign, may_upload_template=may_upload)
    if request.method == "POST" and form.is_valid():
        try:
            if campaign is None:
                saved = services.campaign_create(created_by=request.user, **_campaign_fields(form))  # type: ignore[arg-type]
            else:
                saved = services.campaign_update(campaign=campaign, **_campaign_fields(form))
            upload = form.cleaned_data.get("blank_template_file")
            if upload:
                services.campaign_template_store(campaign=saved, uploaded_file=upload)
        except services.CampaignRefused as refusal:
            form.add_error(None, str(refusal))
        except UploadRefused as refusal:
            form.add_error("blank_template_file", str(refusal))
        else:
            return redirect("surveys:campaign_detail", public_id=saved.public_id)
    return render(
        request,
        "surveys/campaign_form.html",
        {
            "form": form,
            "campaign": campaign,
            "categories": supplier_selectors.supplier_categories(),
            "countries": supplier_selectors.supplier_countries(),
        },
        status=400 if form.errors else 200,
    )


@capability_required(Capability.RUN_CAMPAIGNS)
def campaign_create(request: HttpRequest) -> HttpResponse:
    return _campaign_form(request, None)


@capability_required(Capability.RUN_CAMPAIGNS)
def campaign_edit(request: HttpRequest, public_id: UUID) -> HttpResponse:
    campaign = selectors.campaign_get_for_user(user=request.user, public_id=public_id)
    if campaign.status == Campaign.Status.CLOSED:
        raise PermissionDenied
    return _campaign_form(request, campaign)


@require_POST
@capability_required(Capability.RUN_CAMPAIGNS)
def campaign_open(request: HttpRequest, public_id: UUID) -> HttpResponse:
    campaign = selectors.campaign_get_for_user(user=request.user, public_id=public_id)
    try:
        count = services.campaign_open(campaign=campaign, send_emails=request.POST.get("send_emails") != "no")
    except services.CampaignRefused as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, _("The campaign is open: %(count)d requests.") % {"count": count})
    return redirect("surveys:campaign_detail", public_id=campaign.public_id)


@require_POST
@capability_required(Capability.RUN_CAMPAIGNS)
def campaign_close(request: HttpRequest, public_id: UUID) -> HttpResponse:
    campaign = selectors.campaign_get_for_user(user=request.user, public_id=public_id)
    try:
        services.campaign_close(campaign=campaign)
    except services.CampaignRefused as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, _("The campaign is closed."))
    return redirect("surveys:campaign_detail", public_id=campaign.public_id)


@require_GET
@capability_required(Capability.READ)
def campaign_detail(request: HttpRequest, public_id: UUID) -> HttpResponse:
    """The campaign page: counts per status, then every request (50 a page, a fixed number of queries)."""
    campaign = selectors.campaign_get_for_user(user=request.user, public_id=public_id)
    filters = {
        "status": request.GET.get("status", ""),
        "category": request.GET.get("category", ""),
        "owner": request.GET.get("owner", ""),
        "country": request.GET.get("country", ""),
        "search": request.GET.get("q", "").strip(),
    }
    if filters["status"] not in SurveyRequest.Status.values:
        filters["status"] = ""
    page = Paginator(selectors.campaign_requests(campaign=campaign, **filters), REQUESTS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    selectors.requests_attach_current_declaration(list(page.object_list))
    counts = selectors.campaign_status_counts(campaign=campaign)
    query = request.GET.copy()
    query.pop("page", None)
    status_query = request.GET.copy()
    for key in ("page", "status"):
        status_query.pop(key, None)
    return render(
        request,
        "surveys/campaign_detail.html",
        {
            "campaign": campaign,
            "page": page,
            "filters": filters,
            "querystring": query.urlencode(),
            "status_querystring": status_query.urlencode(),
            "counts": counts,
            "total": sum(n for _value, _label, n in counts),
            "choices": selectors.campaign_filter_choices(campaign=campaign),
            "may_run": may(request.user, Capability.RUN_CAMPAIGNS),
            "suppliers_to_ask": services.campaign_suppliers(campaign=campaign).count()
            if campaign.status == Campaign.Status.DRAFT
            else None,
        },
    )


@require_GET
@capability_required(Capability.READ)
def campaign_template_download(request: HttpRequest, public_id: UUID) -> FileResponse:
    campaign = selectors.campaign_get_for_user(user=request.user, public_id=public_id)
    if not campaign.blank_template:
        raise Http404
    return FileResponse(
        campaign.blank_template.open("rb"), as_attachment=True, filename=campaign.blank_template_name or "CMRT.xlsx"
    )


@require_POST
@capability_required(Capability.RUN_CAMPAIGNS)
def request_resend(request: HttpRequest, public_id: UUID) -> HttpResponse:
    """Send the supplier's personal link again (recorded as its own step)."""
    survey_request = selectors.request_get_for_user(user=request.user, public_id=public_id)
    email = services.request_link_resend(survey_request=survey_request, sent_by=request.user)  # type: ignore[arg-type]
    if email.outcome == OutgoingEmail.Outcome.SENT:
        messages.success(request, _("The link was sent again to %(to)s.") % {"to": email.to})
    else:
        messages.error(request, _("The link could not be sent: %(error)s") % {"error": email.error})
    # Back to the same filtered page of the campaign (only a query string is taken from the form).
    back = reverse("surveys:campaign_detail", kwargs={"public_id": survey_request.campaign.public_id})
    query = request.POST.get("back", "")
    return redirect(f"{back}?{query}" if query and "//" not in query else back)
