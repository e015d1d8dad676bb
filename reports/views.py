"""The reports for internal users: the due-diligence summary, the suppliers behind each figure, and
Appendix A (page, CSV, XLSX), read by legal and supply chain alike; and the filing package, which the
legal team prepares and exports."""

from __future__ import annotations

import csv
import io
from datetime import date
from uuid import UUID

from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseBadRequest, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from openpyxl import Workbook

from accounts.models import User
from core.access import Capability, capability_required
from core.exporting import escape_row
from reports import figures, filing, selectors, services
from reports.forms import FilingPackageForm, ReportRunForm
from reports.models import ReportRun
from surveys.models import Campaign
from surveys.selectors import campaign_get_for_user


def _as_of(request: HttpRequest) -> date:
    try:
        return date.fromisoformat(request.GET.get("as_of", ""))
    except ValueError:
        return timezone.localdate()


def _campaign(request: HttpRequest, public_id: UUID) -> Campaign:
    return campaign_get_for_user(user=request.user, public_id=public_id)


@require_GET
@capability_required(Capability.READ)
def summary(request: HttpRequest, public_id: UUID) -> HttpResponse:
    campaign = _campaign(request, public_id)
    as_of = _as_of(request)
    current = figures.summary(campaign=campaign, as_of=as_of)
    previous_campaign = figures.previous_campaign(campaign=campaign)
    previous = (
        figures.summary(campaign=previous_campaign, as_of=figures.same_day_a_year_earlier(as_of))
        if previous_campaign
        else None
    )
    rows = [
        {
            "key": key,
            "label": figures.FIGURE_LABELS[key],
            "definition": figures.FIGURE_DEFINITIONS[key],
            "value": current[key],
            "previous": previous[key] if previous else None,
            "change": figures.change(current[key], previous[key]) if previous else None,
            "drill": key in figures.DRILL_DOWNS or key in ("spend_coverage_pct", "response_rate_pct"),
        }
        for key in figures.FIGURE_KEYS
        if key not in ("campaign", "status_as_of")
    ]
    for row in rows:
        if row["key"] == "metal_sourcing_pct" or row["key"] == "smelters_by_metal":
            row["per_metal"] = [
                (m, row["value"][m], row["change"][m] if row["change"] else None) for m in figures.METAL_ORDER
            ]
        elif row["key"] == "countries_of_origin" and row["value"] is not None:
            row["value"] = ", ".join(row["value"])
            row["change"] = None
    return render(
        request,
        "reports/summary.html",
        {
            "campaign": campaign,
            "as_of": as_of,
            "rows": rows,
            "metals": figures.METAL_ORDER,
            "previous_campaign": previous_campaign,
        },
    )


@require_GET
@capability_required(Capability.READ)
def figure_suppliers(request: HttpRequest, public_id: UUID, key: str) -> HttpResponse:
    campaign = _campaign(request, public_id)
    as_of = _as_of(request)
    metal = request.GET.get("metal", "")
    if metal and metal not in figures.METAL_ORDER:
        raise Http404
    try:
        suppliers = figures.figure_suppliers(campaign=campaign, as_of=as_of, key=key, metal=metal)
    except ValueError:
        raise Http404 from None
    label = figures.FIGURE_LABELS.get(key) or _("Suppliers who did not respond")
    definition = figures.FIGURE_DEFINITIONS.get(key) or _("Surveyed suppliers that sent no CMRT (declined too).")
    return render(
        request,
        "reports/figure_suppliers.html",
        {
            "campaign": campaign,
            "as_of": as_of,
            "label": label,
            "definition": definition,
            "metal": metal,
            "suppliers": suppliers,
        },
    )


APPENDIX_HEADERS = ("Metal", "Standard Smelter Name", "Smelter Facility Location", "Smelter ID", "RMI Audit Status")


def _appendix_rows(campaign: Campaign, as_of: date) -> list[list[object]]:
    return [
        escape_row([row.metal.title(), row.standard_name, row.country, row.cid, row.audit_status])
        for row in figures.appendix_a(campaign=campaign, as_of=as_of)
    ]


@require_GET
@capability_required(Capability.READ)
def appendix_a(request: HttpRequest, public_id: UUID) -> HttpResponse:
    campaign = _campaign(request, public_id)
    as_of = _as_of(request)
    return render(
        request,
        "reports/appendix_a.html",
        {
            "campaign": campaign,
            "as_of": as_of,
            "rows": figures.appendix_a(campaign=campaign, as_of=as_of),
            "unmatched": figures.unmatched_names(campaign=campaign),
        },
    )


def _filename(campaign: Campaign, as_of: date, ext: str) -> str:
    safe = "".join(c if c.isalnum() else "-" for c in campaign.name).strip("-") or "campaign"
    return f"appendix-a-{safe}-{as_of.isoformat()}.{ext}"


@require_GET
@capability_required(Capability.READ)
def appendix_a_csv(request: HttpRequest, public_id: UUID) -> HttpResponse:
    campaign = _campaign(request, public_id)
    as_of = _as_of(request)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(escape_row(APPENDIX_HEADERS))
    writer.writerows(_appendix_rows(campaign, as_of))
    response = HttpResponse(out.getvalue().encode("utf-8-sig"), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_filename(campaign, as_of, "csv")}"'
    return response


@require_GET
@capability_required(Capability.READ)
def appendix_a_xlsx(request: HttpRequest, public_id: UUID) -> HttpResponse:
    campaign = _campaign(request, public_id)
    as_of = _as_of(request)
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "Appendix A"
    ws.append(escape_row([_("Appendix A: smelters and refiners, RMI audit status as of %(date)s") % {"date": as_of}]))
    ws.append(list(APPENDIX_HEADERS))
    for row in _appendix_rows(campaign, as_of):
        ws.append(row)
    for column, width in zip("ABCDE", (12, 60, 30, 14, 18), strict=True):
        ws.column_dimensions[column].width = width
    out = io.BytesIO()
    wb.save(out)
    response = HttpResponse(
        out.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="{_filename(campaign, as_of, "xlsx")}"'
    return response


# --- The filing package (legal) -------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@capability_required(Capability.PREPARE_FILING)
def filing_package(request: HttpRequest, public_id: UUID) -> HttpResponse:
    campaign = _campaign(request, public_id)
    package = services.filing_package_start(campaign=campaign)
    as_of = _as_of(request)
    form = FilingPackageForm(request.POST or None, instance=package)
    if request.method == "POST" and form.is_valid():
        services.filing_package_update(package=package, cover=form.cover(), narrative=form.narrative())
        messages.success(request, _("The filing package is saved."))
        return redirect(f"{reverse('reports:filing_package', args=[campaign.public_id])}?as_of={as_of.isoformat()}")
    runs = list(selectors.report_runs_for_package(package=package)[:20])
    return render(
        request,
        "reports/filing_package.html",
        {
            "campaign": campaign,
            "as_of": as_of,
            "package": package,
            "form": form,
            "run_form": ReportRunForm(initial={"as_of": as_of, "mode": package.mode}),
            "checklist": filing.checklist(package=package, as_of=as_of),
            "runs": runs,
            "building": any(r.status in (ReportRun.Status.QUEUED, ReportRun.Status.RUNNING) for r in runs),
        },
    )


@require_POST
@capability_required(Capability.PREPARE_FILING)
def report_run_create(request: HttpRequest, public_id: UUID) -> HttpResponse:
    campaign = _campaign(request, public_id)
    package = services.filing_package_start(campaign=campaign)
    form = ReportRunForm(request.POST)
    if not form.is_valid():
        return HttpResponseBadRequest(_("Give a status date and what is filed."))
    as_of = form.cleaned_data["as_of"]
    assert isinstance(request.user, User)
    services.report_run_create(package=package, as_of=as_of, mode=form.cleaned_data["mode"], user=request.user)
    messages.info(request, _("The package is being built; this page shows its progress."))
    return redirect(f"{reverse('reports:filing_package', args=[campaign.public_id])}?as_of={as_of.isoformat()}")


@require_GET
@capability_required(Capability.PREPARE_FILING)
def report_run_status(request: HttpRequest, public_id: UUID) -> HttpResponse:
    run = selectors.report_run_get_for_user(user=request.user, public_id=public_id)
    return JsonResponse(
        {
            "status": run.status,
            "progress": run.progress,
            "done": run.status in (ReportRun.Status.DONE, ReportRun.Status.FAILED),
            "error": run.error,
        }
    )


@require_GET
@capability_required(Capability.PREPARE_FILING)
def report_run_download(request: HttpRequest, public_id: UUID) -> FileResponse:
    run = selectors.report_run_get_for_user(user=request.user, public_id=public_id)
    if run.status != ReportRun.Status.DONE or not run.file:
        raise Http404
    return FileResponse(
        run.file.open("rb"),
        as_attachment=True,
        filename=filing.package_name(run.package.campaign.name, run.as_of.isoformat()),
        content_type="application/zip",
    )
