from datetime import date
from uuid import UUID

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.access import Capability, capability_required, role_required
from smelters import matching, selectors, services
from smelters.forms import MatchDecisionForm
from smelters.models import MatchDecision, Metal


def _as_of(request: HttpRequest) -> date:
    try:
        return date.fromisoformat(request.GET.get("as_of", ""))
    except ValueError:
        return timezone.localdate()


def _querystring(request: HttpRequest) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


@role_required()
def smelter_list(request: HttpRequest) -> HttpResponse:
    as_of = _as_of(request)
    filters = {
        "metal": request.GET.get("metal", ""),
        "status": request.GET.get("status", ""),
        "risk": request.GET.get("risk", ""),
        "search": request.GET.get("q", "").strip(),
        "ordering": request.GET.get("sort", "name"),
    }
    rows = selectors.smelter_list(user=request.user, as_of=as_of, **filters)
    stale = selectors.smelter_list_stale_statuses(rows=rows, as_of=as_of)
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    if stale is not None:
        # Said once above the table (every status is out of date), not on every row.
        for row in page.object_list:
            row.risks = [r for r in row.risks if r != selectors.Risk.STALE_STATUS]
    return render(
        request,
        "smelters/smelter_list.html",
        {
            "page": page,
            "filters": filters,
            "as_of": as_of,
            "querystring": _querystring(request),
            "metals": Metal.choices,
            "status_options": selectors.smelter_status_options(),
            "stale": stale,
            "risks": selectors.Risk.LABELS.items(),
            "max_age": selectors.status_max_age_days(),
        },
    )


@role_required()
def smelter_detail(request: HttpRequest, public_id: UUID) -> HttpResponse:
    smelter = selectors.smelter_get_for_user(user=request.user, public_id=public_id)
    as_of = _as_of(request)
    snapshot = selectors.smelter_status_as_of(smelter=smelter, as_of=as_of)
    risks = selectors.smelter_risk_flags(smelter=smelter, snapshot=snapshot, as_of=as_of)
    return render(
        request,
        "smelters/smelter_detail.html",
        {
            "smelter": smelter,
            "as_of": as_of,
            "snapshot": snapshot,
            "risks": [selectors.Risk.LABELS[r] for r in risks],
            "aliases": smelter.aliases.all(),
            "history": smelter.statuses.select_related("reference_import").order_by("-as_of", "-created_at"),
            "suppliers": selectors.smelter_reporting_suppliers_page(smelter=smelter, page=request.GET.get("page")),
            "querystring": _querystring(request),
            "origin": smelter.origins.filter(as_of__lte=as_of).order_by("-as_of").first(),
        },
    )


@capability_required(Capability.REVIEW_SMELTERS)
def review_queue(request: HttpRequest) -> HttpResponse:
    filters = {"metal": request.GET.get("metal", ""), "search": request.GET.get("q", "").strip()}
    page = selectors.review_queue_page(page=request.GET.get("page"), **filters)
    return render(
        request,
        "smelters/review_queue.html",
        {
            "page": page,
            "filters": filters,
            "metals": Metal.choices,
            "querystring": _querystring(request),
            "threshold": matching.FUZZY_THRESHOLD,
            "margin": matching.FUZZY_MARGIN,
            "bonus": matching.COUNTRY_BONUS,
        },
    )


@role_required()
def open_questions(request: HttpRequest) -> HttpResponse:
    """Smelter names to ask the suppliers about, grouped by supplier (all, or one with ?supplier=)."""
    try:
        supplier_public_id = UUID(request.GET["supplier"]) if request.GET.get("supplier") else None
    except ValueError:
        supplier_public_id = None
    page = selectors.open_questions_page(supplier_public_id=supplier_public_id, page=request.GET.get("page"))
    return render(
        request,
        "smelters/open_questions.html",
        {"page": page, "one_supplier": supplier_public_id is not None, "querystring": _querystring(request)},
    )


def _group_url(metal: str, name_key: str, country_key: str) -> str:
    return (
        reverse("smelters:review_group") + "?" + urlencode({"metal": metal, "name": name_key, "country": country_key})
    )


@capability_required(Capability.REVIEW_SMELTERS)
def review_group(request: HttpRequest) -> HttpResponse:
    group = selectors.review_group_get(
        metal=request.GET.get("metal", ""),
        name_key=request.GET.get("name", ""),
        country_key=request.GET.get("country", ""),
    )
    search = request.GET.get("q", "").strip()
    shown = {s.pk for s, _ in group.candidates}
    results = [s for s in selectors.smelter_search(metal=group.metal, query=search) if s.pk not in shown]
    return render(
        request,
        "smelters/review_group.html",
        {
            "group": group,
            "rows": selectors.CountedPaginator(selectors.review_group_rows(group=group), 50, count=group.rows).get_page(
                request.GET.get("page")
            ),
            "querystring": _querystring(request),
            "decision": selectors.match_decision_for(
                metal=group.metal, name_key=group.name_key, country_key=group.country_key
            ),
            "search": search,
            "results": results,
            "verdicts": MatchDecision.Verdict,
        },
    )


@require_POST
@capability_required(Capability.REVIEW_SMELTERS)
def review_decide(request: HttpRequest) -> HttpResponse:
    form = MatchDecisionForm(request.POST)
    if not form.is_valid():
        errors = "; ".join(str(e) for errs in form.errors.values() for e in errs)
        messages.error(request, _("The decision was not recorded: %(errors)s") % {"errors": errors})
        data = request.POST
        return redirect(_group_url(data.get("metal", ""), data.get("name_key", ""), data.get("country_key", "")))
    data = form.cleaned_data
    decision = services.match_decision_record(
        metal=data["metal"],
        name_key=data["name_key"],
        country_key=data["country_key"] or "",
        verdict=data["verdict"],
        smelter=data.get("smelter_obj"),
        user=request.user,
        example_name=data["example_name"],
        note=data["note"],
    )
    rows = decision.matches.count()
    name = data["example_name"] or data["name_key"]
    if decision.smelter:
        text = _("“%(name)s” is now %(sor)s (%(cid)s) on %(rows)d row(s), and will be for later submissions.") % {
            "name": name,
            "sor": decision.smelter.standard_name,
            "cid": decision.smelter.cid,
            "rows": rows,
        }
    else:
        text = _("“%(name)s”: %(verdict)s, recorded on %(rows)d row(s), and for later submissions.") % {
            "name": name,
            "verdict": decision.get_verdict_display(),
            "rows": rows,
        }
    messages.success(request, text)
    return redirect("smelters:review")
