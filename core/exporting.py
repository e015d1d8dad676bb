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
