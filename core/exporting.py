"""Escaping of exported cells against formula injection (CSV and XLSX), in one place.

A spreadsheet runs a cell that starts with `=`, `+`, `-` or `@` as a formula, and one that starts
with a tab or a carriage return after trimming it. Supplier names and codes come from outside, so
every export prefixes such a cell with `'` (OWASP's advice), which Excel and LibreOffice show as
text. Nothing else changes: numbers stay numbers (a negative spend is not a formula), and a leading
`=` is kept, never deleted (django-import-export's own escaping drops it, which changes the data; it
is switched off in settings). Exports built with django-import-export inherit `EscapedExportResource`;
any other exporter passes its rows through `escape_row`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from import_export import resources

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")


def escape_cell(value: Any) -> Any:
    """`value` with a leading `'` if a spreadsheet would run it as a formula; otherwise unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS) and not _PLAIN_NUMBER.fullmatch(value):
        return "'" + value
    return value


def escape_row(values: Iterable[Any]) -> list[Any]:
    return [escape_cell(value) for value in values]


# django-import-export ships no type hints, so its classes are Any to mypy.
class EscapedExportResource(resources.ModelResource):  # type: ignore[misc]
    """A django-import-export resource whose exported headers and cells are escaped (CSV and XLSX)."""

    def export_resource(self, instance: Any, selected_fields: Any = None, **kwargs: Any) -> list[Any]:
        return escape_row(super().export_resource(instance, selected_fields, **kwargs))

    def get_export_headers(self, selected_fields: Any = None) -> list[str]:
        return escape_row(super().get_export_headers(selected_fields))


class RowExporter:
    """Base of exports that yield rows: a subclass gives `headers` and `rows`, this renders them as CSV
    or XLSX with every cell escaped (escape_cell). Aware datetimes are written in UTC, without offset
    (Excel has none), so a subclass names the column "… (UTC)"."""

    filename = "export"

    def headers(self) -> list[str]:
        raise NotImplementedError

    def rows(self) -> Iterable[list[Any]]:
        raise NotImplementedError

    @staticmethod
    def _plain(value: Any) -> Any:
        import datetime as dt

        if isinstance(value, dt.datetime) and value.tzinfo is not None:
            return value.astimezone(dt.UTC).replace(tzinfo=None)
        return value

    def render(self, file_format: str) -> tuple[bytes, str, str]:
        """(content, content type, file name) for "csv" or "xlsx"."""
        rows = ([self._plain(v) for v in escape_row(row)] for row in [self.headers(), *self.rows()])
        if file_format == "csv":
            import csv
            import io

            text = io.StringIO()
            writer = csv.writer(text)
            for row in rows:
                writer.writerow(["" if v is None else v for v in row])
            # With a byte-order mark, Excel opens the UTF-8 file with its accents intact.
            return text.getvalue().encode("utf-8-sig"), "text/csv; charset=utf-8", f"{self.filename}.csv"
        if file_format == "xlsx":
            import io

            from openpyxl import Workbook

            book = Workbook(write_only=True)
            sheet = book.create_sheet()
            for row in rows:
                sheet.append(row)
            out = io.BytesIO()
            book.save(out)
            content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            return out.getvalue(), content_type, f"{self.filename}.xlsx"
        raise ValueError(f"unknown export format {file_format!r}")
