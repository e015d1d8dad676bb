"""Read a CSV or XLSX table whose columns are found by header name.

Shared by every importer (suppliers, smelter lists). Headers are matched case-insensitively after
folding spaces, dashes and underscores, so "Supplier Code", "supplier_code" and "SUPPLIER-CODE" are
the same column. Row numbers are those a user sees in Excel or a text editor (header = row 1).

Workbooks are read through the CMRT library's guarded, sandboxed reader (`cmrt`, pure
Python): python-calamine can abort the whole process on a hostile file, and every uploaded table
deserves the same protection as a CMRT.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any


class TableError(ValueError):
    """The file cannot be read as a table at all (wrong type, no header, missing columns)."""


@dataclass(frozen=True)
class TableRow:
    number: int
    values: dict[str, str]

    def get(self, key: str) -> str:
        return self.values.get(key, "")


def fold_header(text: object) -> str:
    """'Supplier Code ' → 'supplier_code'; used to match headers by name."""
    return re.sub(r"[^0-9a-z]+", "_", str(text or "").strip().lower()).strip("_")


def cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return str(value).strip()


def _sniff_kind(data: bytes, name: str) -> str:
    if data[:4] == b"PK\x03\x04":
        return "xlsx"
    if data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        return "xls"
    if b"\x00" in data[:4096]:
        raise TableError(f"{name}: this is not a CSV or Excel file.")
    return "csv"


def _rows_from_csv(data: bytes, name: str) -> list[list[str]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise TableError(
            f"{name}: the file is not UTF-8 text (byte {exc.start}). Save it as 'CSV UTF-8' and try again."
        ) from exc
    sample = text[:8192]
    try:
        dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    return [list(r) for r in csv.reader(io.StringIO(text), dialect)]


# Refusals of the workbook guard, in words that fit any table (the CMRT library's own say "CMRT").
_REFUSALS = {
    "file.not_a_spreadsheet": "this is not a CSV or Excel file",
    "file.encrypted": "the workbook is password-protected; save it without a password and try again",
    "file.macro_enabled": "the workbook contains macros; save it as a plain .xlsx and try again",
    "file.too_large": "the file is larger than the upload limit",
    "file.empty": "the file is empty",
}


@dataclass(frozen=True)
class Workbook:
    """The sheets of an .xlsx/.xls file, read once through the guarded, sandboxed reader."""

    sheet_names: list[str]
    cells: dict[str, dict[tuple[int, int], Any]]
    saved_on: date | None = None  # docProps/core.xml "modified": when the file was last saved

    def rows(self, sheet: str) -> list[list[Any]]:
        """The sheet as rows of values from A1 (None where a cell is empty)."""
        cells = self.cells.get(sheet) or {}
        if not cells:
            return []
        width = max(c for _, c in cells)
        grid: list[list[Any]] = [[None] * width for _ in range(max(r for r, _ in cells))]
        for (r, c), value in cells.items():
            grid[r - 1][c - 1] = value
        return grid


def _saved_on(data: bytes) -> date | None:
    """The last-saved date in docProps/core.xml (the guard has already vetted the package)."""
    import zipfile

    import defusedxml.ElementTree as SafeElementTree

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            info = package.getinfo("docProps/core.xml")
            if info.file_size > 1_000_000:
                return None
            root = SafeElementTree.fromstring(package.read(info))
    except (KeyError, zipfile.BadZipFile, ValueError, SyntaxError):
        return None
    for element in root.iter():
        if element.tag.endswith("}modified") and element.text:
            try:
                return datetime.fromisoformat(element.text.strip().replace("Z", "+00:00")).date()
            except ValueError:
                return None
    return None


def workbook_read(data: bytes, *, name: str = "file") -> Workbook:
    """Read every sheet of a workbook safely; a hostile or foreign file raises TableError with the reason."""
    from cmrt import Refused, read_workbook_sheets

    try:
        names, cells = read_workbook_sheets(data)
    except Refused as refusal:
        code = refusal.finding.code
        reason = _REFUSALS.get(code, f"the workbook could not be read safely ({refusal.finding.message})")
        raise TableError(f"{name}: {reason}.") from refusal
    return Workbook(sheet_names=names, cells=cells, saved_on=_saved_on(data) if data[:2] == b"PK" else None)


def read_table(
    source: Path | str | bytes | Workbook,
    *,
    required: Iterable[str],
    name: str | None = None,
    sheet: str | None = None,
    aliases: Mapping[str, Iterable[str]] | None = None,
    header_search_rows: int = 10,
) -> tuple[list[str], Iterator[TableRow]]:
    """Return (found column keys, rows) for a CSV/XLSX file.

    `source` is a path, the file's bytes, or a Workbook already read (to read several of its sheets
    without reading the file again). `required` are canonical keys (already folded); `aliases` maps a
    canonical key to other header spellings. The header is the first of the first `header_search_rows`
    rows that holds every required column. Blank rows are skipped.
    """
    if isinstance(source, Workbook):
        label = name or "file"
        raw = source.rows(sheet if sheet in source.sheet_names else source.sheet_names[0])
    else:
        if isinstance(source, bytes):
            data, label = source, name or "file"
        else:
            path = Path(source)
            data, label = path.read_bytes(), name or path.name
        if _sniff_kind(data, label) == "csv":
            raw = _rows_from_csv(data, label)
        else:
            workbook = workbook_read(data, name=label)
            raw = workbook.rows(sheet if sheet in workbook.sheet_names else workbook.sheet_names[0])

    spelling: dict[str, str] = {}
    for key, others in (aliases or {}).items():
        for other in [key, *others]:
            spelling[fold_header(other)] = key
    required = [fold_header(r) for r in required]

    for index, candidate in enumerate(raw[:header_search_rows]):
        keys = [spelling.get(fold_header(h), fold_header(h)) for h in candidate]
        if all(r in keys for r in required):
            header_index = index
            break
    else:
        first = [str(h).strip() for h in (raw[0] if raw else []) if str(h).strip()]
        missing = ", ".join(required)
        raise TableError(
            f"{label}: no header row with the columns {missing} was found"
            + (f" (the first row holds: {', '.join(first)})." if first else " (the file is empty).")
        )

    def rows() -> Iterator[TableRow]:
        for offset, raw_row in enumerate(raw[header_index + 1 :], start=header_index + 2):
            values = {}
            for key, cell in zip(keys, raw_row, strict=False):
                if key and key not in values:
                    values[key] = cell_text(cell)
            if any(values.values()):
                yield TableRow(number=offset, values=values)

    return [k for k in keys if k], rows()
