"""What every check shares: a finding placed on a tab and cell, with its message, and the e-mail pattern."""

from __future__ import annotations

import re
from typing import Any

from ... import layout
from ...model import Finding
from ..catalogue import RULES

EMAIL_RE = re.compile(
    r"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+$"
)

DECL = layout.SHEET_DECLARATION
SMELTERS = layout.SHEET_SMELTERS
PRODUCTS = layout.SHEET_PRODUCTS


def finding(code: str, message: str, **where: Any) -> Finding:
    return Finding(code=code, severity=RULES[code].severity, message=message, **where)


def on_declaration(code: str, cell: str, message: str, metal: str | None = None) -> Finding:
    return finding(code, f"Declaration tab, cell {cell}: {message}", sheet=DECL, cell=cell, metal=metal)


def on_smelter_row(code: str, row: int, message: str, metal: str | None = None, col: str = "B") -> Finding:
    return finding(
        code, f"Smelter List tab, row {row}: {message}", sheet=SMELTERS, cell=f"{col}{row}", row=row, metal=metal
    )
