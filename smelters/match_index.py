"""The cached match index and matching reported rows against it (read side: nothing is written).

The index of every SOR and its names is built once per process and rebuilt when the reference data
changes; `smelter_rows_match` matches many rows at once (the submission service, the rematch after an
import, the `smelter_match` command) and the review queue asks it for candidates.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.db.models import Max

from smelters import matching
from smelters.models import MatchDecision, Smelter, SmelterAlias

_index_lock = threading.Lock()
_index_cache: dict[str, Any] = {"version": None, "index": None, "smelters": None}


def _reference_version() -> tuple[object, ...]:
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
                "pk", "metal", "cid", "standard_name", "country"
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
    cid: str = ""


@dataclass
class RowMatchResult:
    """What the matcher found for one reported row: the SOR (its pk and CID) or none, and how."""

    smelter_pk: int | None
    cid: str | None
    method: str
    score: float
    flags: list[str]
    needs_review: bool
    decision: MatchDecision | None = None


def _decision_key(metal: str, name: str, country: str) -> tuple[str, str, str]:
    return (matching.metal_key(metal), matching.name_key(name)[:255], matching.country_key(country)[:100])


class RowMatcher:
    """Matches reported rows against one index and one set of decisions, each distinct row only once.

    The cache lives as long as the matcher: the rematch keeps one for all 400k rows, so a name reported
    by thousands of suppliers is matched once, not once per batch. Build a new matcher when the
    reference data or the decisions may have changed.
    """

    def __init__(self) -> None:
        self.index, self.ids = smelter_index()
        # Decisions are few (one per distinct reviewed name): load them all rather than build a huge IN.
        self.decisions = {
            (d.metal, d.name_key, d.country_key): d for d in MatchDecision.objects.select_related("smelter")
        }
        self.cache: dict[RowInput, RowMatchResult] = {}

    def match(self, row: RowInput) -> RowMatchResult:
        found = self.cache.get(row)
        if found is None:
            found = self.cache[row] = self._match(row)
        return found

    def _match(self, row: RowInput) -> RowMatchResult:
        result = self.index.match(metal=row.metal, name=row.name, country=row.country, cid=row.cid)
        decision = None
        if result.method != matching.ID or result.flags:
            decision = self.decisions.get(_decision_key(row.metal, row.name, row.country))
        if decision is not None:
            smelter = decision.smelter
            return RowMatchResult(
                smelter.pk if smelter else None,
                smelter.cid if smelter else None,
                matching.MANUAL,
                100.0,
                result.flags,
                False,
                decision,
            )
        pk = self.ids.get((matching.metal_key(row.metal), result.cid)) if result.cid else None
        return RowMatchResult(pk, result.cid, result.method, result.score, result.flags, result.needs_review)


def smelter_rows_match(*, rows: Iterable[RowInput | Mapping[str, str]]) -> list[RowMatchResult]:
    """Match many reported rows at once: one index, one query for decisions, identical rows once.

    A clean Smelter ID match wins; otherwise a review decision for the same (metal, name, country)
    applies; otherwise the name is matched (see smelters.matching).
    """
    inputs = [
        r if isinstance(r, RowInput) else RowInput(**{k: str(r.get(k) or "") for k in RowInput.__annotations__})
        for r in rows
    ]
    if not inputs:
        return []
    matcher = RowMatcher()
    return [matcher.match(row) for row in inputs]


def smelter_match(*, metal: str, name: str = "", country: str = "", cid: str = "") -> RowMatchResult:
    """Match one reported row (the `smelter_match` command, the review page's search)."""
    return smelter_rows_match(rows=[RowInput(metal=metal, name=name, country=country, cid=cid)])[0]
