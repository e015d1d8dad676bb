"""Match a reported smelter row (metal, Smelter ID, name, country) to a known smelter or refiner.

Pure Python, no Django: the service layer loads the reference data into a `MatchIndex` once and
matches many rows against it, so the same code serves the submission service, the `smelter_match`
command, the benchmark and the accuracy script.

The order of evidence, strongest first:

1. a Smelter ID that is a known CID *for that metal* and whose name does not clearly disagree;
2. the name, exactly as an alias of that metal (case and spacing ignored), then after normalisation
   (punctuation, accents and legal-form words such as Co., Ltd., GmbH, S.A. removed);
3. a fuzzy score (rapidfuzz) over the normalised names of that metal, with the country as a
   tie-breaker; a candidate is proposed only above `FUZZY_THRESHOLD` and only when it beats the next
   different smelter by `FUZZY_MARGIN` points.

An ID that belongs to another metal, is unknown or malformed, or whose name clearly disagrees, is
flagged rather than trusted. A decision taken in the review queue (by metal, normalised name and
normalised country) is applied by the caller before steps 2-3.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

from rapidfuzz import fuzz, process

from cmrt import CID_RE
from cmrt import METALS as CMRT_METALS

METALS_3TG = tuple(sorted(CMRT_METALS))  # in the alphabetical order of the Metal choices
# The EMRT minerals: their look-ups import too, so an EMRT can be matched the same way.
METALS_EMRT = ("cobalt", "copper", "graphite", "lithium", "mica", "nickel")
METALS = METALS_3TG + METALS_EMRT

# Method names as stored in SmelterMatch.method.
ID, ALIAS, FUZZY, MANUAL, NONE = "id", "alias", "fuzzy", "manual", "none"

# Flags as stored in SmelterMatch.flags.
FLAG_ID_OTHER_METAL = "id_other_metal"
FLAG_ID_NAME_DISAGREES = "id_name_disagrees"
FLAG_ID_UNKNOWN = "id_unknown"
FLAG_ID_MALFORMED = "id_malformed"
FLAG_AMBIGUOUS_NAME = "ambiguous_name"
FLAG_NOT_IDENTIFIED = "not_identified"
FLAG_METAL_UNKNOWN = "metal_unknown"

# Scores are 0-100. Chosen on damaged-name test sets built from the CMRT 6.5 look-up (seeded
# differently from the one reported) and on the 6.4 smelters missing from 6.5 (who must not be
# proposed as anything): at 84 with an 8-point lead over the next smelter, no held-out name was
# proposed and >95 % of damaged names found their CID. See docs/smelters.md.
FUZZY_THRESHOLD = 84.0
FUZZY_MARGIN = 8.0
COUNTRY_BONUS = 3.0
# Below this similarity to every name of the SOR its ID points at, a typed name "clearly disagrees".
ID_NAME_AGREEMENT = 60.0

# Legal-form and filler words dropped from names before comparing. Suppliers add, drop and abbreviate
# these freely ("Co., Ltd." / "Company Limited" / nothing), so they carry no identity.
LEGAL_WORDS = frozenset(
    [
        "co",
        "company",
        "companies",
        "corp",
        "corporation",
        "inc",
        "incorporated",
        "ltd",
        "ltda",
        "limited",
        "limitada",
        "llc",
        "llp",
        "lp",
        "plc",
        "gmbh",
        "ag",
        "kg",
        "kgaa",
        "mbh",
        "sa",
        "sas",
        "sarl",
        "spa",
        "srl",
        "sl",
        "sau",
        "sae",
        "saic",
        "sac",
        "bv",
        "nv",
        "ab",
        "aps",
        "as",
        "asa",
        "oy",
        "oyj",
        "kk",
        "pte",
        "pty",
        "pvt",
        "private",
        "public",
        "jsc",
        "pjsc",
        "ojsc",
        "cjsc",
        "oao",
        "zao",
        "ooo",
        "pt",
        "tbk",
        "sdn",
        "bhd",
        "cv",
        "de",
        "rl",
        "the",
        "and",
    ]
)

# Placeholder look-up entries and typical "don't know" answers: never a smelter.
PLACEHOLDER_NAMES = frozenset(
    {
        "",
        "smelter not listed",
        "smelter not yet identified",
        "unknown",
        "not known",
        "n a",
        "na",
        "none",
        "tbd",
        "0",
    }
)

_ABBREV_RE = re.compile(r"\b(?:[a-z]\.){2,}(?:[a-z]\b)?|\b(?:[a-z]\.)[a-z]\b")
_NON_ALNUM_RE = re.compile(r"[\W_]+")  # keeps CJK and other letters: look-ups hold Japanese and Chinese aliases


@lru_cache(maxsize=65536)  # the same names come back in every submission
def fold(text: str | None) -> str:
    """Lower-case ASCII with accents removed and whitespace collapsed."""
    text = unicodedata.normalize("NFKD", str(text or ""))
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return " ".join(text.lower().replace("’", "'").split())


@lru_cache(maxsize=65536)  # the same names come back in every submission
def name_key(name: str | None) -> str:
    """The normalised name: punctuation, accents and legal-form words removed.

    Dotted abbreviations are joined first, so "S.A." → "sa" and "A.L.M.T. Corp." → "almt"; other
    dots separate words ("PVT.LTD" → "pvt ltd"). If nothing but legal words remain, they are kept.
    """
    text = fold(name).replace("&", " and ")
    text = _ABBREV_RE.sub(lambda m: m.group(0).replace(".", ""), text)
    words = _NON_ALNUM_RE.sub(" ", text).split()
    kept = [w for w in words if w not in LEGAL_WORDS]
    return " ".join(kept or words)


@lru_cache(maxsize=65536)  # the same names come back in every submission
def exact_key(name: str | None) -> str:
    """Case, accents and spacing ignored, everything else kept: the alias as the look-up lists it."""
    return fold(name).replace(" ", "")


def compact(key: str) -> str:
    return key.replace(" ", "")


# Variants seen in supplier files mapped to the upper-case names the CMRT country list uses.
_COUNTRY_SYNONYMS = {
    "USA": "UNITED STATES OF AMERICA",
    "US": "UNITED STATES OF AMERICA",
    "UNITED STATES": "UNITED STATES OF AMERICA",
    "U S A": "UNITED STATES OF AMERICA",
    "U S": "UNITED STATES OF AMERICA",
    "UK": "UNITED KINGDOM OF GREAT BRITAIN AND NORTHERN IRELAND",
    "UNITED KINGDOM": "UNITED KINGDOM OF GREAT BRITAIN AND NORTHERN IRELAND",
    "GREAT BRITAIN": "UNITED KINGDOM OF GREAT BRITAIN AND NORTHERN IRELAND",
    "SOUTH KOREA": "KOREA REPUBLIC OF",
    "KOREA": "KOREA REPUBLIC OF",
    "KOREA SOUTH": "KOREA REPUBLIC OF",
    "REPUBLIC OF KOREA": "KOREA REPUBLIC OF",
    "RUSSIA": "RUSSIAN FEDERATION",
    "TAIWAN": "TAIWAN PROVINCE OF CHINA",
    "TAIWAN ROC": "TAIWAN PROVINCE OF CHINA",
    "PRC": "CHINA",
    "P R CHINA": "CHINA",
    "PEOPLES REPUBLIC OF CHINA": "CHINA",
    "PEOPLE S REPUBLIC OF CHINA": "CHINA",
    "VIETNAM": "VIET NAM",
    "BOLIVIA": "BOLIVIA PLURINATIONAL STATE OF",
    "DRC": "CONGO DEMOCRATIC REPUBLIC OF THE",
    "DR CONGO": "CONGO DEMOCRATIC REPUBLIC OF THE",
    "DEMOCRATIC REPUBLIC OF THE CONGO": "CONGO DEMOCRATIC REPUBLIC OF THE",
    "DEMOCRATIC REPUBLIC OF CONGO": "CONGO DEMOCRATIC REPUBLIC OF THE",
    "REPUBLIC OF THE CONGO": "CONGO",
    "REPUBLIC OF CONGO": "CONGO",
    "TANZANIA": "TANZANIA UNITED REPUBLIC OF",
    "UNITED REPUBLIC OF TANZANIA": "TANZANIA UNITED REPUBLIC OF",
    "UAE": "UNITED ARAB EMIRATES",
    "TURKEY": "TURKIYE",
    "TÜRKIYE": "TURKIYE",
    "SWITZERLAND": "SWITZERLAND",
    "NETHERLANDS THE": "NETHERLANDS",
    "KINGDOM OF THE NETHERLANDS": "NETHERLANDS",
}


@lru_cache(maxsize=65536)  # the same names come back in every submission
def country_key(country: str | None) -> str:
    """Upper-case country without punctuation, with common variants mapped to one spelling."""
    key = " ".join(_NON_ALNUM_RE.sub(" ", fold(country)).split()).upper()
    if key in ("UNKNOWN", "0", "N A", "NA"):
        return ""
    return _COUNTRY_SYNONYMS.get(key, key)


# The Covered Countries of SEC Rule 13p-1 (DOMAIN.md), as country keys.
COVERED_COUNTRIES = frozenset(
    country_key(c)
    for c in (
        "CONGO, DEMOCRATIC REPUBLIC OF THE",
        "CONGO",
        "CENTRAL AFRICAN REPUBLIC",
        "SOUTH SUDAN",
        "RWANDA",
        "UGANDA",
        "ZAMBIA",
        "BURUNDI",
        "TANZANIA, UNITED REPUBLIC OF",
        "ANGOLA",
    )
)


def metal_key(metal: str | None) -> str:
    """'Gold', ' TIN ' → 'gold', 'tin'; anything else → ''."""
    key = fold(metal)
    return key if key in METALS else ""


def cid_key(value: str | None) -> str:
    """'cid 002763' → 'CID002763'; the typed text upper-cased and without spaces otherwise."""
    return re.sub(r"[\s\-_]+", "", str(value or "")).upper()


@dataclass(frozen=True)
class Reference:
    """One known SOR as the matcher sees it."""

    metal: str
    cid: str
    standard_name: str
    country: str
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Candidate:
    cid: str
    score: float


@dataclass
class MatchResult:
    cid: str | None
    method: str
    score: float
    flags: list[str] = field(default_factory=list)

    @property
    def needs_review(self) -> bool:
        """Unmatched, fuzzy or flagged rows go to the review queue.

        Except rows with nothing to match ("Smelter not yet identified", no name, an unknown metal):
        those are incomplete declarations, followed up with the supplier, not names to review.
        """
        if FLAG_NOT_IDENTIFIED in self.flags or FLAG_METAL_UNKNOWN in self.flags:
            return False
        return self.method in (NONE, FUZZY) or bool(self.flags)


class _MetalIndex:
    def __init__(self) -> None:
        self.exact: dict[str, set[str]] = defaultdict(set)
        self.normal: dict[str, set[str]] = defaultdict(set)
        self.choices: list[str] = []  # distinct normalised names
        self.compact_choices: list[str] = []
        self.choice_cids: list[tuple[str, ...]] = []
        self.names_of: dict[str, set[str]] = defaultdict(set)  # CID → normalised names


class MatchIndex:
    """Per-metal look-up tables built once from the reference data."""

    def __init__(self, references: Iterable[Reference]) -> None:
        self.metals: dict[str, _MetalIndex] = {m: _MetalIndex() for m in METALS}
        self.cid_metal: dict[str, set[str]] = defaultdict(set)
        self.country_of: dict[tuple[str, str], str] = {}
        normal_to_cids: dict[str, dict[str, set[str]]] = {m: defaultdict(set) for m in METALS}
        for ref in references:
            index = self.metals.get(ref.metal)
            if index is None:
                continue
            self.cid_metal[ref.cid].add(ref.metal)
            self.country_of[(ref.metal, ref.cid)] = country_key(ref.country)
            for name in {ref.standard_name, *ref.aliases}:
                if not name or name_key(name) in PLACEHOLDER_NAMES:
                    continue
                key = name_key(name)
                index.exact[exact_key(name)].add(ref.cid)
                index.normal[compact(key)].add(ref.cid)
                index.names_of[ref.cid].add(key)
                normal_to_cids[ref.metal][key].add(ref.cid)
        for metal, names in normal_to_cids.items():
            index = self.metals[metal]
            index.choices = list(names)
            index.compact_choices = [compact(n) for n in index.choices]
            index.choice_cids = [tuple(sorted(names[n])) for n in index.choices]

    # ------------------------------------------------------------------------------------------
    def match(self, *, metal: str, name: str = "", country: str = "", cid: str = "") -> MatchResult:
        """Best match for one reported row (see the module docstring for the order of evidence)."""
        metal = metal_key(metal)
        if not metal:
            return MatchResult(None, NONE, 0.0, [FLAG_METAL_UNKNOWN])
        index = self.metals[metal]
        cid = cid_key(cid)
        key = name_key(name)
        ckey = country_key(country)
        flags: list[str] = []

        if cid and cid not in ("0", "NA", "N/A", "UNKNOWN"):
            if not CID_RE.match(cid):
                flags.append(FLAG_ID_MALFORMED)
            elif metal in self.cid_metal.get(cid, ()):
                if key in PLACEHOLDER_NAMES:
                    return MatchResult(cid, ID, 100.0)
                agreement = max(
                    (fuzz.token_set_ratio(key, known) for known in index.names_of[cid]),
                    default=0.0,
                )
                if agreement >= ID_NAME_AGREEMENT:
                    return MatchResult(cid, ID, 100.0)
                by_name = self.match_name(metal=metal, name=name, country=country)
                if by_name.cid == cid:
                    return MatchResult(cid, ID, 100.0)
                # Not trusted either way: the ID may be pasted from another row, or the name wrong.
                # The reviewer sees the ID's SOR among the candidates.
                return MatchResult(None, NONE, round(agreement, 1), [FLAG_ID_NAME_DISAGREES])
            elif cid in self.cid_metal:
                flags.append(FLAG_ID_OTHER_METAL)
            else:
                flags.append(FLAG_ID_UNKNOWN)

        result = self.match_name(metal=metal, name=name, country=country, country_key_=ckey)
        result.flags = flags + result.flags
        return result

    def match_name(self, *, metal: str, name: str, country: str = "", country_key_: str | None = None) -> MatchResult:
        """Match by name only: exact alias, normalised alias, then fuzzy."""
        index = self.metals[metal]
        key = name_key(name)
        if key in PLACEHOLDER_NAMES:
            return MatchResult(None, NONE, 0.0, [FLAG_NOT_IDENTIFIED])
        ckey = country_key(country) if country_key_ is None else country_key_

        for table, lookup in ((index.exact, exact_key(name)), (index.normal, compact(key))):
            cids = table.get(lookup)
            if cids:
                if len(cids) == 1:
                    return MatchResult(next(iter(cids)), ALIAS, 100.0)
                in_country = sorted(c for c in cids if ckey and self.country_of[(metal, c)] == ckey)
                if len(in_country) == 1:
                    return MatchResult(in_country[0], ALIAS, 100.0)
                # The same name for several SORs (e.g. "H.C. Starck" in four countries) and no
                # country to tell them apart: propose nothing, the review queue shows all of them.
                return MatchResult(None, NONE, 90.0, [FLAG_AMBIGUOUS_NAME])

        # Only scores that can reach the threshold (or come within the margin of it) matter here.
        floor = FUZZY_THRESHOLD - FUZZY_MARGIN - COUNTRY_BONUS
        ranked = self.candidates(metal=metal, name=name, country=country, limit=2, score_cutoff=floor)
        if ranked and ranked[0].score >= FUZZY_THRESHOLD:
            runner_up = ranked[1].score if len(ranked) > 1 else 0.0
            if ranked[0].score - runner_up >= FUZZY_MARGIN:
                return MatchResult(ranked[0].cid, FUZZY, round(ranked[0].score, 1))
        return MatchResult(None, NONE, round(ranked[0].score, 1) if ranked else 0.0)

    def candidates(
        self, *, metal: str, name: str, country: str = "", limit: int = 5, score_cutoff: float = 50.0
    ) -> list[Candidate]:
        """The best distinct SORs for a name by fuzzy score (country match adds a small bonus)."""
        metal = metal_key(metal)
        if not metal:
            return []
        index = self.metals[metal]
        key = name_key(name)
        if not key or not index.choices:
            return []
        ckey = country_key(country)
        # Three C-implemented scorers instead of one Python scorer: this is the hot loop.
        combined: dict[int, float] = {}
        for query, choices, scorer, weight in (
            (compact(key), index.compact_choices, fuzz.ratio, 1.0),
            (key, index.choices, fuzz.token_sort_ratio, 1.0),
            # token_set_ratio alone rates "jiangxi copper" 100 against "jiangxi copper tin", which
            # would let a shortened name land on a longer sibling: it only counts slightly damped.
            (key, index.choices, fuzz.token_set_ratio, 0.95),
        ):
            for _choice, score, position in process.extract(
                query, choices, scorer=scorer, limit=None, score_cutoff=score_cutoff / weight
            ):
                score *= weight
                if score > combined.get(position, 0.0):
                    combined[position] = score
        best: dict[str, float] = {}
        for position, score in combined.items():
            for cid in index.choice_cids[position]:
                bonus = COUNTRY_BONUS if ckey and self.country_of[(metal, cid)] == ckey else 0.0
                total = min(100.0, score + bonus)
                if total > best.get(cid, 0.0):
                    best[cid] = total
        ranked = sorted(best.items(), key=lambda item: (-item[1], item[0]))[:limit]
        return [Candidate(cid, score) for cid, score in ranked]
