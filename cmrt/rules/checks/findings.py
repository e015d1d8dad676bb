"""What every check shares: a finding placed on a tab and cell, with its message template, and the e-mail pattern."""

from __future__ import annotations

import re
from typing import Any

from ... import layout
from ...model import Finding
from ...text import render
from ..catalogue import RULES

EMAIL_RE = re.compile(
    r"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+$"
)

DECL = layout.SHEET_DECLARATION
SMELTERS = layout.SHEET_SMELTERS
PRODUCTS = layout.SHEET_PRODUCTS


def finding(code: str, where: str, template: str, params: dict[str, Any] | None = None, **place: Any) -> Finding:
    """A finding of rule `code`: `where` ("Smelter List tab, row 7: ") and the marked `template` with its
    `params` make the English message; the template and params are kept for a page in another language."""
    params = params or {}
    return Finding(
        code=code,
        severity=RULES[code].severity,
        message=where + render(template, params),
        template=template,
        params=params,
        **place,
    )


def on_declaration(
    code: str, cell: str, template: str, params: dict[str, Any] | None = None, metal: str | None = None
) -> Finding:
    return finding(code, f"Declaration tab, cell {cell}: ", template, params, sheet=DECL, cell=cell, metal=metal)


def on_smelter_row(
    code: str,
    row: int,
    template: str,
    params: dict[str, Any] | None = None,
    metal: str | None = None,
    col: str = "B",
) -> Finding:
    return finding(
        code,
        f"Smelter List tab, row {row}: ",
        template,
        params,
        sheet=SMELTERS,
        cell=f"{col}{row}",
        row=row,
        metal=metal,
    )
