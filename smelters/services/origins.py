"""Import country-of-origin data (RMI member data) for known smelters."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from django.db import transaction

from core.importing import ImportRefused, RowProblem
from smelters.importing import parse_origin_file
from smelters.models import Smelter, SmelterOrigin


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
    records, problems = parse_origin_file(data, name=label)  # a file in no known layout: ImportRefused
    smelters = {(s.metal, s.cid): s for s in Smelter.objects.all()}
    for record in records:
        if (record.metal, record.cid) not in smelters:
            problems.append(RowProblem(record.where, f"{record.cid} is not a known {record.metal} smelter; "
                                       "import the RMI look-up or status list first"))  # fmt: skip
    if problems:
        raise ImportRefused.bad_rows(label, problems)
    outcome = OriginOutcome(as_of=as_of)
    for record in records:
        smelter = smelters[(record.metal, record.cid)]
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
