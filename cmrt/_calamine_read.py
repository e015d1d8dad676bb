"""The only code that calls python-calamine. It runs in the worker process (or in-process
when isolation is switched off) and returns plain, picklable data: for each sheet a sparse
map {(row, col): value} with 1-based absolute coordinates, empty cells left out."""

from __future__ import annotations

import io
from typing import Any

Cells = dict[tuple[int, int], Any]


class ReaderError(Exception):
    """python-calamine raised; `kind` is its exception class name (e.g. PasswordError)."""

    def __init__(self, kind: str, message: str) -> None:
        super().__init__(f"{kind}: {message}")
        self.kind = kind
        self.message = message


def read_sheets(source: str | bytes, sheets: dict[str, int]) -> tuple[list[str], dict[str, Cells]]:
    """Read the named sheets (name -> right-most column wanted); reader errors become ReaderError."""
    import python_calamine

    try:
        return _read(python_calamine, source, sheets)
    except (python_calamine.CalamineError, ValueError, TypeError, OSError, KeyError, IndexError) as exc:
        raise ReaderError(type(exc).__name__, str(exc)[:500]) from exc
    except BaseException as exc:
        # A Rust panic surfaces as pyo3's PanicException, a BaseException subclass.
        if type(exc).__name__ == "PanicException":
            raise ReaderError("PanicException", str(exc)[:500]) from exc
        raise


def _read(python_calamine: Any, source: str | bytes, sheets: dict[str, int]) -> tuple[list[str], dict[str, Cells]]:

    if isinstance(source, bytes):
        wb = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(source))
    else:
        wb = python_calamine.CalamineWorkbook.from_path(source)
    names = list(wb.sheet_names)
    if "*" in sheets:  # every sheet of the workbook, up to the same column
        sheets = {name: sheets["*"] for name in names}
    out: dict[str, Cells] = {}
    for name, max_col in sheets.items():
        if name not in names:
            continue
        sheet = wb.get_sheet_by_name(name)
        # By default to_python() starts at the first used cell (sheet.start), not at A1;
        # skip_empty_area=False anchors the rows at A1 so cell addresses stay exact.
        cells: Cells = {}
        for r, values in enumerate(sheet.to_python(skip_empty_area=False), start=1):
            row = values[:max_col]
            # Most of the 2500 template rows are empty: skip them at C speed. (Not any(row):
            # a row holding only False or 0 is not empty.)
            if row.count("") != len(row):
                for c, value in enumerate(row, start=1):
                    if value != "" and value is not None:
                        cells[(r, c)] = value
        out[name] = cells
    return names, out
