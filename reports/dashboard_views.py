"""The supply-chain dashboard, the lists of suppliers behind its numbers, and the request status table
as CSV and XLSX. Read-only; every internal user may look (it is the supply-chain team's home page)."""

from __future__ import annotations

from uuid import UUID

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from core.access import Capability, capability_required, may
from reports import charts, figures
from reports import dashboard as board
from reports.exporters import RequestStatusExporter
from reports.views import _as_of
from surveys import selectors
from surveys.models import Campaign, SurveyRequest


def _filters(request: HttpRequest) -> board.Filters:
    return board.Filters(
        category=request.GET.get("category", ""),
        country=request.GET.get("country", ""),
        owner=request.GET.get("owner", ""),
    )


@require_GET
@capability_required(Capability.READ)
def dashboard(request: HttpRequest) -> HttpResponse:
    """Where the survey stands: the default campaign (the open one due soonest) or `?campaign=`."""
    campaigns = selectors.campaigns_visible_to(request.user).exclude(status="draft")
    wanted = request.GET.get("campaign", "")
    campaign: Campaign | None
    if wanted:
        try:
            campaign = selectors.campaign_get_for_user(user=request.user, public_id=UUID(wanted))
        except ValueError:
            raise Http404 from None
    else:
        campaign = board.dashboard_campaign(campaigns=campaigns)
    context: dict[str, object] = {
        "campaign": campaign,
        "campaigns": list(campaigns.order_by("-period_start", "name").values_list("public_id", "name", "status")),
        "may_run": may(request.user, Capability.RUN_CAMPAIGNS),
    }
    if campaign is not None:
        as_of = _as_of(request)
        filters = _filters(request)
        data = board.dashboard(campaign=campaign, as_of=as_of, filters=filters)
        query = filters.as_query()
        context.update(
            data=data,
            as_of=as_of,
            filters=filters,
            filter_query="&".join(f"{k}={v}" for k, v in query.items()),
            timeline=charts.timeline_chart(data["timeline"], campaign.due_date),
            smelters=charts.smelter_chart(data["smelters_by_metal"]),
            funnel=charts.funnel_chart(data["funnel"]),
        )
    return render(request, "reports/dashboard.html", context)


@require_GET
@capability_required(Capability.READ)
def dashboard_suppliers(request: HttpRequest, public_id: UUID, key: str) -> HttpResponse:
    """The suppliers behind one of the dashboard's own numbers (opened, needing action and why)."""
    campaign = selectors.campaign_get_for_user(user=request.user, public_id=public_id)
    if key not in board.LISTS:
        raise Http404
    as_of = _as_of(request)
    filters = _filters(request)
    appendix = figures.appendix_a(campaign=campaign, as_of=as_of)
    rows = [
        r
        for r in board.dashboard_rows(campaign=campaign, appendix=appendix, today=board.campaign_today(campaign))
        if filters.match(r)
    ]
    return render(
        request,
        "reports/dashboard_suppliers.html",
        {
            "campaign": campaign,
            "as_of": as_of,
            "title": board.LISTS[key],
            "rows": board.rows_for_list(rows, key),
            "reasons": board.REASONS,
            "filters": filters,
        },
    )


def _export(request: HttpRequest, public_id: UUID, fmt: str) -> HttpResponse:
    campaign = selectors.campaign_get_for_user(user=request.user, public_id=public_id)
    status = request.GET.get("status", "")
    exporter = RequestStatusExporter(
        campaign=campaign,
        status=status if status in SurveyRequest.Status.values else "",
        category=request.GET.get("category", ""),
        owner=request.GET.get("owner", ""),
        country=request.GET.get("country", ""),
        search=request.GET.get("q", "").strip(),
    )
    content, content_type, filename = exporter.render(fmt)
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_GET
@capability_required(Capability.READ)
def requests_csv(request: HttpRequest, public_id: UUID) -> HttpResponse:
    return _export(request, public_id, "csv")


@require_GET
@capability_required(Capability.READ)
def requests_xlsx(request: HttpRequest, public_id: UUID) -> HttpResponse:
    return _export(request, public_id, "xlsx")
