"""The due-diligence summary: every figure of DOMAIN.md's table for one campaign and one status date.

One set of selectors, read by the summary page, `report_summary`, the dashboard and the filing package.
The definitions used are the project's single ones: a request's current declaration
(surveys.selectors.current_declaration_id), "in scope" (cmrt.metal_in_scope) and a SOR's status as of a
date (the newest StatusSnapshot dated on or before it). The per-supplier facts are read in one query
over the campaign's requests (with only the JSON fields needed, extracted by the database); the
smelter figures are aggregated in the database over the reported rows of the current declarations.

Submissions count whenever they arrived; the status date decides the SOR statuses (and origin data).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import (
    Count,
    Exists,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
)
from django.db.models.fields.json import KeyTransform
from django.utils.translation import gettext_lazy as _

import cmrt
from smelters.models import METALS_3TG, ReportedSmelter, Smelter, SmelterOrigin, StatusCategory, StatusSnapshot
from suppliers.models import Supplier
from surveys.models import Campaign, Submission, SurveyRequest
from surveys.selectors import current_declaration_id

# DOMAIN.md's order of the metals in Appendix A and every per-metal figure.
METAL_ORDER: tuple[str, ...] = tuple(str(m) for m in METALS_3TG)
PROGRAM_QUESTIONS = ("A", "D", "F", "G")  # policy, due-diligence measures, review, corrective action
COVERED_ANSWERS = ("Yes", "Unknown")
FAILED_VALIDATION = (Submission.Status.INVALID, Submission.Status.REFUSED)
NOT_IDENTIFIED = "smelter not yet identified"
NOT_LISTED = "smelter not listed"

FIGURE_KEYS = (
    "campaign",
    "status_as_of",
    "suppliers_surveyed",
    "spend_coverage_pct",
    "suppliers_responded",
    "response_rate_pct",
    "valid_declarations",
    "invalid_declarations",
    "company_level_pct",
    "supply_base_incomplete_pct",
    "smelter_info_incomplete_pct",
    "covered_countries_suppliers",
    "weak_program_pct",
    "metal_sourcing_pct",
    "smelters_total",
    "smelter_countries",
    "smelters_by_metal",
    "smelters_not_conformant_or_active",
    "unmatched_smelter_names",
    "recycled_scrap_partial_pct",
    "recycled_scrap_only",
    "countries_of_origin",
)


def pct(part: int, whole: int) -> float | None:
    """A share in percent, rounded to one decimal (DOMAIN.md); None when there is nothing to divide by."""
    return round(100 * part / whole, 1) if whole else None


# --- Per supplier ---------------------------------------------------------------------------------


@dataclass
class SupplierFacts:
    """What one surveyed supplier's request and current declaration say, for every figure."""

    request_id: int
    request_public_id: Any
    supplier_id: int
    supplier_public_id: Any
    supplier_name: str
    supplier_code: str
    request_status: str
    surveyed: bool
    responded: bool
    declaration_id: int | None = None
    declaration_public_id: Any = None
    declaration_status: str = ""
    declaration_name: str = ""
    valid: bool = False
    invalid: bool = False
    company_level: bool = False
    in_scope: frozenset[str] = frozenset()
    supply_base_incomplete: bool = False
    covered_countries: bool = False
    weak_program: bool = False
    smelter_info_incomplete: bool = False

    @property
    def metals_in_scope(self) -> list[str]:
        """The metals in scope in DOMAIN.md's order."""
        return [m for m in METAL_ORDER if m in self.in_scope]


def _declaration_flags(facts: SupplierFacts, row: Mapping[str, Any]) -> None:
    questions: dict[str, dict[str, Any]] = row["questions"] or {}
    company: dict[str, dict[str, Any]] = row["company_questions"] or {}
    answers = {metal: questions.get(metal) or {} for metal in cmrt.METALS}
    facts.in_scope = frozenset(m for m, a in answers.items() if cmrt.metal_in_scope(a.get("1"), a.get("2")))
    facts.company_level = str(row["scope"] or "").strip().upper().startswith("A")
    facts.supply_base_incomplete = any(_q6(answers[m].get("6")) != 100 for m in facts.in_scope)
    facts.covered_countries = any(a.get("3") in COVERED_ANSWERS for a in answers.values())
    program_ok = all(((company.get(q) or {}).get("answer") or "").strip() == "Yes" for q in PROGRAM_QUESTIONS)
    facts.weak_program = bool(facts.in_scope) and not program_ok


def _q6(value: Any) -> float | None:
    """Question 6's answer as a number of percent ("100%", 1.0 or 100 all mean all of them)."""
    if value is None:
        return None
    if isinstance(value, int | float):
        return float(value) * 100 if value <= 1 else float(value)
    text = str(value).strip().rstrip("%").strip()
    try:
        return float(text)
    except ValueError:
        return None


def smelter_row_unidentified(row: dict[str, Any]) -> bool:
    """A smelter row that names no smelter: look-up "Smelter not yet identified", or "Smelter not listed"
    without a name or a country."""
    lookup = str(row.get("lookup_name") or "").strip().casefold()
    if lookup == NOT_IDENTIFIED:
        return True
    return lookup == NOT_LISTED and not (str(row.get("name") or "").strip() and str(row.get("country") or "").strip())


def _campaign_requests(campaign: Campaign) -> QuerySet[SurveyRequest]:
    return SurveyRequest.objects.filter(campaign=campaign)


def surveyed_q() -> Q:
    """Suppliers sent a request in the campaign: the request went out (or was answered all the same)."""
    return Q(sent_at__isnull=False) | ~Q(status=SurveyRequest.Status.NOT_SENT)


def supplier_facts(*, campaign: Campaign, smelter_rows: bool = True) -> list[SupplierFacts]:
    """The facts of every supplier surveyed in `campaign`, by supplier name (three queries).

    `smelter_rows=False` leaves `smelter_info_incomplete` unset and spares reading every declaration's
    smelter rows (the dashboard shows no figure that needs them)."""
    requests = (
        _campaign_requests(campaign)
        .filter(surveyed_q())
        .annotate(
            declaration=current_declaration_id(),
            has_submission=Exists(Submission.objects.filter(request=OuterRef("pk"))),
        )
        .values(
            "id",
            "public_id",
            "status",
            "supplier_id",
            "supplier__public_id",
            "supplier__name",
            "supplier__supplier_code",
            "declaration",
            "has_submission",
        )
        .order_by("supplier__name", "supplier__supplier_code", "id")
    )
    rows = list(requests)
    ids = [r["declaration"] for r in rows if r["declaration"]]
    declarations = {
        d["id"]: d
        for d in Submission.objects.filter(id__in=ids).values(
            "id",
            "public_id",
            "status",
            "original_name",
            scope=_json("result", "declaration", "scope"),
            questions=_json("result", "questions"),
            company_questions=_json("result", "company_questions"),
        )
    }
    unidentified = _declarations_with_unidentified_rows(ids) if smelter_rows else set()
    out = []
    for r in rows:
        facts = SupplierFacts(
            request_id=r["id"],
            request_public_id=r["public_id"],
            supplier_id=r["supplier_id"],
            supplier_public_id=r["supplier__public_id"],
            supplier_name=r["supplier__name"],
            supplier_code=r["supplier__supplier_code"],
            request_status=r["status"],
            surveyed=True,
            responded=bool(r["has_submission"]),
        )
        d = declarations.get(r["declaration"])
        if facts.responded and d is not None:
            facts.declaration_id = d["id"]
            facts.declaration_public_id = d["public_id"]
            facts.declaration_status = d["status"]
            facts.declaration_name = d["original_name"]
            facts.valid = d["status"] == Submission.Status.VALID
            facts.invalid = d["status"] in FAILED_VALIDATION
            _declaration_flags(facts, d)
            facts.smelter_info_incomplete = d["id"] in unidentified
        facts.weak_program = (not facts.responded) or facts.weak_program
        out.append(facts)
    return out


def _json(column: str, *keys: str) -> Any:
    """An expression for a key path inside a JSON column, extracted by the database."""
    expression: Any = column
    for key in keys:
        expression = KeyTransform(key, expression)
    return expression


def _declarations_with_unidentified_rows(ids: list[int]) -> set[int]:
    """The declarations among `ids` with a smelter row that names no smelter (read in chunks)."""
    found: set[int] = set()
    qs = Submission.objects.filter(id__in=ids).values_list("id", _json("result", "smelters"))
    for submission_id, smelter_rows in qs.iterator(chunk_size=200):
        if any(smelter_row_unidentified(row) for row in smelter_rows or []):
            found.add(submission_id)
    return found


# --- Smelters -------------------------------------------------------------------------------------


def current_declaration_refs(*, campaign: Campaign) -> QuerySet[Submission, Any]:
    """The public ids of the current declarations of the campaign's responded suppliers (a subquery)."""
    declared = _campaign_requests(campaign).filter(surveyed_q()).annotate(d=current_declaration_id()).values("d")
    return Submission.objects.filter(id__in=Subquery(declared)).values("public_id")


def campaign_reported_rows(*, campaign: Campaign) -> QuerySet[ReportedSmelter]:
    """The smelter rows of the current declarations: 3TG rows, and rows whose metal is blank or unreadable
    (a row matched by its Smelter ID still names a 3TG SOR; one without a match is an unmatched name)."""
    return ReportedSmelter.objects.filter(source_ref__in=current_declaration_refs(campaign=campaign)).filter(
        Q(metal__in=METAL_ORDER) | Q(metal="")
    )


@dataclass
class AppendixRow:
    metal: str
    standard_name: str
    country: str
    cid: str
    category: str
    status: str  # the word as published, "" without a status by then
    supplier_count: int
    smelter_id: int
    public_id: Any = None
    recycled_scrap: str = ""
    origin_countries: list[str] = field(default_factory=list)

    @property
    def audit_status(self) -> str:
        """As Appendix A shows it: Conformant, Active, or Not Enrolled for the rest."""
        if self.category == StatusCategory.CONFORMANT:
            return "Conformant"
        if self.category == StatusCategory.ACTIVE:
            return "Active"
        return "Not Enrolled"


_CATEGORY_ORDER = {str(StatusCategory.CONFORMANT): 0, str(StatusCategory.ACTIVE): 1}


def appendix_a(*, campaign: Campaign, as_of: date) -> list[AppendixRow]:
    """Appendix A: every known SOR named in a current declaration, with its status as of `as_of`,
    by metal (Gold, Tantalum, Tin, Tungsten), then status (Conformant, Active, the rest), then name."""
    named = (
        campaign_reported_rows(campaign=campaign)
        .filter(match__smelter__isnull=False, match__smelter__metal__in=METAL_ORDER)
        .values("match__smelter_id")
        .annotate(n=Count("supplier_id", distinct=True))
    )
    counts = {r["match__smelter_id"]: r["n"] for r in named}
    latest = StatusSnapshot.objects.filter(smelter=OuterRef("pk"), as_of__lte=as_of).order_by(
        "-as_of", "-created_at", "-id"
    )
    origin = SmelterOrigin.objects.filter(smelter=OuterRef("pk"), as_of__lte=as_of).order_by("-as_of", "-id")
    smelters = (
        Smelter.objects.filter(id__in=list(counts))
        .annotate(
            snapshot_id=Subquery(latest.values("id")[:1], output_field=IntegerField()),
            origin_id=Subquery(origin.values("id")[:1], output_field=IntegerField()),
        )
        .values("id", "public_id", "metal", "standard_name", "country", "cid", "snapshot_id", "origin_id")
    )
    smelter_rows = list(smelters)
    snapshots = StatusSnapshot.objects.in_bulk([s["snapshot_id"] for s in smelter_rows if s["snapshot_id"]])
    origins = SmelterOrigin.objects.in_bulk([s["origin_id"] for s in smelter_rows if s["origin_id"]])
    rows = []
    for s in smelter_rows:
        snap = snapshots.get(s["snapshot_id"])
        orig = origins.get(s["origin_id"])
        rows.append(
            AppendixRow(
                metal=s["metal"],
                standard_name=s["standard_name"],
                country=s["country"],
                cid=s["cid"],
                category=snap.category if snap else str(StatusCategory.UNKNOWN),
                status=snap.status if snap else "",
                supplier_count=counts[s["id"]],
                smelter_id=s["id"],
                public_id=s["public_id"],
                recycled_scrap=orig.recycled_scrap if orig else "",
                origin_countries=list(orig.countries) if orig else [],
            )
        )
    rows.sort(key=lambda r: (METAL_ORDER.index(r.metal), _CATEGORY_ORDER.get(r.category, 2), r.standard_name.lower()))
    return rows


def unmatched_names(*, campaign: Campaign) -> list[dict[str, Any]]:
    """Distinct reported (metal, name) that match no known SOR, with how many suppliers named each."""
    return list(
        campaign_reported_rows(campaign=campaign)
        .filter(Q(match__isnull=True) | Q(match__smelter__isnull=True))
        .values("metal", "name_key")
        .annotate(suppliers=Count("supplier_id", distinct=True))
        .order_by("metal", "name_key")
    )


# --- The summary ----------------------------------------------------------------------------------


def _spend(qs: QuerySet[Supplier]) -> Decimal:
    return qs.aggregate(total=Sum("annual_spend"))["total"] or Decimal(0)


def spend_coverage_pct(facts: list[SupplierFacts]) -> float | None:
    """Annual spend with the suppliers of `facts` as a share of the spend with every supplier (two queries)."""
    surveyed_spend = _spend(Supplier.objects.filter(id__in=[f.supplier_id for f in facts]))
    all_spend = _spend(Supplier.objects.all())
    return round(float(100 * surveyed_spend / all_spend), 1) if all_spend else None


def smelters_by_metal(appendix: list[AppendixRow]) -> dict[str, dict[str, Any]]:
    """Per metal, the Appendix A rows: total, Conformant, Active, the rest, and the share of the first two."""
    by_metal: dict[str, dict[str, Any]] = {}
    for metal in METAL_ORDER:
        rows = [r for r in appendix if r.metal == metal]
        conformant = sum(r.category == StatusCategory.CONFORMANT for r in rows)
        active = sum(r.category == StatusCategory.ACTIVE for r in rows)
        by_metal[metal] = {
            "total": len(rows),
            "conformant": conformant,
            "active": active,
            "other": len(rows) - conformant - active,
            "conformant_or_active_pct": pct(conformant + active, len(rows)),
        }
    return by_metal


def summary(*, campaign: Campaign, as_of: date) -> dict[str, Any]:
    """Every figure of DOMAIN.md's table (keys: FIGURE_KEYS) for `campaign` with statuses as of `as_of`."""
    facts = supplier_facts(campaign=campaign)
    responded = [f for f in facts if f.responded]
    surveyed = len(facts)
    n_resp = len(responded)
    appendix = appendix_a(campaign=campaign, as_of=as_of)
    by_metal = smelters_by_metal(appendix)
    with_origin = [r for r in appendix if r.recycled_scrap or r.origin_countries]
    has_origin = bool(with_origin)
    countries: set[str] = set()
    for r in with_origin:
        countries.update(r.origin_countries)
    return {
        "campaign": campaign.name,
        "status_as_of": as_of.isoformat(),
        "suppliers_surveyed": surveyed,
        "spend_coverage_pct": spend_coverage_pct(facts),
        "suppliers_responded": n_resp,
        "response_rate_pct": pct(n_resp, surveyed),
        "valid_declarations": sum(f.valid for f in responded),
        "invalid_declarations": sum(f.invalid for f in responded),
        "company_level_pct": pct(sum(f.company_level for f in responded), n_resp),
        "supply_base_incomplete_pct": pct(sum(f.supply_base_incomplete for f in responded), n_resp),
        "smelter_info_incomplete_pct": pct(sum(f.smelter_info_incomplete for f in responded), n_resp),
        "covered_countries_suppliers": sum(f.covered_countries for f in responded),
        "weak_program_pct": pct(sum(f.weak_program for f in facts), surveyed),
        "metal_sourcing_pct": {m: pct(sum(m in f.in_scope for f in responded), n_resp) for m in METAL_ORDER},
        "smelters_total": len(appendix),
        "smelter_countries": len({r.country.casefold() for r in appendix if r.country}),
        "smelters_by_metal": by_metal,
        "smelters_not_conformant_or_active": sum(
            r.category not in (StatusCategory.CONFORMANT, StatusCategory.ACTIVE) for r in appendix
        ),
        "unmatched_smelter_names": len(unmatched_names(campaign=campaign)),
        "recycled_scrap_partial_pct": (
            pct(sum(r.recycled_scrap == SmelterOrigin.RecycledScrap.PARTIAL for r in appendix), len(appendix))
            if has_origin
            else None
        ),
        "recycled_scrap_only": (
            sum(r.recycled_scrap == SmelterOrigin.RecycledScrap.ONLY for r in appendix) if has_origin else None
        ),
        "countries_of_origin": sorted(countries) if has_origin else None,
    }


# --- Drill-down: the suppliers behind a figure ----------------------------------------------------

# figure key → (plain-words definition, which suppliers are behind it)
DRILL_DOWNS = (
    "suppliers_surveyed",
    "suppliers_responded",
    "not_responded",
    "valid_declarations",
    "invalid_declarations",
    "company_level_pct",
    "supply_base_incomplete_pct",
    "smelter_info_incomplete_pct",
    "covered_countries_suppliers",
    "weak_program_pct",
    "metal_sourcing_pct",
    "smelters_total",
    "smelters_not_conformant_or_active",
    "unmatched_smelter_names",
)


def figure_suppliers(*, campaign: Campaign, as_of: date, key: str, metal: str = "") -> list[SupplierFacts]:
    """The suppliers behind the figure `key` (per-metal figures take `metal`); ValueError for another key."""
    facts = supplier_facts(campaign=campaign)
    simple: dict[str, Callable[[SupplierFacts], bool]] = {
        "suppliers_surveyed": lambda f: True,
        "spend_coverage_pct": lambda f: True,
        "suppliers_responded": lambda f: f.responded,
        "response_rate_pct": lambda f: f.responded,
        "not_responded": lambda f: not f.responded,
        "valid_declarations": lambda f: f.responded and f.valid,
        "invalid_declarations": lambda f: f.responded and f.invalid,
        "company_level_pct": lambda f: f.responded and f.company_level,
        "supply_base_incomplete_pct": lambda f: f.responded and f.supply_base_incomplete,
        "smelter_info_incomplete_pct": lambda f: f.responded and f.smelter_info_incomplete,
        "covered_countries_suppliers": lambda f: f.responded and f.covered_countries,
        "weak_program_pct": lambda f: f.weak_program,
        "metal_sourcing_pct": lambda f: f.responded and (metal in f.in_scope if metal else bool(f.in_scope)),
    }
    if key in simple:
        return [f for f in facts if simple[key](f)]
    if key in ("smelters_total", "smelters_by_metal", "smelters_not_conformant_or_active", "unmatched_smelter_names"):
        rows = campaign_reported_rows(campaign=campaign)
        if metal:
            rows = rows.filter(Q(match__smelter__metal=metal) | Q(match__smelter__isnull=True, metal=metal))
        if key == "unmatched_smelter_names":
            rows = rows.filter(Q(match__isnull=True) | Q(match__smelter__isnull=True))
        else:
            rows = rows.filter(match__smelter__isnull=False)
            if key == "smelters_not_conformant_or_active":
                wanted = {
                    r.smelter_id
                    for r in appendix_a(campaign=campaign, as_of=as_of)
                    if r.category not in (StatusCategory.CONFORMANT, StatusCategory.ACTIVE)
                }
                rows = rows.filter(match__smelter_id__in=wanted)
        supplier_ids = set(rows.values_list("supplier_id", flat=True))
        return [f for f in facts if f.supplier_id in supplier_ids]
    raise ValueError(key)


def smelter_suppliers(*, campaign: Campaign) -> dict[int, list[int]]:
    """SOR id → ids of the suppliers whose current declaration names it."""
    found: dict[int, list[int]] = defaultdict(list)
    rows = campaign_reported_rows(campaign=campaign).filter(match__smelter__isnull=False)
    for smelter_id, supplier_id in rows.values_list("match__smelter_id", "supplier_id").distinct():
        found[smelter_id].append(supplier_id)
    return dict(found)


def previous_campaign(*, campaign: Campaign) -> Campaign | None:
    """The campaign of the reporting period before `campaign`'s (the latest one that started earlier)."""
    return (
        Campaign.objects.filter(period_start__lt=campaign.period_start)
        .exclude(status=Campaign.Status.DRAFT)
        .order_by("-period_start", "-id")
        .first()
    )


# --- What each figure means, in plain words (the summary page) -------------------------------------

FIGURE_LABELS: dict[str, Any] = {
    "suppliers_surveyed": _("Suppliers surveyed"),
    "spend_coverage_pct": _("Spend covered"),
    "suppliers_responded": _("Suppliers who responded"),
    "response_rate_pct": _("Response rate"),
    "valid_declarations": _("Valid declarations"),
    "invalid_declarations": _("Invalid declarations"),
    "company_level_pct": _("Company-level declarations"),
    "supply_base_incomplete_pct": _("Supply base not fully surveyed"),
    "smelter_info_incomplete_pct": _("Smelter information incomplete"),
    "covered_countries_suppliers": _("Possible Covered Countries sourcing"),
    "weak_program_pct": _("Weak or unknown due-diligence programme"),
    "metal_sourcing_pct": _("Suppliers sourcing each metal"),
    "smelters_total": _("Known smelters and refiners (Appendix A)"),
    "smelter_countries": _("Countries of the smelters and refiners"),
    "smelters_by_metal": _("Smelters and refiners by metal and status"),
    "smelters_not_conformant_or_active": _("Smelters neither Conformant nor Active"),
    "unmatched_smelter_names": _("Smelter names matching no known smelter"),
    "recycled_scrap_partial_pct": _("Smelters sourcing partly from recycled or scrap"),
    "recycled_scrap_only": _("Smelters sourcing only from recycled or scrap"),
    "countries_of_origin": _("Countries of origin"),
}

FIGURE_DEFINITIONS: dict[str, Any] = {
    "suppliers_surveyed": _("Suppliers that were sent a request in this campaign."),
    "spend_coverage_pct": _(
        "Annual spend with the surveyed suppliers, as a share of the annual spend with every supplier on the list."
    ),
    "suppliers_responded": _("Surveyed suppliers that sent at least one CMRT, whatever its outcome."),
    "response_rate_pct": _("Suppliers who responded, as a share of the suppliers surveyed."),
    "valid_declarations": _(
        "Responded suppliers whose current declaration passed validation. A supplier's current declaration is "
        "its latest file that passed validation, or its latest file if none did."
    ),
    "invalid_declarations": _("Responded suppliers whose current declaration failed validation or was refused."),
    "company_level_pct": _(
        'Responded suppliers whose current declaration covers the whole company (scope "A. Company"), as a '
        "share of the suppliers who responded."
    ),
    "supply_base_incomplete_pct": _(
        # xgettext:no-python-format ("[[...]]% of", "100% for" are no placeholders)
        "Responded suppliers who answered question 6 with less than 100% for at least one metal in scope, "
        "as a share of the suppliers who responded."
    ),
    "smelter_info_incomplete_pct": _(
        'Responded suppliers whose current declaration has a smelter row that names no smelter ("Smelter not '
        'yet identified", or "Smelter not listed" without a name or a country), as a share of those who '
        "responded."
    ),
    "covered_countries_suppliers": _(
        'Responded suppliers answering question 3 (sourcing from the Covered Countries) "Yes" or "Unknown" '
        "for at least one metal."
    ),
    "weak_program_pct": _(
        "Surveyed suppliers who did not respond, or whose current declaration has a metal in scope without "
        'answering "Yes" to all of questions A (policy), D (due-diligence measures), F (review of suppliers\' '
        "information) and G (corrective action), as a share of the suppliers surveyed."
    ),
    "metal_sourcing_pct": _(
        'For each metal, responded suppliers that have it in scope (question 1 or 2 "Yes" and neither "No"), '
        "as a share of the suppliers who responded."
    ),
    "smelters_total": _(
        "Distinct known smelters and refiners (by metal and Smelter ID) named in the current declarations: the "
        "rows of Appendix A."
    ),
    "smelter_countries": _("Distinct facility countries of the smelters and refiners in Appendix A."),
    "smelters_by_metal": _(
        "For each metal, the smelters and refiners of Appendix A, how many are Conformant and Active on the "
        "status date, and the share of those two."
    ),
    "smelters_not_conformant_or_active": _(
        "Rows of Appendix A whose status on the status date is neither Conformant nor Active."
    ),
    "unmatched_smelter_names": _(
        "Distinct smelter names (per metal) in the current declarations that match no known smelter or "
        "refiner; they are not in Appendix A and are followed up with the supplier."
    ),
    "recycled_scrap_partial_pct": _(
        "From imported country-of-origin data: Appendix A smelters sourcing partly from recycled or scrap "
        "material, as a share of all Appendix A rows. Empty without such data."
    ),
    "recycled_scrap_only": _("From the same data: Appendix A smelters sourcing only from recycled or scrap."),
    "countries_of_origin": _("From the same data: every country of origin of the Appendix A smelters."),
}


def same_day_a_year_earlier(day: date) -> date:
    """The status date of the year before (28 February for a 29 February)."""
    try:
        return day.replace(year=day.year - 1)
    except ValueError:
        return day.replace(year=day.year - 1, day=28)


def change(current: Any, previous: Any) -> Any:
    """The change of a figure since the previous campaign: a difference for numbers, per metal for the
    per-metal figures, None where one side has no value."""
    if isinstance(current, dict) and isinstance(previous, dict):
        return {k: change(v, previous.get(k)) for k, v in current.items()}
    if isinstance(current, int | float) and isinstance(previous, int | float) and not isinstance(current, bool):
        diff = current - previous
        return round(diff, 1) if isinstance(diff, float) else diff
    return None
