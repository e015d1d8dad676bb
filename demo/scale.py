"""A supply base at full size, generated from a seed: the dataset the page benchmark runs against.

    python manage.py generate_scale_data --seed 1 [--scale 1.0|0.1]

At scale 1: 5,000 suppliers (contacts, owners, spend), 6,000 submissions (valid, invalid, refused),
about 400,000 reported smelter rows with their matches against a synthetic reference of 350 SORs,
and two status snapshots per SOR. The shape is that of real data: a long tail (a few SORs named by
thousands of suppliers, most by a handful), a few thousand distinct names no SOR matches, about one
row in eight waiting for review in about 2,700 groups, and some names already decided.

The reference list is synthetic on purpose (the RMI's lists are copyrighted): names and CIDs are
made up (CID9xxxxx, a range the RMI has not used). Everything is drawn from one `random.Random(seed)`,
public ids included, so the same seed and scale give the same rows. Each part is one function taking
the previous parts, so that later work (campaigns, requests, reports) adds its own step.
"""

from __future__ import annotations

import hashlib
import random
import uuid
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from django.db import connection, models, transaction
from django.utils import timezone

from accounts.models import User
from demo.builder import (
    CATEGORIES,
    COUNTRY_NAMES,
    FIRST,
    LAST,
    LEGAL_FORMS,
    NAME_HEADS,
    NAME_TAILS,
    ROLES,
    _ascii,
    _demo_users,
)
from smelters import matching
from smelters.models import (
    MatchDecision,
    Metal,
    ReportedSmelter,
    Smelter,
    SmelterAlias,
    SmelterMatch,
    StatusCategory,
    StatusSnapshot,
)
from smelters.services import review_group_counts_refresh, smelter_supplier_counts_refresh
from suppliers.models import Contact, Supplier
from surveys.models import Submission

BATCH = 5000
VALID, INVALID, REFUSED = "valid", "invalid", "refused"  # Submission.Status values (plain str for mypy)
CODE_PREFIX = "SCL-"  # supplier codes of generated suppliers: how the generator knows its own data
SOR_COUNTS = {Metal.GOLD: 140, Metal.TIN: 80, Metal.TUNGSTEN: 70, Metal.TANTALUM: 60}  # 350, at every scale
REVIEW_GROUPS = 2700  # distinct names waiting for review at scale 1
DECIDED_GROUPS = 300  # names a reviewer has already decided at scale 1
ROWS_PER_SUBMISSION = 68.0  # mean; 6,000 submissions → about 409,000 rows

SOR_WORDS = {
    Metal.GOLD: ["Gold Refinery", "Precious Metals", "Bullion", "Gold Refining", "Metalor"],
    Metal.TIN: ["Tin Smelter", "Tin Industry", "Solder Metals", "Timah", "Tin Works"],
    Metal.TUNGSTEN: ["Tungsten", "Wolfram", "Hard Metals", "Tungsten Materials", "Carbide"],
    Metal.TANTALUM: ["Tantalum", "Rare Metals", "Niobium Tantalum", "Advanced Metals", "Ta Products"],
}
SOR_PLACES = [
    "Anhui", "Bangka", "Belo", "Carpathia", "Danube", "Eastfield", "Fujin", "Ganzhou", "Hunan", "Ikeda",
    "Jiangxi", "Kagoshima", "Lumbo", "Minas", "Narva", "Ostrava", "Perak", "Queensland", "Rhine", "Sichuan",
    "Tokai", "Ural", "Valcambi", "Westland", "Xiamen", "Yunnan", "Zhuzhou", "Almaty", "Bolivar", "Cuzco",
]  # fmt: skip
SOR_COUNTRIES = [
    "China", "China", "China", "Japan", "Indonesia", "Indonesia", "Peru", "Brazil", "Germany", "Switzerland",
    "United States of America", "Malaysia", "Thailand", "Russian Federation", "Korea, Republic of", "Rwanda",
    "Bolivia", "Viet Nam", "Kazakhstan", "Belgium",
]  # fmt: skip
STATUS_WORDS = [
    ("Conformant", StatusCategory.CONFORMANT, 0.62),
    ("Active", StatusCategory.ACTIVE, 0.08),
    ("Not Enrolled", StatusCategory.NOT_ENROLLED, 0.22),
    ("Non Conformant", StatusCategory.NOT_ENROLLED, 0.04),
    ("RMI Due Diligence Review - Unable to Proceed", StatusCategory.NOT_ENROLLED, 0.04),
]
# Half "ask the supplier" (the open questions), a fifth "not a smelter", the rest a SOR; in a fixed
# cycle so that even the smallest dataset holds every kind.
VERDICT_CYCLE = ["unknown", "smelter", "not_smelter", "unknown", "smelter", "unknown", "not_smelter", "unknown",
                 "smelter", "unknown"]  # fmt: skip
NOT_SMELTER_NAMES = [
    "Unknown", "See attached", "Various", "Distributor", "Our supplier", "N/A - purchased alloy", "Trading company",
    "Recycled material", "Customer supplied", "To be confirmed", "Not disclosed", "Multiple",
]  # fmt: skip


@dataclass(frozen=True)
class ScaleSpec:
    """How much to build: `scale` 1.0 is the full supply base, 0.1 a tenth of it (same reference)."""

    seed: int = 1
    scale: float = 1.0

    @property
    def suppliers(self) -> int:
        return max(20, round(5000 * self.scale))

    @property
    def submissions(self) -> int:
        return max(24, round(6000 * self.scale))

    @property
    def review_groups(self) -> int:
        return max(12, round(REVIEW_GROUPS * self.scale))

    @property
    def decided_groups(self) -> int:
        return max(6, round(DECIDED_GROUPS * self.scale))


@dataclass
class ReviewName:
    """One (metal, name, country) that waits for review (or was decided), and how the matcher saw it."""

    metal: str
    name: str
    country: str
    method: str
    smelter: Smelter | None
    flags: list[str]
    typed_cid: str = ""
    decision: MatchDecision | None = None


@dataclass
class Built:
    users: list[User]
    smelters: list[Smelter] = field(default_factory=list)
    suppliers: list[Supplier] = field(default_factory=list)
    submissions: list[Submission] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)


def _uuid(rng: random.Random) -> uuid.UUID:
    return uuid.UUID(int=rng.getrandbits(128), version=4)


def _batches(items: Sequence[Any], size: int = BATCH) -> Iterator[Sequence[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _bulk(model: type[models.Model], objects: Sequence[Any]) -> None:
    for chunk in _batches(objects):
        model._default_manager.bulk_create(chunk)


def _zipf(count: int, exponent: float) -> list[float]:
    return [1.0 / (rank**exponent) for rank in range(1, count + 1)]


def scale_data_exists() -> bool:
    return bool(Supplier.objects.filter(supplier_code__startswith=CODE_PREFIX).exists())


def build_reference(*, rng: random.Random, today: date) -> list[Smelter]:
    """350 synthetic SORs with look-up names and two dated status snapshots each (last year's and this year's)."""
    smelters: list[Smelter] = []
    number = 900001
    for metal, count in SOR_COUNTS.items():
        names: set[str] = set()
        while len(names) < count:
            form = rng.choice(["Co., Ltd.", "Corp.", "S.A.", "AG", "Inc.", "Ltd.", "PT", "GmbH"])
            names.add(f"{rng.choice(SOR_PLACES)} {rng.choice(SOR_WORDS[metal])} {form}")
        for name in sorted(names):
            smelters.append(
                Smelter(
                    public_id=_uuid(rng),
                    metal=metal,
                    cid=f"CID{number:06d}",
                    standard_name=name,
                    country=rng.choice(SOR_COUNTRIES),
                    city=rng.choice(SOR_PLACES),
                    reference_as_of=today - timedelta(days=40),
                    reference_source="generated (synthetic reference)",
                )
            )
            number += 1
    _bulk(Smelter, smelters)
    aliases = []
    for smelter in smelters:
        aliases.append(SmelterAlias(smelter=smelter, name=smelter.standard_name, source="generated"))
        for _n in range(rng.choice([0, 0, 1, 2])):
            head = smelter.standard_name.rsplit(" ", 1)[0]
            aliases.append(SmelterAlias(smelter=smelter, name=f"{head} {rng.choice(SOR_PLACES)}", source="generated"))
    SmelterAlias.objects.bulk_create(aliases, ignore_conflicts=True)
    snapshots = []
    words, weights = [w[:2] for w in STATUS_WORDS], [w[2] for w in STATUS_WORDS]
    for smelter in smelters:
        for as_of in (today - timedelta(days=400), today - timedelta(days=40)):
            word, category = rng.choices(words, weights)[0]
            snapshots.append(
                StatusSnapshot(
                    smelter=smelter,
                    status=word,
                    category=category,
                    as_of=as_of,
                    last_audit_date=as_of - timedelta(days=rng.randint(30, 500))
                    if str(category) == "conformant"
                    else None,
                    source_name=f"generated_status_{as_of:%Y%m%d}.xlsx",
                )
            )
    _bulk(StatusSnapshot, snapshots)
    return smelters


def build_suppliers(*, rng: random.Random, spec: ScaleSpec, owners: list[User]) -> list[Supplier]:
    """`spec.suppliers` suppliers (heavy-tailed spend, most with an owner) with one or two contacts each."""
    suppliers = []
    for number in range(1, spec.suppliers + 1):
        category = rng.choice(list(CATEGORIES))
        country = rng.choice(CATEGORIES[category])
        suppliers.append(
            Supplier(
                public_id=_uuid(rng),
                supplier_code=f"{CODE_PREFIX}{number:05d}",
                name=f"{rng.choice(NAME_HEADS)} {rng.choice(NAME_TAILS[category])} {LEGAL_FORMS[country]}",
                country=COUNTRY_NAMES[country],
                category=category,
                annual_spend=Decimal(int(rng.lognormvariate(11.5, 1.6))),
                in_scope=rng.random() > 0.12,
                active=rng.random() > 0.03,
                owner=rng.choice(owners) if rng.random() > 0.1 else None,
            )
        )
    _bulk(Supplier, suppliers)
    contacts = []
    for number, supplier in enumerate(suppliers, start=1):
        first, last = rng.choice(FIRST), rng.choice(LAST)
        domain = "".join(ch for ch in _ascii(supplier.name.split()[0]).lower() if ch.isalpha()) + f"{number}.example"
        contacts.append(
            Contact(
                public_id=_uuid(rng),
                supplier=supplier,
                name=f"{first} {last}",
                email=f"{_ascii(first).lower()}.{_ascii(last).lower()}@{domain}",
                role=rng.choice(ROLES),
                is_primary=True,
            )
        )
        if rng.random() < 0.3:
            contacts.append(
                Contact(
                    public_id=_uuid(rng),
                    supplier=supplier,
                    name=f"{rng.choice(FIRST)} {rng.choice(LAST)}",
                    email=f"compliance@{domain}",
                    role="Compliance officer",
                )
            )
    _bulk(Contact, contacts)
    return suppliers


def _damaged(rng: random.Random, name: str) -> str:
    """A name as suppliers mistype it: a letter dropped or doubled, the legal form changed or gone."""
    head = name.rsplit(" ", 1)[0]
    position = rng.randrange(1, max(2, len(head) - 1))
    if rng.random() < 0.5:
        head = head[:position] + head[position + 1 :]
    else:
        head = head[:position] + head[position] + head[position:]
    return head + rng.choice(["", " Co", " Limited", " Company", " Group"])


def build_review_names(*, rng: random.Random, spec: ScaleSpec, smelters: list[Smelter], user: User) -> list[ReviewName]:
    """The names that wait for review (first `spec.review_groups`) and those already decided (the rest).

    Waiting: damaged SOR names the matcher proposed (fuzzy), names no SOR resembles, typed IDs that are
    unknown; decided: "ask the supplier" (open questions), "not a smelter", or a SOR.
    """
    names: list[ReviewName] = []
    seen: set[tuple[str, str, str]] = set()
    while len(names) < spec.review_groups + spec.decided_groups:
        smelter = rng.choice(smelters)
        kind = rng.random()
        country = rng.choice(["", smelter.country, smelter.country, rng.choice(SOR_COUNTRIES)])
        if kind < 0.3:
            entry = ReviewName(
                smelter.metal, _damaged(rng, smelter.standard_name), country, matching.FUZZY, smelter, []
            )
        elif kind < 0.85:
            invented = (
                f"{rng.choice(NAME_HEADS)} {rng.choice(SOR_WORDS[Metal(smelter.metal)])} {rng.choice(SOR_PLACES)}"
            )
            entry = ReviewName(smelter.metal, invented, country, matching.NONE, None, [matching.FLAG_NOT_IDENTIFIED])
        else:
            entry = ReviewName(
                smelter.metal,
                f"{rng.choice(SOR_PLACES)} {rng.choice(SOR_WORDS[Metal(smelter.metal)])}",
                country,
                matching.NONE,
                None,
                [matching.FLAG_ID_UNKNOWN],
                typed_cid=f"CID{rng.randint(100, 99999):06d}",
            )
        key = (entry.metal, matching.name_key(entry.name), matching.country_key(entry.country))
        if not key[1] or key in seen:
            continue
        seen.add(key)
        names.append(entry)
    now = timezone.now()
    decisions = []
    for number, entry in enumerate(names[spec.review_groups :]):
        verdict = VERDICT_CYCLE[number % len(VERDICT_CYCLE)]
        if verdict == "not_smelter":
            entry.name = f"{rng.choice(NOT_SMELTER_NAMES)} {entry.name.split()[0]}"
        entry.decision = MatchDecision(
            public_id=_uuid(rng),
            metal=entry.metal,
            name_key=matching.name_key(entry.name),
            country_key=matching.country_key(entry.country),
            verdict=verdict,
            smelter=(entry.smelter or rng.choice(smelters)) if verdict == "smelter" else None,
            example_name=entry.name,
            decided_by=user,
            decided_at=now - timedelta(days=rng.randint(1, 200)),
        )
        decisions.append(entry.decision)
    # A not-a-smelter rename can collide with another key: keep the first decision of a key.
    unique: dict[tuple[str, str, str], MatchDecision] = {}
    for decision in decisions:
        unique.setdefault((decision.metal, decision.name_key, decision.country_key), decision)
    _bulk(MatchDecision, list(unique.values()))
    for entry in names[spec.review_groups :]:
        assert entry.decision is not None
        entry.decision = unique[(entry.decision.metal, entry.decision.name_key, entry.decision.country_key)]
    return names


def _result(rng: random.Random, supplier: Supplier, rows: list[dict[str, Any]], status: str) -> dict[str, Any]:
    """A small but realistic cmrt_inspect result: declaration, questions, a few findings, the smelter rows."""
    answers = {m: {"1": "Yes", "2": "Yes", "3": rng.choice(["No", "No", "Unknown", "Yes"])} for m in ("tin", "gold")}
    findings: list[dict[str, Any]] = []
    if status == INVALID:
        findings.append(
            {
                "code": "declaration.missing",
                "severity": "error",
                "sheet": "Declaration",
                "cell": "D18",
                "message": "Declaration tab, cell D18: the authorizer's e-mail is missing.",
            }
        )
    if rng.random() < 0.4:
        findings.append(
            {
                "code": "smelter.name_only",
                "severity": "warning",
                "sheet": "Smelter List",
                "row": rows[0]["row"] if rows else 5,
                "message": "Smelter List tab, row 5: a smelter name without a Smelter ID.",
            }
        )
    return {
        "template": "CMRT",
        "version": "6.5",
        "declaration": {
            "company_name": supplier.name,
            "scope": "A",
            "contact_email": f"cmrt@{supplier.supplier_code.lower()}.example",
        },
        "questions": answers,
        "findings": findings,
        "smelters": rows,
        "products": [],
    }


def build_submissions(
    *,
    rng: random.Random,
    spec: ScaleSpec,
    suppliers: list[Supplier],
    smelters: list[Smelter],
    review: list[ReviewName],
    uploader: User,
) -> tuple[list[Submission], int]:
    """`spec.submissions` CMRTs (85% valid, 10% invalid, 5% refused) and the smelter rows of the readable ones.

    Smelters are drawn by popularity (Zipf over a shuffled reference, so the popular ones are of every
    metal); a submission names each SOR at most once. Review names are drawn by their own Zipf, so a few
    groups hold hundreds of rows and most a handful.
    """
    popular = smelters[:]
    rng.shuffle(popular)
    sor_weights = _zipf(len(popular), 1.1)
    waiting, decided = review[: spec.review_groups], review[spec.review_groups :]
    review_weights = _zipf(len(waiting), 0.45)
    decided_weights = _zipf(len(decided), 0.6)
    aliases: dict[int, list[str]] = {}
    for smelter_id, name in SmelterAlias.objects.filter(smelter__in=smelters).values_list("smelter_id", "name"):
        aliases.setdefault(smelter_id, []).append(name)
    # Every supplier files once, some twice (a corrected file): in all `spec.submissions`.
    filers = suppliers[:] + [rng.choice(suppliers) for _n in range(max(0, spec.submissions - len(suppliers)))]
    filers = filers[: spec.submissions]
    rng.shuffle(filers)
    start = timezone.now() - timedelta(days=200)
    submissions: list[Submission] = []
    rows_of: list[list[tuple[ReportedSmelter, ReviewName | Smelter, str]]] = []
    for number, supplier in enumerate(filers):
        status = rng.choices([VALID, INVALID, REFUSED], [0.85, 0.10, 0.05])[0]
        created = start + timedelta(minutes=number * 40 + rng.randint(0, 39))
        public_id = _uuid(rng)
        label = f"CMRT_{supplier.supplier_code}_{number:05d}.xlsx"
        rows: list[tuple[ReportedSmelter, ReviewName | Smelter, str]] = []
        if status != REFUSED:
            size = min(400, max(3, int(rng.lognormvariate(4.15, 0.7))))
            review_count = sum(1 for _n in range(size) if rng.random() < 0.125)
            decided_count = sum(1 for _n in range(size) if rng.random() < 0.03)
            known_count = max(0, size - review_count - decided_count)
            chosen: dict[int, Smelter] = {}
            for _draw in range(8):  # draws repeat the popular SORs: draw again until the file has its size
                for smelter in rng.choices(popular, sor_weights, k=known_count - len(chosen)):
                    chosen.setdefault(smelter.pk, smelter)
                if len(chosen) >= known_count:
                    break
            picks: list[ReviewName | Smelter] = list(chosen.values())
            picks += rng.choices(waiting, review_weights, k=review_count)
            picks += rng.choices(decided, decided_weights, k=decided_count)
            for row_number, pick in enumerate(picks, start=5):
                if isinstance(pick, Smelter):
                    by_id = rng.random() < 0.9
                    name = rng.choice(aliases.get(pick.pk, [pick.standard_name]))
                    metal, country, cid = pick.metal, pick.country, pick.cid if by_id else ""
                    method = matching.ID if by_id else matching.ALIAS
                else:
                    name, metal, country, cid, method = pick.name, pick.metal, pick.country, pick.typed_cid, pick.method
                reported = ReportedSmelter(
                    public_id=_uuid(rng),
                    supplier=supplier,
                    source_ref=public_id,
                    source_label=label,
                    row_number=row_number,
                    metal=metal,
                    metal_as_typed=str(Metal(metal).label),
                    cid_as_typed=cid,
                    name=name,
                    country=country,
                    name_key=matching.name_key(name),
                    country_key=matching.country_key(country),
                )
                rows.append((reported, pick, method))
        result = None
        if status != REFUSED:
            result = _result(
                rng,
                supplier,
                [
                    {
                        "row": r.row_number,
                        "metal": r.metal_as_typed,
                        "lookup_name": r.name if r.cid_as_typed else "",
                        "name": r.name,
                        "country": r.country,
                        "smelter_id": r.cid_as_typed,
                        "recycled_scrap": "No",
                    }
                    for r, _pick, _method in rows
                ],
                status,
            )
        digest = hashlib.sha256(public_id.bytes).hexdigest()
        submissions.append(
            Submission(
                public_id=public_id,
                supplier=supplier,
                uploaded_by=uploader,
                file=f"submissions/generated/{digest[:16]}.xlsx",
                original_name=label,
                size=rng.randint(180_000, 900_000),
                sha256=digest,
                status=status,
                template="CMRT" if result else "",
                version="6.5" if result else "",
                company_name=supplier.name if result else "",
                error_count=1 if status == INVALID else 0,
                warning_count=len([f for f in (result or {}).get("findings", []) if f["severity"] != "error"]),
                result=result,
                failure="" if result else "This file is not a CMRT workbook.",
                checked_at=created + timedelta(seconds=20),
            )
        )
        rows_of.append(rows)
    _bulk(Submission, submissions)
    # created_at is auto_now_add: spread it over the last 200 days like real uploads (one UPDATE per batch).
    Submission.objects.filter(pk__in=[s.pk for s in submissions]).update(created_at=models.F("checked_at"))
    matched_at = timezone.now()
    reported_total = 0
    pending: list[tuple[ReportedSmelter, ReviewName | Smelter, str]] = []
    for rows in rows_of:
        pending.extend(rows)
        if len(pending) >= 20_000:
            reported_total += _write_rows(pending, matched_at)
            pending = []
    reported_total += _write_rows(pending, matched_at)
    return submissions, reported_total


def _write_rows(rows: list[tuple[ReportedSmelter, ReviewName | Smelter, str]], matched_at: datetime) -> int:
    _bulk(ReportedSmelter, [r for r, _pick, _method in rows])
    matches = []
    for reported, pick, method in rows:
        if isinstance(pick, Smelter):
            matches.append(
                SmelterMatch(reported=reported, smelter=pick, method=method, score=100.0, matched_at=matched_at)
            )
        elif pick.decision is not None:
            decided_smelter = pick.decision.smelter
            matches.append(
                SmelterMatch(
                    reported=reported,
                    smelter=decided_smelter,
                    method=matching.MANUAL if decided_smelter else matching.NONE,
                    score=100.0 if decided_smelter else 0.0,
                    decision=pick.decision,
                    confirmed_by=pick.decision.decided_by,
                    confirmed_at=pick.decision.decided_at,
                    matched_at=matched_at,
                )
            )
        else:
            matches.append(
                SmelterMatch(
                    reported=reported,
                    smelter=pick.smelter,
                    method=method,
                    score=88.0 if pick.smelter else 0.0,
                    flags=pick.flags,
                    needs_review=True,
                    matched_at=matched_at,
                )
            )
    _bulk(SmelterMatch, matches)
    return len(rows)


def scale_generate(*, seed: int = 1, scale: float = 1.0, log: Any = None) -> Built:
    """Build the whole dataset in one transaction (see the module docstring); refuses a second run."""
    spec = ScaleSpec(seed=seed, scale=scale)
    rng = random.Random(f"{seed}:{scale}")
    say = log or (lambda _text: None)
    with transaction.atomic():
        users = _demo_users()
        owners = [u for u in users if u.email in ("supply@example.com", "buyer@example.com")]
        built = Built(users=users)
        built.smelters = build_reference(rng=rng, today=timezone.localdate())
        say(f"reference: {len(built.smelters)} smelters")
        built.suppliers = build_suppliers(rng=rng, spec=spec, owners=owners)
        say(f"suppliers: {len(built.suppliers)}")
        review = build_review_names(rng=rng, spec=spec, smelters=built.smelters, user=owners[0])
        say(f"review names: {spec.review_groups} waiting, {spec.decided_groups} decided")
        built.submissions, rows = build_submissions(
            rng=rng,
            spec=spec,
            suppliers=built.suppliers,
            smelters=built.smelters,
            review=review,
            uploader=owners[0],
        )
        say(f"submissions: {len(built.submissions)}, reported rows: {rows}")
        smelter_supplier_counts_refresh()  # the rows were bulk-written around the services
        review_group_counts_refresh()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")  # fresh planner statistics: a bulk load leaves none
    built.counts = scale_shape()
    return built


def scale_shape() -> dict[str, int]:
    """The figures that say whether the data has the intended shape (printed after a run, and by --database-check)."""
    from django.db.models import Count

    review = SmelterMatch.objects.filter(needs_review=True)
    top = Smelter.objects.annotate(n=Count("matches__reported__supplier", distinct=True)).order_by("-n").values("n")[:1]
    named_by_few = (
        Smelter.objects.annotate(n=Count("matches__reported__supplier", distinct=True)).filter(n__lte=20).count()
    )
    biggest_group = (
        review.values("reported__metal", "reported__name_key", "reported__country_key")
        .annotate(n=Count("id"))
        .order_by("-n")
        .values("n")[:1]
    )
    return {
        "suppliers": Supplier.objects.count(),
        "submissions": Submission.objects.count(),
        "reported_rows": ReportedSmelter.objects.count(),
        "matches": SmelterMatch.objects.count(),
        "rows_in_review": review.count(),
        "review_groups": review.values("reported__metal", "reported__name_key", "reported__country_key")
        .distinct()
        .count(),
        "biggest_review_group_rows": next(iter(biggest_group), {"n": 0})["n"],
        "distinct_unmatched_names": ReportedSmelter.objects.filter(match__smelter__isnull=True)
        .values("metal", "name_key")
        .distinct()
        .count(),
        "smelters": Smelter.objects.count(),
        "suppliers_of_most_named_smelter": next(iter(top), {"n": 0})["n"],
        "smelters_named_by_20_suppliers_or_fewer": named_by_few,
        "status_snapshots": StatusSnapshot.objects.count(),
        "open_questions": ReportedSmelter.objects.filter(
            match__decision__verdict=MatchDecision.Verdict.UNKNOWN
        ).count(),
    }
