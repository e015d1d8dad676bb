"""A damaged-name test set for the matcher, built from a Smelter Look-up (pure Python).

Suppliers change case and spacing, drop legal forms, make a typo or two and leave the country out.
`damaged_cases` applies those damages, deterministically (seeded), to every alias of a look-up;
`evaluate` runs the matcher over the cases and counts right answers, misses and wrong confident
matches (any SOR proposed that is not the right one). Used by `tests/smelters/test_shared_files.py`
(the quality bar on the real RMI look-ups) and `benchmarks/match_quality.py`.
"""

from __future__ import annotations

import random
import re
import string
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cmrt import CID_RE
from cmrt import SHEET_LOOKUP as LOOKUP_SHEET
from smelters.matching import LEGAL_WORDS, MatchIndex, Reference, metal_key


@dataclass(frozen=True)
class Case:
    metal: str
    name: str
    country: str
    expected: str
    damage: str


@dataclass
class Outcome:
    total: int = 0
    right: int = 0
    missed: int = 0
    wrong: int = 0
    by_damage: dict[str, Counter[str]] = field(default_factory=dict)
    wrong_examples: list[tuple[Case, str | None, float]] = field(default_factory=list)

    @property
    def right_pct(self) -> float:
        return 100.0 * self.right / self.total if self.total else 0.0

    @property
    def wrong_pct(self) -> float:
        return 100.0 * self.wrong / self.total if self.total else 0.0


def lookup_rows(path: Path | str) -> list[tuple[str, str, str, str, str]]:
    """(metal, alias, standard name, country, CID) of a CMRT/EMRT Smelter Look-up, placeholders skipped."""
    from python_calamine import CalamineWorkbook

    sheet = CalamineWorkbook.from_path(str(path)).get_sheet_by_name(LOOKUP_SHEET)
    rows = []
    for raw in sheet.to_python(skip_empty_area=False)[4:]:
        cells = [str(c).strip() if c is not None else "" for c in list(raw) + [""] * 5]
        if metal_key(cells[0]) and CID_RE.match(cells[4]):
            rows.append((metal_key(cells[0]), cells[1], cells[2], cells[3], cells[4]))
    return rows


def references_from_lookup(rows: list[tuple[str, str, str, str, str]]) -> list[Reference]:
    grouped: dict[tuple[str, str], dict[str, Any]] = {}
    for metal, alias, standard, country, cid in rows:
        entry = grouped.setdefault((metal, cid), {"standard": standard, "country": country, "aliases": set()})
        entry["aliases"].add(alias)
    return [
        Reference(metal, cid, e["standard"], e["country"], tuple(sorted(e["aliases"])))
        for (metal, cid), e in grouped.items()
    ]


def _typo(text: str, rng: random.Random) -> str:
    positions = [i for i, ch in enumerate(text) if ch.isalpha()]
    if not positions:
        return text
    i = rng.choice(positions)
    kind = rng.choice(("substitute", "delete", "insert", "transpose"))
    letter = rng.choice(string.ascii_lowercase)
    if kind == "substitute":
        return text[:i] + letter + text[i + 1 :]
    if kind == "delete":
        return text[:i] + text[i + 1 :]
    if kind == "insert":
        return text[:i] + letter + text[i:]
    if i + 1 < len(text):
        return text[:i] + text[i + 1] + text[i] + text[i + 2 :]
    return text[:i] + letter + text[i + 1 :]


def _drop_legal(text: str) -> str:
    words = [w for w in re.split(r"\s+", text) if re.sub(r"[\W_]", "", w).lower() not in LEGAL_WORDS]
    return " ".join(words).strip(" ,.") or text


def _respace(text: str, rng: random.Random) -> str:
    if " " in text and rng.random() < 0.5:
        spaces = [i for i, ch in enumerate(text) if ch == " "]
        i = rng.choice(spaces)
        return text[:i] + text[i + 1 :]
    return "  " + text.replace(" ", "  ").replace(",", " , ") + " "


def damaged_cases(rows: list[tuple[str, str, str, str, str]], *, seed: int = 20260) -> list[Case]:
    """Seven damaged variants of every alias; the country is left out of every other case."""
    rng = random.Random(seed)
    cases = []
    for metal, alias, _standard, country, cid in rows:
        variants = {
            "lower case": alias.lower(),
            "upper case": alias.upper(),
            "spacing": _respace(alias, rng),
            "legal form dropped": _drop_legal(alias),
            "one typo": _typo(alias, rng),
            "two typos": _typo(_typo(alias, rng), rng),
            "lower, no legal form, one typo": _typo(_drop_legal(alias).lower(), rng),
        }
        for damage, name in variants.items():
            cases.append(Case(metal, name, country if rng.random() < 0.5 else "", cid, damage))
    return cases


def evaluate(index: MatchIndex, cases: list[Case]) -> Outcome:
    outcome = Outcome()
    for case in cases:
        result = index.match(metal=case.metal, name=case.name, country=case.country)
        counts = outcome.by_damage.setdefault(case.damage, Counter())
        outcome.total += 1
        counts["total"] += 1
        if result.cid == case.expected:
            outcome.right += 1
            counts["right"] += 1
        elif result.cid is None:
            outcome.missed += 1
            counts["missed"] += 1
        else:
            outcome.wrong += 1
            counts["wrong"] += 1
            outcome.wrong_examples.append((case, result.cid, result.score))
    return outcome
