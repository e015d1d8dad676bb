"""Measure the matcher on a damaged-name test set built from a CMRT Smelter Look-up.

    python benchmarks/match_quality.py [--lookup PATH] [--seed N] [--holdout PATH]

1. Every alias of the look-up, with its metal, must return its own Smelter ID.
2. Seven damaged variants per alias (case, spacing, legal form dropped, one or two typos, and the
   three together; the country left out of about half) must return the right ID ≥ 95 % of the time
   and a wrong one < 1 % of the time.
3. With --holdout (default: CMRT 6.4), the SORs of that look-up that are missing from the main one,
   undamaged and damaged, must not be matched to anything: any match there is a wrong one.

Pure Python: no database needed.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from smelters.matching import MatchIndex  # noqa: E402
from smelters.quality import Case, damaged_cases, evaluate, lookup_rows, references_from_lookup  # noqa: E402


def main() -> None:
    templates = Path(os.environ.get("SHARED_DIR") or ROOT.parent / "shared") / "cmrt" / "templates"
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lookup", type=Path, default=templates / "CMRT_6.5_blank.xlsx")
    parser.add_argument("--holdout", type=Path, default=templates / "CMRT_6.4_blank_en.xlsx")
    parser.add_argument("--seed", type=int, default=20260)
    args = parser.parse_args()

    rows = lookup_rows(args.lookup)
    index = MatchIndex(references_from_lookup(rows))
    cids = {(r[0], r[4]) for r in rows}
    print(f"{args.lookup.name}: {len(rows)} aliases of {len(cids)} smelters and refiners")

    own = sum(index.match(metal=m, name=alias).cid == cid for m, alias, _s, _c, cid in rows)
    print(f"aliases → own Smelter ID: {own}/{len(rows)} ({100 * own / len(rows):.1f} %)")

    outcome = evaluate(index, damaged_cases(rows, seed=args.seed))
    print(
        f"damaged names: {outcome.total} cases, right {outcome.right} ({outcome.right_pct:.2f} %), "
        f"no match {outcome.missed}, wrong {outcome.wrong} ({outcome.wrong_pct:.2f} %)"
    )
    for damage, counts in outcome.by_damage.items():
        print(
            f"  {damage:32} right {counts['right']:4}/{counts['total']}  missed {counts['missed']:3}  "
            f"wrong {counts['wrong']}"
        )
    for case, got, score in outcome.wrong_examples[:10]:
        print(f"  WRONG: {case.metal} {case.name!r} ({case.damage}) → {got} at {score}, expected {case.expected}")

    if args.holdout and args.holdout.exists():
        held = [r for r in lookup_rows(args.holdout) if (r[0], r[4]) not in cids]
        cases = [Case(r[0], r[1], r[3], "", "undamaged") for r in held] + damaged_cases(held, seed=args.seed)
        matched = [(c, index.match(metal=c.metal, name=c.name, country=c.country)) for c in cases]
        wrong = [(c, r) for c, r in matched if r.cid]
        print(
            f"held out ({args.holdout.name} smelters absent from {args.lookup.name}): {len(held)} aliases, "
            f"{len(cases)} cases, matched to some other smelter: {len(wrong)} ({100 * len(wrong) / len(cases):.2f} %)"
        )
        for case, result in wrong[:10]:
            print(f"  HELD-OUT MATCH: {case.metal} {case.name!r} → {result.cid} ({result.score})")


if __name__ == "__main__":
    main()
