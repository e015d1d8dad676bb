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

import csv
import io
import re
from collections.abc import Iterable
from typing import Any

from django.http import HttpResponse
from import_export import resources
from openpyxl import Workbook

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


class EscapedExportResource(resources.ModelResource):
    """A django-import-export resource whose exported headers and cells are escaped (CSV and XLSX)."""

    def export_resource(self, instance: Any, selected_fields: Any = None, **kwargs: Any) -> list[Any]:
        return escape_row(super().export_resource(instance, selected_fields, **kwargs))

    def get_export_headers(self, selected_fields: Any = None) -> list[str]:
        return escape_row(super().get_export_headers(selected_fields))


class Exporter:
    """An export as rows: subclasses give `headers`, `rows()` and `filename`; this base renders CSV
    (UTF-8 with a BOM, which Excel needs to read accents) and XLSX, every cell escaped (pretix style)."""

    title = "Export"
    filename = "export"
    headers: tuple[str, ...] = ()

    def rows(self) -> Iterable[Iterable[Any]]:
        raise NotImplementedError

    def to_csv(self) -> bytes:
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow(escape_row(self.headers))
        for row in self.rows():
            writer.writerow(escape_row(row))
        return out.getvalue().encode("utf-8-sig")

    def to_xlsx(self) -> bytes:
        wb = Workbook(write_only=True)
        ws = wb.create_sheet(self.title[:31])
        ws.append(escape_row(self.headers))
        for row in self.rows():
            ws.append(escape_row(row))
        out = io.BytesIO()
        wb.save(out)
        return out.getvalue()

    def response(self, fmt: str) -> HttpResponse:
        """The export as a download in `fmt` ("csv" or "xlsx")."""
        if fmt == "csv":
            response = HttpResponse(self.to_csv(), content_type="text/csv; charset=utf-8")
        elif fmt == "xlsx":
            response = HttpResponse(self.to_xlsx(), content_type=XLSX_CONTENT_TYPE)
        else:
            raise ValueError(fmt)
        response["Content-Disposition"] = f'attachment; filename="{self.filename}.{fmt}"'
        return response
