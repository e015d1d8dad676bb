"""Writes for smelter reference data, reported smelter rows, matches and review decisions."""

from __future__ import annotations

import hashlib
import threading
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone

from core.importing import ImportRefused, RowProblem
from smelters import matching
from smelters.importing import (
    ParsedFile,
    ReferenceFileError,
    date_from_name,
    parse_origin_file,
    parse_reference_file,
)
from smelters.models import (
    MatchDecision,
    MatchMethod,
    ReferenceImport,
    ReportedSmelter,
    Smelter,
    SmelterAlias,
    SmelterMatch,
    SmelterOrigin,
    StatusSnapshot,
    status_category,
)


@dataclass
class ImportOutcome:
    reference_import: ReferenceImport | None
    kind: str
    sheet: str
    as_of: date
    as_of_origin: str
    counts: dict[str, int] = field(default_factory=dict)
    warnings: list[RowProblem] = field(default_factory=list)
    skipped: list[RowProblem] = field(default_factory=list)  # rows left out on purpose, with the reason

    @property
    def changed(self) -> bool:
        return any(v for k, v in self.counts.items() if k.endswith(("_created", "_updated")))


def _as_of_for(parsed: ParsedFile, name: str, as_of: date | None) -> tuple[date, str]:
    if as_of is not None:
        return as_of, "the date given with the import"
    if parsed.file_date:
        return parsed.file_date, f"the file ({parsed.file_date_origin})"
    from_name = date_from_name(name)
    if from_name:
        return from_name, "the file name"
    # Dating a list "today" would make an old list look current and hide the newer statuses, so a
    # file without a date of its own is refused until the user says when it was published.
    raise ImportRefused(
        f"{name}: the file carries no date, and statuses must be dated. Give the date the list was "
        "published (command: --as-of YYYY-MM-DD; admin: the 'Statuses as of' field)."
    )


def smelter_reference_import(
    *,
    source: bytes | Path | str,
    name: str | None = None,
    as_of: date | None = None,
    user: Any = None,
) -> ImportOutcome:
    """Import a Smelter Look-up, status list or Appendix A file, all or nothing.

    Smelters are created or updated (name and location only from a file at least as recent as the
    one they came from), look-up names added as aliases, and each status written as a snapshot
    dated `as_of` (given, else found in the file or its name; a file with no date is refused, since
    dating it today would make an old list look current). A snapshot from the same
    file and date is never written twice, and older snapshots are never touched, so re-importing a
    file is a no-op and earlier dates stay answerable. Any bad row aborts the import with every
    problem listed (core.importing.ImportRefused). A row whose Smelter ID belongs to another metal is skipped
    and listed in `warnings`. Afterwards the matches of reported rows are refreshed.
    """
    if isinstance(source, bytes):
        data, label = source, name or "upload"
    else:
        data, label = Path(source).read_bytes(), name or Path(source).name
    try:
        parsed = parse_reference_file(data, name=label)
    except ReferenceFileError as exc:
        raise ImportRefused(str(exc)) from exc
    if parsed.problems:
        raise ImportRefused.bad_rows(label, parsed.problems)
    day, origin = _as_of_for(parsed, label, as_of)
    counts = dict.fromkeys(
        (
            "smelters_created",
            "smelters_updated",
            "smelters_unchanged",
            "aliases_created",
            "statuses_created",
            "statuses_unchanged",
        ),
        0,
    )
    counts["rows_skipped"] = parsed.skipped
    counts["rows_skipped_id_of_other_metal"] = 0
    problems: list[RowProblem] = []
    warnings: list[RowProblem] = []
    with transaction.atomic():
        existing = {(s.metal, s.smelter_id): s for s in Smelter.objects.all()}
        known_aliases = set(SmelterAlias.objects.values_list("smelter_id", "name"))
        snapshots = {s.smelter_id: s for s in StatusSnapshot.objects.filter(as_of=day, source_name=label)}
        record_import = ReferenceImport(
            source_name=label,
            sha256=hashlib.sha256(data).hexdigest(),
            kind=parsed.kind,
            sheet=parsed.sheet,
            as_of=day,
            as_of_origin=origin,
            imported_by=user if getattr(user, "is_authenticated", False) else None,
        )
        new_snapshots: list[StatusSnapshot] = []
        new_aliases: list[SmelterAlias] = []
        metals_of: dict[str, Smelter] = {}
        for smelter in existing.values():
            metals_of.setdefault(smelter.smelter_id, smelter)
        for record in parsed.records:
            smelter = existing.get((record.metal, record.smelter_id))
            other = metals_of.get(record.smelter_id)
            if smelter is None and other is not None and other.metal != record.metal:
                # A CID belongs to one metal (CMRT_FORMAT.md §5). Real lists contain copy errors
                # (the 2023 consultant list gives A.L.M.T.'s tungsten row Abington Reldan's gold
                # CID002708): the first metal seen wins - import the RMI look-up first - and the
                # row is skipped with a warning rather than creating a second, wrong SOR.
                warnings.append(
                    RowProblem(
                        record.where,
                        f"{record.smelter_id} is the {other.get_metal_display()} smelter '{other.standard_name}'; "
                        f"this {record.metal} row ('{record.standard_name}') was skipped",
                    )
                )
                counts["rows_skipped_id_of_other_metal"] += 1
                continue
            wanted = {
                "standard_name": record.standard_name,
                "country": record.country,
                "state_province": record.state_province,
                "city": record.city,
                "street": record.street,
            }
            if smelter is None:
                if not record.standard_name:
                    problems.append(RowProblem(record.where, "a new smelter needs a standard name"))
                    continue
                smelter = Smelter.objects.create(
                    metal=record.metal,
                    smelter_id=record.smelter_id,
                    reference_as_of=day,
                    reference_source=label,
                    **wanted,
                )
                existing[(record.metal, record.smelter_id)] = smelter
                metals_of.setdefault(record.smelter_id, smelter)
                counts["smelters_created"] += 1
            elif smelter.reference_as_of is None or day >= smelter.reference_as_of:
                # Case-only differences ("Saudi Arabia" / "SAUDI ARABIA") are not changes.
                changes = {k: v for k, v in wanted.items() if v and getattr(smelter, k).casefold() != v.casefold()}
                for key, value in changes.items():
                    setattr(smelter, key, value)
                if changes or smelter.reference_as_of != day:
                    # Also when unchanged: the data is now confirmed as of this (newer) date.
                    smelter.reference_as_of, smelter.reference_source = day, label
                    smelter.save()
                counts["smelters_updated" if changes else "smelters_unchanged"] += 1
            else:
                counts["smelters_unchanged"] += 1
            for alias in dict.fromkeys((record.standard_name, *record.aliases)):
                alias = " ".join(alias.split())
                if alias and (smelter.pk, alias) not in known_aliases:
                    known_aliases.add((smelter.pk, alias))
                    new_aliases.append(SmelterAlias(smelter=smelter, name=alias[:255], source=label))
            if record.status:
                previous = snapshots.get(smelter.pk)
                if previous is not None:
                    if previous.status != record.status:
                        problems.append(
                            RowProblem(
                                record.where,
                                f"this file already gave {record.smelter_id} the status '{previous.status}' "
                                f"as of {day}; snapshots are never rewritten, import with another --as-of",
                            )
                        )
                    counts["statuses_unchanged"] += 1
                    continue
                new_snapshots.append(
                    StatusSnapshot(
                        smelter=smelter,
                        status=record.status[:100],
                        category=status_category(record.status),
                        assessment_program=record.assessment_program[:100],
                        last_audit_date=record.last_audit_date,
                        next_audit_date=record.next_audit_date,
                        as_of=day,
                        source_name=label,
                    )
                )
        if problems:
            transaction.set_rollback(True)
            raise ImportRefused.bad_rows(label, problems)
        SmelterAlias.objects.bulk_create(new_aliases)
        counts["aliases_created"] = len(new_aliases)
        counts["statuses_created"] = len(new_snapshots)
        outcome = ImportOutcome(None, parsed.kind, parsed.sheet, day, origin, counts, warnings, parsed.skipped_rows)
        if outcome.changed:
            record_import.counts = counts
            record_import.save()
            for snapshot in new_snapshots:
                snapshot.reference_import = record_import
            StatusSnapshot.objects.bulk_create(new_snapshots)
            outcome.reference_import = record_import
            # Re-matching every reported row can take a while: a worker does it once this commits.
            transaction.on_commit(_rematch_enqueue)
    return outcome


@dataclass
class OriginOutcome:
    as_of: date
    created: int = 0
    updated: int = 0
    unchanged: int = 0


@transaction.atomic
def smelter_origins_import(*, source: bytes | Path | str, as_of: date, name: str | None = None) -> OriginOutcome:
    """Import country-of-origin data (RMI member data) for known SORs, dated `as_of`.

    All or nothing: a row with an unknown metal, a malformed or unknown Smelter ID, or an unknown
    recycled/scrap word aborts the import with every problem listed. Importing the same file with the
    same date again changes nothing; a new date adds a new record and keeps the older ones.
    """
    if isinstance(source, bytes):
        data, label = source, name or "upload"
    else:
        data, label = Path(source).read_bytes(), name or Path(source).name
    try:
        records, problems = parse_origin_file(data, name=label)
    except ReferenceFileError as exc:
        raise ImportRefused(str(exc)) from exc
    smelters = {(s.metal, s.smelter_id): s for s in Smelter.objects.all()}
    for record in records:
        if (record.metal, record.smelter_id) not in smelters:
            problems.append(RowProblem(record.where, f"{record.smelter_id} is not a known {record.metal} smelter; "
                                       "import the RMI look-up or status list first"))  # fmt: skip
    if problems:
        raise ImportRefused.bad_rows(label, problems)
    outcome = OriginOutcome(as_of=as_of)
    for record in records:
        smelter = smelters[(record.metal, record.smelter_id)]
        values = {"countries": sorted(record.countries), "recycled_scrap": record.recycled_scrap, "source_name": label}
        existing = SmelterOrigin.objects.filter(smelter=smelter, as_of=as_of).first()
        if existing is None:
            SmelterOrigin.objects.create(smelter=smelter, as_of=as_of, **values)
            outcome.created += 1
        elif any(getattr(existing, k) != v for k, v in values.items()):
            SmelterOrigin.objects.filter(pk=existing.pk).update(**values)
            outcome.updated += 1
        else:
            outcome.unchanged += 1
    return outcome


# --- Matching -------------------------------------------------------------------------------------

_index_lock = threading.Lock()
_index_cache: dict[str, Any] = {"version": None, "index": None, "smelters": None}


def _reference_version() -> tuple:
    smelters = Smelter.objects.aggregate(n=Max("id"), changed=Max("updated_at"))
    aliases = SmelterAlias.objects.aggregate(n=Max("id"))
    return (Smelter.objects.count(), smelters["n"], smelters["changed"], aliases["n"])


def smelter_index() -> tuple[matching.MatchIndex, dict[tuple[str, str], int]]:
    """The per-metal match index and (metal, CID) → smelter pk, rebuilt when the reference data changes."""
    version = _reference_version()
    with _index_lock:
        if _index_cache["version"] != version:
            aliases: dict[int, list[str]] = {}
            for smelter_pk, alias in SmelterAlias.objects.values_list("smelter_id", "name"):
                aliases.setdefault(smelter_pk, []).append(alias)
            references = []
            ids = {}
            for pk, metal, cid, standard, country in Smelter.objects.values_list(
                "pk", "metal", "smelter_id", "standard_name", "country"
            ):
                references.append(matching.Reference(metal, cid, standard, country, tuple(aliases.get(pk, ()))))
                ids[(metal, cid)] = pk
            _index_cache.update(version=version, index=matching.MatchIndex(references), smelters=ids)
        return _index_cache["index"], _index_cache["smelters"]


@dataclass(frozen=True)
class RowInput:
    """A reported smelter row as the matcher needs it."""

    metal: str
    name: str = ""
    country: str = ""
    smelter_id: str = ""


@dataclass
class RowMatch:
    smelter_pk: int | None
    smelter_id: str | None
    method: str
    score: float
    flags: list[str]
    needs_review: bool
    decision: MatchDecision | None = None


def _decision_key(metal: str, name: str, country: str) -> tuple[str, str, str]:
    return (matching.metal_key(metal), matching.name_key(name)[:255], matching.country_key(country)[:100])


def smelter_rows_match(*, rows: Iterable[RowInput | Mapping[str, str]]) -> list[RowMatch]:
    """Match many reported rows at once: one index, one query for decisions, identical rows once.

    A clean Smelter ID match wins; otherwise a review decision for the same (metal, name, country)
    applies; otherwise the name is matched (see smelters.matching).
    """
    index, ids = smelter_index()
    inputs = [
        r if isinstance(r, RowInput) else RowInput(**{k: str(r.get(k) or "") for k in RowInput.__annotations__})
        for r in rows
    ]
    # Decisions are few (one per distinct reviewed name): load them all rather than build a huge IN.
    decisions = (
        {(d.metal, d.name_key, d.country_key): d for d in MatchDecision.objects.select_related("smelter")}
        if inputs
        else {}
    )
    cache: dict[RowInput, RowMatch] = {}
    results = []
    for row in inputs:
        found = cache.get(row)
        if found is None:
            result = index.match(metal=row.metal, name=row.name, country=row.country, smelter_id=row.smelter_id)
            decision = None
            if result.method != matching.ID or result.flags:
                decision = decisions.get(_decision_key(row.metal, row.name, row.country))
            if decision is not None:
                smelter = decision.smelter
                found = RowMatch(
                    smelter.pk if smelter else None,
                    smelter.smelter_id if smelter else None,
                    matching.MANUAL,
                    100.0,
                    result.flags,
                    False,
                    decision,
                )
            else:
                pk = ids.get((matching.metal_key(row.metal), result.smelter_id)) if result.smelter_id else None
                found = RowMatch(pk, result.smelter_id, result.method, result.score, result.flags, result.needs_review)
            cache[row] = found
        results.append(found)
    return results


def smelter_match(*, metal: str, name: str = "", country: str = "", smelter_id: str = "") -> RowMatch:
    """Match one reported row (the `smelter_match` command, the review page's search)."""
    return smelter_rows_match(rows=[RowInput(metal=metal, name=name, country=country, smelter_id=smelter_id)])[0]


@transaction.atomic
def reported_smelters_record(
    *,
    supplier: Any,
    source_ref: uuid.UUID,
    source_label: str,
    rows: Iterable[Mapping[str, Any]],
) -> list[ReportedSmelter]:
    """Store the smelter rows of one source (a CMRT submission) for `supplier` and match them.

    `rows` are mappings with `row_number`, `metal`, `smelter_id`, `name` and `country` (as typed).
    Recording the same `source_ref` again replaces its rows (the matches are recomputed; review
    decisions live on, keyed by metal, name and country, and apply again).
    """
    rows = list(rows)
    ReportedSmelter.objects.filter(source_ref=source_ref).delete()
    reported = [
        ReportedSmelter(
            supplier=supplier,
            source_ref=source_ref,
            source_label=source_label[:255],
            row_number=int(row["row_number"]),
            metal=matching.metal_key(row.get("metal")),
            metal_as_typed=str(row.get("metal") or "")[:100],
            smelter_id=str(row.get("smelter_id") or "").strip()[:100],
            name=" ".join(str(row.get("name") or "").split())[:255],
            country=str(row.get("country") or "").strip()[:100],
            name_key=matching.name_key(row.get("name"))[:255],
            country_key=matching.country_key(row.get("country"))[:100],
        )
        for row in rows
    ]
    ReportedSmelter.objects.bulk_create(reported)
    if not reported[:1] or reported[0].pk is None:  # backends that do not return ids from bulk_create
        reported = list(ReportedSmelter.objects.filter(source_ref=source_ref))
    _matches_write(reported, create=True)
    return reported


def _matches_write(reported: list[ReportedSmelter], *, create: bool) -> int:
    results = smelter_rows_match(
        rows=[RowInput(metal=r.metal, name=r.name, country=r.country, smelter_id=r.smelter_id) for r in reported]
    )
    now = timezone.now()
    matches = []
    for row, result in zip(reported, results, strict=True):
        decision = result.decision
        matches.append(
            SmelterMatch(
                reported=row,
                smelter_id=result.smelter_pk,
                method=result.method,
                score=max(0.0, min(100.0, result.score)),
                flags=result.flags,
                needs_review=result.needs_review,
                decision=decision,
                confirmed_by_id=decision.decided_by_id if decision else None,
                confirmed_at=decision.decided_at if decision else None,
                matched_at=now,
            )
        )
    if create:
        SmelterMatch.objects.bulk_create(matches, batch_size=1000)
        return len(matches)
    changed = 0
    current = {m.reported_id: m for m in SmelterMatch.objects.filter(reported__in=[r.pk for r in reported])}
    fields = ["smelter", "method", "score", "flags", "needs_review", "decision", "confirmed_by", "confirmed_at"]
    to_update = []
    for new in matches:
        old = current.get(new.reported_id)
        if old is None:
            new.save()
            changed += 1
            continue
        if any(
            getattr(old, f + ("_id" if f in ("smelter", "decision", "confirmed_by") else ""))
            != getattr(new, f + ("_id" if f in ("smelter", "decision", "confirmed_by") else ""))
            for f in fields
        ):
            for f in fields:
                setattr(old, f, getattr(new, f))
            old.matched_at = new.matched_at
            to_update.append(old)
    SmelterMatch.objects.bulk_update(to_update, [*fields, "matched_at"], batch_size=1000)
    return changed + len(to_update)


def _rematch_enqueue() -> None:
    from smelters.tasks import reported_smelters_rematch as task

    task.delay()


def reported_smelters_rematch(*, queryset: Any = None) -> int:
    """Match reported rows again (after new reference data or a decision); returns how many changed."""
    qs = ReportedSmelter.objects.all() if queryset is None else queryset
    changed = 0
    batch: list[ReportedSmelter] = []
    for row in qs.order_by("pk").iterator(chunk_size=2000):
        batch.append(row)
        if len(batch) >= 2000:
            changed += _matches_write(batch, create=False)
            batch = []
    if batch:
        changed += _matches_write(batch, create=False)
    return changed


# --- Review decisions -----------------------------------------------------------------------------


@transaction.atomic
def match_decision_record(
    *,
    metal: str,
    name_key: str,
    country_key: str,
    verdict: str,
    user: Any,
    smelter: Smelter | None = None,
    example_name: str = "",
    note: str = "",
) -> MatchDecision:
    """Record what a reviewer decided for a (metal, name, country) and apply it to every such row.

    The decision replaces an earlier one for the same key and is applied again to rows recorded
    later (smelter_rows_match looks it up). A clean Smelter ID match is left alone.
    """
    if verdict == MatchDecision.Verdict.SMELTER:
        if smelter is None:
            raise ValueError("A 'this is SOR X' decision needs the smelter.")
        if smelter.metal != metal:
            raise ValueError(f"{smelter.smelter_id} is a {smelter.get_metal_display()} smelter, not {metal}.")
    else:
        smelter = None
    decision, _ = MatchDecision.objects.update_or_create(
        metal=metal,
        name_key=name_key,
        country_key=country_key,
        defaults={
            "verdict": verdict,
            "smelter": smelter,
            "example_name": example_name[:255],
            "note": note,
            "decided_by": user,
            "decided_at": timezone.now(),
        },
    )
    rows = ReportedSmelter.objects.filter(metal=metal, name_key=name_key, country_key=country_key).exclude(
        Q(match__method=MatchMethod.ID) & Q(match__needs_review=False)
    )
    reported_smelters_rematch(queryset=rows)
    return decision
