"""Benchmark: server time and query count of every internal page, on a database the generator filled.

    python manage.py generate_scale_data --seed 1 [--scale 0.1]            # once per database
    DATABASE_URL=postgres://.../db python benchmarks/bench_pages.py --size full --label after
    DATABASE_URL=postgres://.../db_tenth python benchmarks/bench_pages.py --size tenth --label after
    python benchmarks/bench_pages.py --readme                                # table into README.md

Each page is requested through the Django test client (DEBUG=False, the test settings), logged in as
the role that uses it: one request to warm up, one to count queries, then `--repeat` (20) timed
requests of which the median and the 95th percentile are kept. Results go to
benchmarks/bench_pages_results.json under (label, size); `--readme` writes the table of all saved
results into README.md between the bench-pages markers.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
RESULTS = Path(__file__).with_name("bench_pages_results.json")
README = ROOT / "README.md"
START, END = "<!-- bench-pages:start -->", "<!-- bench-pages:end -->"


def _p95(samples: list[float]) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


class QueryCounter:
    """An execute wrapper that counts the statements sent (works with DEBUG=False)."""

    def __init__(self) -> None:
        self.count = 0

    def __call__(self, execute: Callable[..., Any], sql: str, params: Any, many: bool, context: Any) -> Any:
        self.count += 1
        return execute(sql, params, many, context)


def measure(repeat: int) -> dict[str, dict[str, Any]]:
    from django.db import connection
    from django.test import Client

    from accounts.models import User

    results: dict[str, dict[str, Any]] = {}
    clients: dict[str, Client] = {}
    from demo.pages import scale_pages

    for name, email, url_of in scale_pages():
        if email not in clients:
            clients[email] = Client()
            clients[email].force_login(User.objects.get(email=email))
        client, url = clients[email], url_of()
        response = client.get(url)
        assert response.status_code == 200, (name, url, response.status_code)
        counter = QueryCounter()
        with connection.execute_wrapper(counter):
            client.get(url)
        samples = []
        for _n in range(repeat):
            started = time.perf_counter()
            client.get(url)
            samples.append((time.perf_counter() - started) * 1000)
        results[name] = {
            "median_ms": round(statistics.median(samples)),
            "p95_ms": round(_p95(samples)),
            "queries": counter.count,
            "bytes": len(response.content),
        }
        print(f"{name:<42} median {results[name]['median_ms']:>6} ms  p95 {results[name]['p95_ms']:>6} ms  "
              f"{counter.count:>3} queries  {len(response.content) // 1024:>5} KiB", flush=True)  # fmt: skip
    return results


def readme_table(saved: dict[str, Any]) -> str:
    """One line a page: before and after, median/p95 at full size, p95 at a tenth, queries at both sizes."""
    runs = [(label, size) for label in ("before", "after") for size in ("full", "tenth")]
    pages_seen: list[str] = []
    for label, size in runs:
        for page in saved.get(label, {}).get(size, {}):
            if page not in pages_seen:
                pages_seen.append(page)

    def cell(label: str, size: str, page: str, what: str) -> str:
        figures = saved.get(label, {}).get(size, {}).get(page)
        if figures is None:
            return "–"
        if what == "time":
            return f"{figures['median_ms']:,} / {figures['p95_ms']:,}"
        return f"{figures['p95_ms']:,}" if what == "p95" else str(figures["queries"])

    lines = [
        "| page | before: median / p95 ms | before: p95 at 1/10 | before: queries full / 1/10 "
        "| after: median / p95 ms | after: p95 at 1/10 | after: queries full / 1/10 |",
        "|---|---|---|---|---|---|---|",
    ]
    for page in pages_seen:
        cells = [page]
        for label in ("before", "after"):
            cells += [
                cell(label, "full", page, "time"),
                cell(label, "tenth", page, "p95"),
                f"{cell(label, 'full', page, 'queries')} / {cell(label, 'tenth', page, 'queries')}",
            ]
        lines.append("| " + " | ".join(cells) + " |")
    meta = saved.get("meta", {})
    loads = ", ".join(f"{run} {load}" for run, load in sorted(meta.get("load", {}).items()))
    lines.append("")
    lines.append(
        f"Measured with `benchmarks/bench_pages.py` ({meta.get('repeat', 20)} requests after a warm-up, "
        "Django test client, DEBUG=False, PostgreSQL) on data from `generate_scale_data --seed 1` at "
        "scale 1 and 0.1." + (f" Load average during the runs (2 cores): {loads}." if loads else "")
    )
    return "\n".join(lines)


def write_readme(saved: dict[str, Any]) -> None:
    text = README.read_text()
    head, _sep, rest = text.partition(START)
    _old, _sep, tail = rest.partition(END)
    if not rest:
        sys.exit(f"README.md has no {START} marker")
    README.write_text(f"{head}{START}\n{readme_table(saved)}\n{END}{tail}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--label", choices=["before", "after"], help="which code is measured")
    parser.add_argument("--size", choices=["full", "tenth"], help="which generated dataset DATABASE_URL holds")
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--readme", action="store_true", help="write the saved results into README.md")
    args = parser.parse_args()
    saved: dict[str, Any] = json.loads(RESULTS.read_text()) if RESULTS.exists() else {}
    if args.label and args.size:
        if "DATABASE_URL" not in os.environ:
            sys.exit("Set DATABASE_URL to a database filled by generate_scale_data.")
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cmrt_portal.settings.test")
        import django

        django.setup()
        load_before = os.getloadavg()[0]
        saved.setdefault(args.label, {})[args.size] = measure(args.repeat)
        # The machine is shared: the load average says how busy it was (2 cores here).
        loads = saved.setdefault("meta", {}).setdefault("load", {})
        loads[f"{args.label}/{args.size}"] = round(max(load_before, os.getloadavg()[0]), 1)
        saved["meta"]["repeat"] = args.repeat
        RESULTS.write_text(json.dumps(saved, indent=2, ensure_ascii=False) + "\n")
    elif not args.readme:
        parser.error("give --label and --size to measure, or --readme")
    if args.readme:
        write_readme(saved)


if __name__ == "__main__":
    main()
