"""Benchmark the CMRT library on the real workbooks in ../shared/cmrt (skips cleanly if absent).

For each real CMRT: median (and best) wall time, methods interleaved round by round, of
  * inspect    - cmrt.inspect_workbook (guard + read in the worker process + validate)
  * in-process - the same with isolate=False (guard + read in this process + validate)
  * calamine   - python-calamine alone reading the same five sheets (to_python), nothing else
  * openpyxl   - openpyxl.load_workbook(data_only=True) of the file (full load, no cell access)
and the ratios openpyxl/inspect (goal >= 15x) and inspect/calamine (goal <= 2x).

Usage: python benchmarks/bench_cmrt.py [--repeat N] [--openpyxl-repeat N] [DIR]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO_ROOT))

from cmrt import inspect_workbook
from cmrt.isolation import shutdown
from cmrt.layout import READ_SHEETS


def default_dir() -> Path:
    if os.environ.get("CMRT_SHARED_DIR"):
        return Path(os.environ["CMRT_SHARED_DIR"])
    if os.environ.get("SHARED_DIR"):
        return Path(os.environ["SHARED_DIR"]) / "cmrt"
    return REPO_ROOT.parent / "shared" / "cmrt"


def interleaved_times(
    fns: dict[str, Callable[[], object]], repeat: int, sparse: dict[str, int]
) -> dict[str, list[float]]:
    """Time every method once per round, round after round, so that background load on a
    shared machine hits all of them alike; methods in `sparse` run only in their first N rounds."""
    times: dict[str, list[float]] = {name: [] for name in fns}
    for i in range(repeat):
        for name, fn in fns.items():
            if i >= sparse.get(name, repeat):
                continue
            start = time.perf_counter()
            fn()
            times[name].append(time.perf_counter() - start)
    return times


def calamine_read(path: Path) -> None:
    import python_calamine

    wb = python_calamine.CalamineWorkbook.from_path(str(path))
    for name in READ_SHEETS:
        if name in wb.sheet_names:
            wb.get_sheet_by_name(name).to_python()


def openpyxl_load(path: Path) -> None:
    import openpyxl

    openpyxl.load_workbook(path, data_only=True).close()


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("folder", nargs="?", type=Path, default=default_dir())
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--openpyxl-repeat", type=int, default=5)
    args = parser.parse_args()
    files = sorted(p for p in args.folder.glob("*/CMRT_6*.xlsx")) if args.folder.is_dir() else []
    if not files:
        print(f"no real CMRT files under {args.folder}: skipped")
        return 0

    start = time.perf_counter()
    inspect_workbook(files[0])  # start the worker once; its start-up is reported separately
    print(f"worker start-up (first call, once per process): {time.perf_counter() - start:.3f} s")
    header = (
        f"{'file':45} {'inspect':>8} {'in-proc':>8} {'calamine':>9} {'openpyxl':>9} {'opx/insp':>9} {'insp/cal':>9}"
    )
    medians: dict[str, dict[str, float]] = {}
    minima: dict[str, dict[str, float]] = {}
    for path in files:
        times = interleaved_times(
            {
                "inspect": lambda p=path: inspect_workbook(p),
                "in-proc": lambda p=path: inspect_workbook(p, isolate=False),
                "calamine": lambda p=path: calamine_read(p),
                "openpyxl": lambda p=path: openpyxl_load(p),
            },
            args.repeat,
            {"openpyxl": args.openpyxl_repeat},
        )
        name = path.parent.name + "/" + path.name
        medians[name] = {k: statistics.median(v) for k, v in times.items()}
        minima[name] = {k: min(v) for k, v in times.items()}
    for title, table in (("median", medians), ("best of the runs (least disturbed by other load)", minima)):
        print(f"\n{title}, seconds per file:")
        print(header)
        for name, t in table.items():
            print(
                f"{name:45} {t['inspect']:8.3f} {t['in-proc']:8.3f} {t['calamine']:9.3f} {t['openpyxl']:9.3f} "
                f"{t['openpyxl'] / t['inspect']:8.1f}x {t['inspect'] / t['calamine']:8.2f}x"
            )
    shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(main())
