"""Reads of smelter data: statuses as of a date, risk flags, the list and detail pages, the review queue."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any, cast
from uuid import UUID

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.db.models import Count, Min, Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.access import is_internal
from smelters import matching
from smelters.match_index import smelter_index
from smelters.models import (
    DUE_DILIGENCE_WORDS,
    MatchDecision,
    Metal,
    ReportedSmelter,
    ReviewGroupCount,
    Smelter,
    SmelterMatch,
    StatusCategory,
    StatusSnapshot,
)

# --- Statuses as of a date ------------------------------------------------------------------------


def smelter_statuses_as_of(*, as_of: date, smelter_ids: Iterable[int] | None = None) -> dict[int, StatusSnapshot]:
    """The status of each SOR as of `as_of`: its newest snapshot dated on or before that day.

    Two snapshots of the same day (two files) → the one imported last. SORs without a snapshot by
    then are absent from the result.
    """
    qs = StatusSnapshot.objects.filter(as_of__lte=as_of)
    if smelter_ids is not None:
        qs = qs.filter(smelter_id__in=list(smelter_ids))
    latest: dict[int, StatusSnapshot] = {}
    for snapshot in qs.order_by("smelter_id", "-as_of", "-created_at", "-id"):
        latest.setdefault(snapshot.smelter_id, snapshot)
    return latest


def smelter_status_as_of(*, smelter: Smelter, as_of: date) -> StatusSnapshot | None:
    return smelter_statuses_as_of(as_of=as_of, smelter_ids=[smelter.pk]).get(smelter.pk)


# --- Risk flags -----------------------------------------------------------------------------------


class Risk:
    NOT_CONFORMANT_OR_ACTIVE = "not_conformant_or_active"
    NO_STATUS = "no_status"
    COVERED_COUNTRY = "covered_country"
    DUE_DILIGENCE = "due_diligence"
    STALE_STATUS = "stale_status"

    LABELS = {
        NOT_CONFORMANT_OR_ACTIVE: _("Not Conformant or Active"),
        NO_STATUS: _("No status known"),
        COVERED_COUNTRY: _("In a Covered Country"),
        DUE_DILIGENCE: _("RMI due-diligence concern"),
        STALE_STATUS: _("Status out of date"),
    }


def status_max_age_days() -> int:
    return int(settings.SMELTER_STATUS_MAX_AGE_DAYS)


def smelter_risk_flags(*, smelter: Smelter, snapshot: StatusSnapshot | None, as_of: date) -> list[str]:
    """Why a SOR needs attention as of `as_of` (an empty list when it does not).

    Not Conformant/Active (or no status at all); located in a Covered Country (DOMAIN.md); a status
    word that signals an RMI due-diligence problem (suspension, "unable to proceed", non-conformance);
    the newest status older than SMELTER_STATUS_MAX_AGE_DAYS (default 365) on that day.
    """
    flags = []
    if snapshot is None:
        flags.append(Risk.NO_STATUS)
    elif snapshot.category not in (StatusCategory.CONFORMANT, StatusCategory.ACTIVE):
        flags.append(Risk.NOT_CONFORMANT_OR_ACTIVE)
    if matching.country_key(smelter.country) in matching.COVERED_COUNTRIES:
        flags.append(Risk.COVERED_COUNTRY)
    if snapshot is not None:
        word = matching.fold(snapshot.status)
        if any(w in word for w in DUE_DILIGENCE_WORDS):
            flags.append(Risk.DUE_DILIGENCE)
        if (as_of - snapshot.as_of).days > status_max_age_days():
            flags.append(Risk.STALE_STATUS)
    return flags


# --- List and detail ------------------------------------------------------------------------------


@dataclass
class SmelterRow:
    smelter: Smelter
    snapshot: StatusSnapshot | None
    risks: list[str]
    supplier_count: int

    @property
    def risk_labels(self) -> list[tuple[str, str]]:
        return [(r, str(Risk.LABELS[r])) for r in self.risks]


def smelters_visible_to(user: Any) -> QuerySet[Smelter]:
    """Reference data is internal: every SOR for internal users, nothing for anyone else."""
    return Smelter.objects.all() if is_internal(user) else Smelter.objects.none()


def smelter_list(
    *,
    user: Any,
    as_of: date | None = None,
    metal: str = "",
    status: str = "",
    risk: str = "",
    search: str = "",
    ordering: str = "name",
) -> list[SmelterRow]:
    """SORs with their status and risk flags as of a date, filtered for the list page.

    Status and risk depend on the date, so they are filtered here in Python over at most a few
    thousand SORs (three queries whatever the size). The supplier count is the one kept on the SOR
    (`Smelter.supplier_count`), not counted over every match on each view.
    """
    as_of = as_of or timezone.localdate()
    qs = smelters_visible_to(user)
    if metal:
        qs = qs.filter(metal=metal)
    if search:
        qs = qs.filter(
            Q(cid__icontains=search.strip())
            | Q(standard_name__icontains=search)
            | Q(aliases__name__icontains=search)
            | Q(country__icontains=search)
        ).distinct()
    smelters = list(qs)
    statuses = smelter_statuses_as_of(
        as_of=as_of, smelter_ids=None if not search and not metal else [s.pk for s in smelters]
    )
    rows = []
    for smelter in smelters:
        snapshot = statuses.get(smelter.pk)
        row = SmelterRow(
            smelter,
            snapshot,
            smelter_risk_flags(smelter=smelter, snapshot=snapshot, as_of=as_of),
            smelter.supplier_count,
        )
        if status:
            category = snapshot.category if snapshot else StatusCategory.UNKNOWN
            if status not in (category, snapshot.status if snapshot else ""):
                continue
        if risk == "any" and not row.risks:
            continue
        if risk == "none" and row.risks:
            continue
        if risk not in ("", "any", "none") and risk not in row.risks:
            continue
        rows.append(row)
    keys = {
        "name": lambda r: (r.smelter.standard_name.casefold(), r.smelter.cid),
        "metal": lambda r: (Metal.values.index(r.smelter.metal), r.smelter.standard_name.casefold()),
        "cid": lambda r: r.smelter.cid,
        "country": lambda r: (r.smelter.country.casefold(), r.smelter.standard_name.casefold()),
        "status": lambda r: (r.snapshot.status if r.snapshot else "~", r.smelter.standard_name.casefold()),
        "suppliers": lambda r: (r.supplier_count, r.smelter.standard_name.casefold()),
    }
    field_name = ordering.lstrip("-")
    rows.sort(key=keys.get(field_name, keys["name"]), reverse=ordering.startswith("-"))
    return rows


def smelter_status_words() -> list[str]:
    return list(StatusSnapshot.objects.order_by("status").values_list("status", flat=True).distinct())


@dataclass(frozen=True)
class StatusOption:
    value: str
    label: str
    nested: bool  # a published word, shown under the category it counts as


# The filter's wording of the categories: "Not Enrolled" is also a published word, so the catch-all
# category is named for what it holds.
_FILTER_CATEGORY_LABELS = {
    StatusCategory.CONFORMANT: _("Conformant"),
    StatusCategory.ACTIVE: _("Active"),
    StatusCategory.NOT_ENROLLED: _("Neither Conformant nor Active"),
    StatusCategory.UNKNOWN: _("No status"),
}


def smelter_status_options() -> list[StatusOption]:
    """One Status filter: each category, then the published words that count as it.

    A word that only repeats its category ("Conformant" under Conformant) is left out, so no word
    appears twice.
    """
    from smelters.models import status_category

    words = smelter_status_words()
    options = []
    for category, label in _FILTER_CATEGORY_LABELS.items():
        options.append(StatusOption(str(category), str(label), nested=False))
        for word in words:
            if status_category(word) == category and matching.fold(word) != matching.fold(str(label)):
                options.append(StatusOption(word, word, nested=True))
    return options


@dataclass(frozen=True)
class StaleStatuses:
    """Every status on the list is out of date: the lists they come from, newest first."""

    sources: list[tuple[str, date]]  # (file name, as of)
    days_old: int  # age of the newest status

    @property
    def one_list(self) -> bool:
        return len(self.sources) == 1


def smelter_list_stale_statuses(*, rows: list[SmelterRow], as_of: date) -> StaleStatuses | None:
    """Set when every status shown is out of date (typically all from the same old list), else None.

    The list page then says so once, naming the list, instead of "Status out of date" on every row.
    """
    sources = {(row.snapshot.source_name, row.snapshot.as_of) for row in rows if row.snapshot is not None}
    if not sources:
        return None
    newest = max(day for _name, day in sources)
    days_old = (as_of - newest).days
    if days_old <= status_max_age_days():
        return None
    return StaleStatuses(sorted(sources, key=lambda s: (s[1], s[0]), reverse=True), days_old)


def smelter_get_for_user(*, user: Any, public_id: UUID) -> Smelter:
    """The SOR if `user` may see it; 404 otherwise."""
    return get_object_or_404(smelters_visible_to(user), public_id=public_id)


@dataclass
class ReportingSupplier:
    supplier: Any
    rows: int
    names: list[str]
    sources: list[tuple[str, UUID]]  # (label, source_ref: the public_id of the CMRT submission)
    methods: list[str]


class CountedPaginator(Paginator):
    """A Paginator told its count: where a kept counter already holds it, the grouped COUNT is not run again."""

    def __init__(self, object_list: Any, per_page: int, *, count: int) -> None:
        super().__init__(object_list, per_page)
        self.__dict__["count"] = count  # Paginator.count is a cached_property: this is its cached value


def smelter_reporting_suppliers(
    *, smelter: Smelter, supplier_ids: Iterable[int] | None = None
) -> list[ReportingSupplier]:
    """The suppliers whose reported rows are matched to `smelter` (or those of `supplier_ids`), with what they typed."""
    matches = SmelterMatch.objects.filter(smelter=smelter)
    if supplier_ids is not None:
        matches = matches.filter(reported__supplier_id__in=list(supplier_ids))
    grouped: dict[int, ReportingSupplier] = {}
    for match in matches.select_related("reported__supplier").order_by(
        "reported__supplier__name", "reported__supplier_id", "reported__row_number"
    ):
        reported = match.reported
        entry = grouped.setdefault(reported.supplier_id, ReportingSupplier(reported.supplier, 0, [], [], []))
        entry.rows += 1
        for names_or_methods, value in ((entry.names, reported.name), (entry.methods, match.get_method_display())):
            if value and value not in names_or_methods:
                names_or_methods.append(value)
        source = (reported.source_label, reported.source_ref)
        if source not in entry.sources:
            entry.sources.append(source)
    return list(grouped.values())


def smelter_reporting_suppliers_page(*, smelter: Smelter, page: Any = 1, per_page: int = 50) -> Page[ReportingSupplier]:
    """One page of `smelter_reporting_suppliers`, by supplier name: a popular SOR is named by thousands.

    The suppliers of the page are chosen in SQL (grouped by supplier, LIMIT/OFFSET); only their rows are
    read. Their number is the SOR's kept `supplier_count`, so the grouping is not run twice.
    """
    suppliers = (
        SmelterMatch.objects.filter(smelter=smelter)
        .order_by()
        .values("reported__supplier_id", "reported__supplier__name")
        .annotate(rows=Count("id"))
        .order_by("reported__supplier__name", "reported__supplier_id")
    )
    paginated = CountedPaginator(suppliers, per_page, count=smelter.supplier_count).get_page(page)
    ids = [entry["reported__supplier_id"] for entry in paginated.object_list]
    paginated.object_list = smelter_reporting_suppliers(smelter=smelter, supplier_ids=ids) if ids else []
    return cast("Page[ReportingSupplier]", paginated)


# --- Review queue ---------------------------------------------------------------------------------


# What a match flag means to the reviewer: (short label, why no smelter was taken).
REVIEW_REASONS = {
    matching.FLAG_AMBIGUOUS_NAME: (
        _("same name, several smelters"),
        _("Several smelters of this metal carry this name and the country does not tell them apart."),
    ),
    matching.FLAG_ID_NAME_DISAGREES: (
        _("ID disagrees"),
        _("The Smelter ID typed belongs to a smelter whose names do not resemble the name typed."),
    ),
    matching.FLAG_ID_OTHER_METAL: (
        _("wrong metal"),
        _("The Smelter ID typed belongs to a smelter of another metal."),
    ),
    matching.FLAG_ID_UNKNOWN: (_("unknown ID"), _("The Smelter ID typed is not on the reference list.")),
    matching.FLAG_ID_MALFORMED: (_("malformed ID"), _("The Smelter ID typed is not of the form CID000000.")),
}


@dataclass
class ReviewGroup:
    metal: str
    name_key: str
    country_key: str
    names: list[str] = field(default_factory=list)
    countries: list[str] = field(default_factory=list)
    rows: int = 0
    flags: set[str] = field(default_factory=set)
    methods: set[str] = field(default_factory=set)
    proposed: Smelter | None = None
    candidates: list[tuple[Smelter, float]] = field(default_factory=list)
    typed_ids: list[str] = field(default_factory=list)

    supplier_total: int = 0

    def add_values(self, *, name: str, country: str, typed_id: str, method: str | None, flags: list[str]) -> None:
        """Take in one distinct combination of what was typed and how it was matched (the counts come from SQL)."""
        if name and name not in self.names:
            self.names.append(name)
        if country and country not in self.countries:
            self.countries.append(country)
        if typed_id and typed_id not in self.typed_ids:
            self.typed_ids.append(typed_id)
        if method is not None:
            self.methods.add(method)
            self.flags.update(flags)

    @property
    def supplier_count(self) -> int:
        return self.supplier_total

    @property
    def display_name(self) -> str:
        return self.names[0] if self.names else self.name_key

    @property
    def metal_label(self) -> str:
        return Metal(self.metal).label if self.metal in Metal.values else self.metal or "?"

    @property
    def reasons(self) -> list[tuple[str, str, str]]:
        """Why the matcher did not take a smelter for these rows, as (kind, short label, explanation).

        Read from the match flags and the candidates' scores, so that a candidate scoring 100 is
        shown with the reason it was still not taken (never as "no match").
        """
        found: list[tuple[str, str, str]] = []
        for flag in sorted(self.flags):
            if flag in REVIEW_REASONS:
                label, why = REVIEW_REASONS[flag]
                found.append((flag, str(label), str(why)))
        scored = [score for _smelter, score in self.candidates if score]
        if matching.FUZZY in self.methods:
            found.append(
                (
                    matching.FUZZY,
                    str(_("similar name")),
                    str(_("The name is close to a known smelter's (score %(score).0f) but not the same: confirm it."))
                    % {"score": scored[0] if scored else 0},
                )
            )
        if matching.NONE in self.methods and not (self.flags & REVIEW_REASONS.keys()):
            if scored and scored[0] >= matching.FUZZY_THRESHOLD:
                runner_up = scored[1] if len(scored) > 1 else 0.0
                found.append(
                    (
                        "near_tie",
                        str(_("near tie")),
                        str(
                            _(
                                "The best candidate (%(best).0f) leads the next (%(next).0f) by less than "
                                "%(margin).0f points, so neither was taken: a smelter is taken only with that lead."
                            )
                        )
                        % {"best": scored[0], "next": runner_up, "margin": matching.FUZZY_MARGIN},
                    )
                )
            elif scored:
                found.append(
                    (
                        "too_different",
                        str(_("too different")),
                        str(_("The closest name scores %(best).0f; %(threshold).0f is needed to propose a smelter."))
                        % {"best": scored[0], "threshold": matching.FUZZY_THRESHOLD},
                    )
                )
            else:
                found.append(("not_found", str(_("not found")), str(_("No smelter of this metal has a similar name."))))
        return found


GroupKey = tuple[str, str, str]  # (metal, name_key, country_key)
GROUP_FIELDS = ("metal", "name_key", "country_key")


def _review_rows(*, metal: str = "", search: str = "") -> QuerySet[ReportedSmelter]:
    qs = ReportedSmelter.objects.filter(match__needs_review=True)
    if metal:
        qs = qs.filter(metal=metal)
    if search:
        qs = qs.filter(Q(name__icontains=search) | Q(cid_as_typed__icontains=search))
    return qs


def review_queue_keys(*, metal: str = "", search: str = "") -> QuerySet[Any, dict[str, Any]]:
    """The groups waiting for review, most-reported first, as (metal, name_key, country_key, rows, suppliers).

    Read from the counts kept per group (`ReviewGroupCount`): grouping every row in review on each view
    is the cost the queue cannot pay. A search over what was typed narrows the rows first and is grouped
    in SQL. Slice it (a Paginator does) and pass the slice to `review_groups_load`.
    """
    order = ("-suppliers", "-rows", *GROUP_FIELDS)
    if not search:
        counts = ReviewGroupCount.objects.all()
        if metal:
            counts = counts.filter(metal=metal)
        return counts.values(*GROUP_FIELDS, "rows", "suppliers").order_by(*order)
    return (
        _review_rows(metal=metal, search=search)
        .order_by()
        .values(*GROUP_FIELDS)
        .annotate(rows=Count("id"), suppliers=Count("supplier_id", distinct=True))
        .order_by(*order)
    )


def _group_filter(keys: Iterable[GroupKey]) -> Q:
    condition = Q(pk__in=[])
    for metal, name_key, country_key in keys:
        condition |= Q(metal=metal, name_key=name_key, country_key=country_key)
    return condition


def review_groups_load(
    *, keys: Iterable[dict[str, Any]], rows: QuerySet[ReportedSmelter] | None = None
) -> list[ReviewGroup]:
    """The groups of `keys` (rows of `review_queue_keys`) with their spellings, countries, typed IDs,
    flags, methods and proposal: one query over the distinct combinations, never over every row."""
    keyed = list(keys)
    groups = {
        (k["metal"], k["name_key"], k["country_key"]): ReviewGroup(k["metal"], k["name_key"], k["country_key"])
        for k in keyed
    }
    for k in keyed:
        group = groups[(k["metal"], k["name_key"], k["country_key"])]
        group.rows, group.supplier_total = k["rows"], k["suppliers"]
    if not groups:
        return []
    base = ReportedSmelter.objects.all() if rows is None else rows
    combos = (
        base.filter(_group_filter(groups))
        .order_by()
        .values(*GROUP_FIELDS, "name", "country", "cid_as_typed", "match__method", "match__flags", "match__smelter_id")
        .annotate(first=Min("id"))
        .order_by("first")
    )
    proposed: dict[GroupKey, int] = {}
    for combo in combos:
        key = (combo["metal"], combo["name_key"], combo["country_key"])
        group = groups[key]
        group.add_values(
            name=combo["name"],
            country=combo["country"],
            typed_id=combo["cid_as_typed"],
            method=combo["match__method"],
            flags=combo["match__flags"] or [],
        )
        if combo["match__smelter_id"] and key not in proposed:
            proposed[key] = combo["match__smelter_id"]
    smelters = Smelter.objects.in_bulk(set(proposed.values()))
    for key, pk in proposed.items():
        groups[key].proposed = smelters.get(pk)
    return list(groups.values())


def review_queue_page(*, metal: str = "", search: str = "", page: Any = 1, per_page: int = 25) -> Page[ReviewGroup]:
    """One page of the review queue: the groups of the page only are loaded, with their candidates."""
    paginated = Paginator(review_queue_keys(metal=metal, search=search), per_page).get_page(page)
    groups = review_groups_load(keys=paginated.object_list, rows=_review_rows(metal=metal, search=search))
    attach_candidates(groups)
    paginated.object_list = groups
    return cast("Page[ReviewGroup]", paginated)


def review_queue(*, metal: str = "", search: str = "", with_candidates: bool = True) -> list[ReviewGroup]:
    """Every group waiting for review, most-reported first (the page takes a slice of `review_queue_keys`
    instead). Each group carries the proposal and, with `with_candidates`, the best candidates by name."""
    result = review_groups_load(
        keys=review_queue_keys(metal=metal, search=search), rows=_review_rows(metal=metal, search=search)
    )
    if with_candidates:
        attach_candidates(result)
    return result


def attach_candidates(groups: list[ReviewGroup], limit: int = 3) -> None:
    """Fill `candidates` of each group: the SOR of a typed ID, then the best by fuzzy score (one query)."""
    index, ids = smelter_index()
    wanted: dict[int, list[tuple[int, float]]] = defaultdict(list)  # id(group) → [(smelter pk, score)]
    pks: set[int] = set()
    for group in groups:
        if not group.metal:
            continue
        # The SOR of a typed Smelter ID of this metal is always offered (its name disagreed).
        for typed in group.typed_ids:
            pk = ids.get((group.metal, matching.cid_key(typed)))
            if pk:
                wanted[id(group)].append((pk, 0.0))
                pks.add(pk)
        for candidate in index.candidates(
            metal=group.metal,
            name=group.display_name,
            country=group.countries[0] if group.countries else "",
            limit=limit,
        ):
            pk = ids.get((group.metal, candidate.cid))
            if pk and pk not in {p for p, _ in wanted[id(group)]}:
                wanted[id(group)].append((pk, candidate.score))
                pks.add(pk)
    smelters = Smelter.objects.prefetch_related("aliases").in_bulk(pks)
    for group in groups:
        group.candidates = [(smelters[pk], score) for pk, score in wanted.get(id(group), [])]


def review_group_get(*, metal: str, name_key: str, country_key: str) -> ReviewGroup:
    """One group of the queue, also when already decided (to show and change the decision); 404 if no rows.

    Counted and summarised in SQL like the queue; its rows are read a page at a time by `review_group_rows`.
    """
    rows = ReportedSmelter.objects.filter(metal=metal, name_key=name_key, country_key=country_key)
    keys = list(
        rows.order_by().values(*GROUP_FIELDS).annotate(rows=Count("id"), suppliers=Count("supplier_id", distinct=True))
    )
    if not keys:
        raise Http404("No reported rows with this name.")
    group = review_groups_load(keys=keys, rows=rows)[0]
    attach_candidates([group], limit=5)
    return group


def review_group_rows(*, group: ReviewGroup) -> QuerySet[ReportedSmelter]:
    """The group's rows, by supplier: paginate it (a group can hold hundreds of rows)."""
    return (
        ReportedSmelter.objects.filter(metal=group.metal, name_key=group.name_key, country_key=group.country_key)
        .select_related("supplier", "match__smelter", "match__confirmed_by")
        .order_by("supplier__name", "source_label", "row_number", "id")
    )


def match_decision_for(*, metal: str, name_key: str, country_key: str) -> MatchDecision | None:
    return (
        MatchDecision.objects.filter(metal=metal, name_key=name_key, country_key=country_key)
        .select_related("smelter", "decided_by")
        .first()
    )


def smelter_search(*, metal: str, query: str, limit: int = 20) -> list[Smelter]:
    """SORs of a metal by Smelter ID, name or alias (the review page's "search for another SOR")."""
    query = query.strip()
    if not query:
        return []
    qs = Smelter.objects.filter(metal=metal).prefetch_related("aliases")
    if matching.CID_RE.match(matching.cid_key(query)):
        return list(qs.filter(cid=matching.cid_key(query)))
    return list(
        qs.filter(Q(standard_name__icontains=query) | Q(aliases__name__icontains=query) | Q(cid__icontains=query))
        .distinct()
        .order_by("standard_name")[:limit]
    )


def open_questions(*, supplier_public_id: UUID | None = None) -> QuerySet[ReportedSmelter]:
    """Reported rows whose name a reviewer decided is "unknown, ask the supplier", per supplier.

    They leave the review queue but stay listed here until the supplier answers (the outreach work
    will send them); `supplier_public_id` narrows the list to one supplier.
    """
    # The few "unknown" decisions first (one query), then only their rows through the decision index:
    # filtering on the joined verdict, or a subquery, made the planner walk every decided match.
    unknown = list(MatchDecision.objects.filter(verdict=MatchDecision.Verdict.UNKNOWN).values_list("id", flat=True))
    qs = ReportedSmelter.objects.filter(match__decision__in=unknown)
    if supplier_public_id is not None:
        qs = qs.filter(supplier__public_id=supplier_public_id)
    return qs.select_related("supplier", "match__decision__decided_by").order_by(
        "supplier__name", "supplier_id", "source_label", "row_number"
    )


def open_questions_page(*, supplier_public_id: UUID | None = None, page: Any = 1, per_page: int = 100) -> Page[Any]:
    """One page of `open_questions`: the page's ids are chosen on narrow rows (the sort by supplier name
    covers every open row), then only those rows are read whole, with supplier and decision."""
    questions = open_questions(supplier_public_id=supplier_public_id)
    paginated = Paginator(questions.values_list("id", flat=True), per_page).get_page(page)
    ids = list(paginated.object_list)
    rows = questions.model.objects.filter(id__in=ids).select_related("supplier", "match__decision__decided_by")
    by_id = {row.pk: row for row in rows}
    paginated.object_list = [by_id[pk] for pk in ids]
    return paginated


def open_questions_count(*, supplier_id: int) -> int:
    return ReportedSmelter.objects.filter(
        supplier_id=supplier_id, match__decision__verdict=MatchDecision.Verdict.UNKNOWN
    ).count()


# --- Matches of one source (a CMRT submission) ----------------------------------------------------


@dataclass(frozen=True)
class SubmissionRowMatch:
    """What one reported row of a submission was matched to, with the SOR's status and risk flags today."""

    match: SmelterMatch
    status: StatusSnapshot | None
    risks: list[str] = field(default_factory=list)

    @property
    def risk_labels(self) -> list[tuple[str, str]]:
        return [(r, str(Risk.LABELS[r])) for r in self.risks]


def source_matches(*, source_ref: UUID, as_of: date | None = None) -> dict[int, SubmissionRowMatch]:
    """Row number → match (and status and risk flags as of `as_of`, default today) for the smelter rows
    recorded from `source_ref`. Two queries however many rows; the flags are the smelter pages' own."""
    as_of = as_of or timezone.localdate()
    matches = list(
        SmelterMatch.objects.filter(reported__source_ref=source_ref).select_related("reported", "smelter", "decision")
    )
    statuses = smelter_statuses_as_of(as_of=as_of, smelter_ids={m.smelter_id for m in matches if m.smelter_id})
    rows = {}
    for m in matches:
        status = statuses.get(m.smelter_id) if m.smelter_id else None
        risks = smelter_risk_flags(smelter=m.smelter, snapshot=status, as_of=as_of) if m.smelter else []
        rows[m.reported.row_number] = SubmissionRowMatch(match=m, status=status, risks=risks)
    return rows


def smelter_reference_exists() -> bool:
    """Whether any smelter reference data has been imported (before that, no row can be matched)."""
    return Smelter.objects.exists()
