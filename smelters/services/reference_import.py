"""Import RMI reference files (Smelter Look-up, status lists, Appendix A): smelters, aliases, dated statuses."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from django.db import transaction

from core.importing import ImportRefused, RowProblem
from smelters.importing import ParsedFile, date_from_name, parse_reference_file
from smelters.models import ReferenceImport, Smelter, SmelterAlias, StatusSnapshot, status_category
from smelters.services.rematch import rematch_enqueue

if TYPE_CHECKING:
    from accounts.models import User


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
    user: User | None = None,
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
    parsed = parse_reference_file(data, name=label)  # a file in no known layout: ImportRefused
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
        existing = {(s.metal, s.cid): s for s in Smelter.objects.all()}
        known_aliases = set(SmelterAlias.objects.values_list("smelter_id", "name"))
        snapshots = {s.smelter_id: s for s in StatusSnapshot.objects.filter(as_of=day, source_name=label)}
        record_import = ReferenceImport(
            source_name=label,
            sha256=hashlib.sha256(data).hexdigest(),
            kind=parsed.kind,
            sheet=parsed.sheet,
            as_of=day,
            as_of_origin=origin,
            imported_by=user,
        )
        new_snapshots: list[StatusSnapshot] = []
        new_aliases: list[SmelterAlias] = []
        metals_of: dict[str, Smelter] = {}
        for known in existing.values():
            metals_of.setdefault(known.cid, known)
        for record in parsed.records:
            smelter = existing.get((record.metal, record.cid))
            other = metals_of.get(record.cid)
            if smelter is None and other is not None and other.metal != record.metal:
                # A CID belongs to one metal (CMRT_FORMAT.md §5). Real lists contain copy errors
                # (the 2023 consultant list gives A.L.M.T.'s tungsten row Abington Reldan's gold
                # CID002708): the first metal seen wins - import the RMI look-up first - and the
                # row is skipped with a warning rather than creating a second, wrong SOR.
                warnings.append(
                    RowProblem(
                        record.where,
                        f"{record.cid} is the {other.get_metal_display()} smelter '{other.standard_name}'; "
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
                    cid=record.cid,
                    reference_as_of=day,
                    reference_source=label,
                    **wanted,
                )
                existing[(record.metal, record.cid)] = smelter
                metals_of.setdefault(record.cid, smelter)
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
                                f"this file already gave {record.cid} the status '{previous.status}' "
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
            transaction.on_commit(rematch_enqueue)
    return outcome
