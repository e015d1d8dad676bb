"""Command line: print one JSON document per file (one per line). Exit 0 if every file was read
(valid or not), 2 if any was refused. `manage.py cmrt_inspect` is a thin wrapper around `main`."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from typing import TextIO

from .inspect import inspect_workbook


def main(argv: Sequence[str] | None = None, *, stdout: TextIO | None = None) -> int:
    parser = argparse.ArgumentParser(prog="cmrt_inspect", description="Read and check CMRT workbooks.")
    parser.add_argument("files", nargs="+", metavar="FILE")
    parser.add_argument("--json", action="store_true", help="print JSON (the default; kept for the command)")
    parser.add_argument("--indent", type=int, default=None, help="pretty-print with this indent")
    args = parser.parse_args(argv)
    out = stdout or sys.stdout
    status = 0
    for path in args.files:
        result = inspect_workbook(path)
        if result.refused:
            status = 2
        out.write(json.dumps(result.to_dict(), ensure_ascii=False, indent=args.indent) + "\n")
    return status
