"""The supply-chain team's dashboard for one campaign: where the survey stands, at a glance.

Every figure is read through reports/figures.py (the same supplier facts, Appendix A and spend
selectors as the filed summary), so the dashboard and the report cannot disagree: "responded" is
"sent at least one file", "valid" is "the current declaration passed validation". What the summary
does not have (opened, overdue, bounced, the response over time) comes from one extra query over the
campaign's requests. The number of queries does not grow with the number of suppliers.
"""

from __future__ import annotations

import zoneinfo
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from django.db.models import Min, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from reports import figures
from smelters.models import StatusCategory
from surveys.models import Campaign, SurveyRequest

TOP_N = 10

# Why a supplier needs action, in the order the list shows them.
OVERDUE = "overdue"
INVALID = "invalid"
BOUNCED = "bounced"
HIGH_RISK = "high_risk"
REASONS: dict[str, Any] = {
    OVERDUE: _("Overdue: no valid declaration after the due date"),
    INVALID: _("Current declaration invalid"),
    BOUNCED: _("E-mail bounced"),
    HIGH_RISK: _("Names a smelter neither Conformant nor Active"),
}
# The dashboard's own lists of suppliers (the figure keys of the summary have theirs in reports/figures.py).
LISTS: dict[str, Any] = {
    "opened": _("Suppliers who opened their link"),
    "needs_action": _("Suppliers needing action"),
    **REASONS,
}


@dataclass
class Filters:
    category: str = ""
    country: str = ""
    owner: str = ""  # a user's e-mail, or "none" (as on the campaign page)

    def match(self, row: DashboardRow) -> bool:
        if self.category and row.category != self.category:
            return False
        if self.country and row.country != self.country:
            return False
        if self.owner == "none":
            return not row.owner_email
        return not self.owner or row.owner_email == self.owner

    def as_query(self) -> dict[str, str]:
        return {k: v for k, v in (("category", self.category), ("country", self.country), ("owner", self.owner)) if v}


@dataclass
class DashboardRow:
    """One surveyed supplier: its facts from reports/figures.py and what its request adds."""

    facts: figures.SupplierFacts
    status: str
    opened: bool
    first_response: date | None
    category: str
    country: str
    owner_email: str
    owner_name: str
    reasons: list[str] = field(default_factory=list)

    @property
    def status_label(self) -> str:
        return str(SurveyRequest.Status(self.status).label)


def dashboard_campaign(*, campaigns: QuerySet[Campaign]) -> Campaign | None:
    """The campaign the dashboard shows by default: the open one due soonest, else the latest closed."""
    return (
        campaigns.filter(status=Campaign.Status.OPEN).order_by("due_date", "id").first()
        or campaigns.filter(status=Campaign.Status.CLOSED).order_by("-period_start", "-id").first()
    )


def campaign_zone(campaign: Campaign) -> zoneinfo.ZoneInfo:
    """The campaign's time zone (UTC for a name the system does not know)."""
    try:
        return zoneinfo.ZoneInfo(campaign.time_zone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return zoneinfo.ZoneInfo("UTC")


def campaign_today(campaign: Campaign, now: datetime | None = None) -> date:
    """Today's date in the campaign's time zone (the due date is a day there)."""
    return (now or timezone.now()).astimezone(campaign_zone(campaign)).date()


def _request_rows(campaign: Campaign) -> dict[int, dict[str, Any]]:
    """Per surveyed request (by id): status, opened, first submission and the supplier's filter fields."""
    rows = (
        SurveyRequest.objects.filter(campaign=campaign)
        .filter(figures.surveyed_q())
        .annotate(first_response=Min("submissions__created_at"))
        .values(
            "id",
            "status",
            "opened_at",
            "first_response",
            "supplier__category",
            "supplier__country",
            "supplier__owner__email",
            "supplier__owner__first_name",
            "supplier__owner__last_name",
        )
    )
    return {r["id"]: r for r in rows}


def dashboard_rows(*, campaign: Campaign, appendix: list[figures.AppendixRow], today: date) -> list[DashboardRow]:
    """Every surveyed supplier of `campaign` with the reasons it needs action, by supplier name
    (`appendix` is the campaign's Appendix A on the status date, which decides the high-risk smelters)."""
    facts = figures.supplier_facts(campaign=campaign, smelter_rows=False)
    requests = _request_rows(campaign)
    risky = {r.smelter_id for r in appendix if r.category not in (StatusCategory.CONFORMANT, StatusCategory.ACTIVE)}
    naming_risky = set(
        figures.campaign_reported_rows(campaign=campaign)
        .filter(match__smelter_id__in=risky)
        .values_list("supplier_id", flat=True)
        .distinct()
    )
    tz = campaign_zone(campaign)
    out = []
    for f in facts:
        r = requests[f.request_id]
        first = r["first_response"]
        row = DashboardRow(
            facts=f,
            status=r["status"],
            opened=bool(r["opened_at"]) or f.responded,
            first_response=timezone.localtime(first, tz).date() if first else None,
            category=r["supplier__category"],
            country=r["supplier__country"],
            owner_email=r["supplier__owner__email"] or "",
            owner_name=" ".join(
                n for n in (r["supplier__owner__first_name"], r["supplier__owner__last_name"]) if n
            ).strip()
            or (r["supplier__owner__email"] or ""),
        )
        declined = row.status == SurveyRequest.Status.DECLINED
        if today > campaign.due_date and not f.valid and not declined:
            row.reasons.append(OVERDUE)
        if f.invalid:
            row.reasons.append(INVALID)
        if row.status == SurveyRequest.Status.BOUNCED:
            row.reasons.append(BOUNCED)
        if f.supplier_id in naming_risky:
            row.reasons.append(HIGH_RISK)
        out.append(row)
    return out


def rows_for_list(rows: list[DashboardRow], key: str) -> list[DashboardRow]:
    """The suppliers behind one of the dashboard's own lists (LISTS); ValueError for another key."""
    if key == "opened":
        return [r for r in rows if r.opened]
    if key == "needs_action":
        return sorted((r for r in rows if r.reasons), key=_urgency)
    if key in REASONS:
        return [r for r in rows if key in r.reasons]
    raise ValueError(key)


def _urgency(row: DashboardRow) -> tuple[int, int, str]:
    """More reasons first, then by the first reason's order, then by name."""
    return (-len(row.reasons), list(REASONS).index(row.reasons[0]), row.facts.supplier_name.casefold())


# --- The response over time --------------------------------------------------------------------------


@dataclass
class TimelinePoint:
    day: date
    responded: int
    rate: float | None


def response_timeline(*, campaign: Campaign, rows: list[DashboardRow], today: date) -> list[TimelinePoint]:
    """The response rate day by day, from the day the campaign opened to today or the due date
    (whichever is later); the last point is today's rate, the summary's `response_rate_pct`."""
    if campaign.opened_at:
        start = campaign_today(campaign, campaign.opened_at)
    else:
        start = min((r.first_response for r in rows if r.first_response), default=today)
    firsts = Counter(r.first_response for r in rows if r.facts.responded and r.first_response)
    start = min([start, *firsts])
    end = max(today, start)
    surveyed = len(rows)
    points = []
    responded = 0
    day = start
    while day <= end:
        responded += firsts.get(day, 0)
        points.append(TimelinePoint(day=day, responded=responded, rate=figures.pct(responded, surveyed)))
        day += timedelta(days=1)
    return points


# --- Everything the page shows ------------------------------------------------------------------------


def funnel(rows: list[DashboardRow]) -> list[dict[str, Any]]:
    """Requested → opened → responded → valid, each with its count and share of the requested."""
    steps = [
        ("suppliers_surveyed", _("Requested"), len(rows)),
        ("opened", _("Opened the link"), sum(r.opened for r in rows)),
        ("suppliers_responded", _("Responded"), sum(r.facts.responded for r in rows)),
        ("valid_declarations", _("Valid declaration"), sum(r.facts.valid for r in rows)),
    ]
    return [{"key": k, "label": label, "count": n, "pct": figures.pct(n, len(rows))} for k, label, n in steps]


def status_counts(rows: list[DashboardRow]) -> list[tuple[str, str, int]]:
    """(status, label, number of suppliers) for every request status, in the ladder's order."""
    counts = Counter(r.status for r in rows)
    return [(value, str(label), counts.get(value, 0)) for value, label in SurveyRequest.Status.choices]


def filter_choices(rows: list[DashboardRow]) -> dict[str, list[tuple[str, str]]]:
    return {
        "categories": [(c, c) for c in sorted({r.category for r in rows if r.category})],
        "countries": [(c, c) for c in sorted({r.country for r in rows if r.country})],
        "owners": sorted({(r.owner_email, r.owner_name) for r in rows if r.owner_email}, key=lambda o: o[1].casefold()),
    }


def dashboard(*, campaign: Campaign, as_of: date, filters: Filters, now: datetime | None = None) -> dict[str, Any]:
    """Every figure of the dashboard for `campaign`, smelter statuses as of `as_of`. The response rate,
    the funnel's responded and valid, the spend covered and the smelters are those of the summary (for
    all surveyed suppliers); the statuses and the suppliers needing action follow `filters`."""
    today = campaign_today(campaign, now)
    appendix = figures.appendix_a(campaign=campaign, as_of=as_of)
    rows = dashboard_rows(campaign=campaign, appendix=appendix, today=today)
    shown = [r for r in rows if filters.match(r)]
    needing = rows_for_list(shown, "needs_action")
    responded = sum(r.facts.responded for r in rows)
    return {
        "today": today,
        "days_to_due": (campaign.due_date - today).days,
        "days_past_due": (today - campaign.due_date).days,
        "suppliers_surveyed": len(rows),
        "suppliers_responded": responded,
        "response_rate_pct": figures.pct(responded, len(rows)),
        "spend_coverage_pct": figures.spend_coverage_pct([r.facts for r in rows]),
        "timeline": response_timeline(campaign=campaign, rows=rows, today=today),
        "funnel": funnel(rows),
        "status_counts": status_counts(shown),
        "shown": len(shown),
        "choices": filter_choices(rows),
        "reason_counts": [(key, label, sum(key in r.reasons for r in shown)) for key, label in REASONS.items()],
        "needing_action": needing[:TOP_N],
        "needing_action_total": len(needing),
        "smelters_by_metal": figures.smelters_by_metal(appendix),
        "smelters_total": len(appendix),
    }
