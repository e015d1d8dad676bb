"""Turn the raw cells of a CMRT 6.x workbook into the typed model (no validation here)."""

from __future__ import annotations

import re
from typing import Any

from . import layout
from .model import (
    COMPANY_QUESTION_KEYS,
    METALS,
    CompanyAnswer,
    Declaration,
    InspectionResult,
    LookupRow,
    ProductRow,
    SmelterRow,
)
from .normalise import canonical, clean, formula_text, parse_date, q6_text, text

Cells = dict[tuple[int, int], Any]
_REF = re.compile(r"([A-Z]+)(\d+)")


def ref_to_rc(ref: str) -> tuple[int, int]:
    m = _REF.fullmatch(ref)
    if not m:
        raise ValueError(ref)
    col = 0
    for ch in m.group(1):
        col = col * 26 + ord(ch) - 64
    return int(m.group(2)), col


def cell(cells: Cells, ref: str) -> Any:
    return cells.get(ref_to_rc(ref))


def detect_template(revision: Cells | None) -> str | None:
    """Template type from Revision!B3 (static English text, unlike Declaration!D2)."""
    if not revision:
        return None
    value = text(cell(revision, layout.TYPE_CELL))
    if not value:
        return None
    return layout.TEMPLATE_NAMES.get(re.sub(r"\s+", " ", value).strip().casefold())


def detect_version(declaration: Cells | None) -> str | None:
    if not declaration:
        return None
    value = text(cell(declaration, layout.VERSION_CELL))
    m = layout.VERSION_RE.search(value or "")
    return m.group(1) if m else None


SCOPES: dict[str, str] = {
    "A": "A. Company",
    "B": "B. Product (or List of Products)",
    "C": "C. User defined [Specify in 'Description of scope']",
}


def read_declaration(cells: Cells) -> Declaration:
    d = Declaration()
    for name, ref in layout.DECLARATION_CELLS.items():
        if name in ("scope", "effective_date"):
            continue
        setattr(d, name, text(cell(cells, ref)))
    scope = text(cell(cells, layout.DECLARATION_CELLS["scope"]))
    d.scope_raw = scope
    if scope:
        letter = scope[:1].upper()
        # Accept the dropdown text, or just its letter; anything else stays None (a finding).
        if letter in SCOPES and (len(scope) == 1 or scope[1:2] in (".", " ", ")")):
            d.scope = letter
    raw_date = cell(cells, layout.DECLARATION_CELLS["effective_date"])
    d.effective_date = parse_date(raw_date)
    if d.effective_date is None and clean(raw_date) is not None:
        d.effective_date_raw = text(raw_date)
    return d


def read_questions(cells: Cells, result: InspectionResult) -> None:
    # Dropdown answers are compared case- and space-insensitively and stored in the template's
    # spelling; anything else is kept as typed (the rules report it).
    for metal in METALS:
        for q, allowed in layout.QUESTION_VALUES.items():
            raw = cell(cells, layout.question_cell(q, metal))
            value = q6_text(raw) if q == "6" else text(raw)
            result.questions[metal][q] = canonical(value, allowed) or value
            result.question_comments[metal][q] = text(cell(cells, layout.question_cell(q, metal, "G")))
    for key in COMPANY_QUESTION_KEYS:
        row = layout.COMPANY_QUESTION_ROWS[key]
        answer = text(cell(cells, f"D{row}"))
        result.company_questions[key] = CompanyAnswer(
            answer=canonical(answer, layout.COMPANY_VALUES[key]) or answer, comment=text(cell(cells, f"G{row}"))
        )


def read_smelters(cells: Cells) -> list[SmelterRow]:
    # Group the sparse cells by row once instead of probing 2500 x 18 addresses.
    by_row: dict[int, dict[int, Any]] = {}
    for (r, c), v in cells.items():
        if layout.SMELTER_FIRST_ROW <= r <= layout.SMELTER_LAST_ROW:
            by_row.setdefault(r, {})[c] = v
    rows: list[SmelterRow] = []
    for r in sorted(by_row):
        values = by_row[r]
        # Every column can hold a formula whose blank result is cached as 0.
        fields = {field: formula_text(values.get(i + 1)) for i, field in enumerate(layout.SMELTER_COLUMNS.values())}
        if not (fields["id_input"] or fields["metal"] or fields["lookup_name"]):
            continue
        metal = fields["metal"]
        standard = fields.pop("standard_name")
        row = SmelterRow(row=r, **{k: v for k, v in fields.items() if k != "typed_name"})
        row.typed_name = fields["typed_name"]
        row.name = fields["typed_name"] or standard
        if metal:
            row.metal = canonical(metal, layout.METAL_NAMES) or metal
        if not row.smelter_id and row.id_input:
            row.smelter_id = row.id_input
        if row.lookup_name:
            special = canonical(row.lookup_name, layout.SPECIAL_LOOKUPS)
            row.lookup_name = special or row.lookup_name
        if row.recycled_scrap:
            row.recycled_scrap = canonical(row.recycled_scrap, layout.RECYCLED_VALUES) or row.recycled_scrap
        rows.append(row)
    return rows


_COPYRIGHT = re.compile(r"©|all rights reserved|responsible minerals initiative", re.IGNORECASE)


def read_products(cells: Cells, version: str | None) -> list[ProductRow]:
    last = layout.product_last_row(version)
    by_row: dict[int, dict[int, Any]] = {}
    for (r, c), v in cells.items():
        if r >= layout.PRODUCT_FIRST_ROW and 2 <= c <= 4:
            by_row.setdefault(r, {})[c] = v
    products: list[ProductRow] = []
    for r in sorted(by_row):
        values = by_row[r]
        number = text(values.get(2))
        if r > last or (number and _COPYRIGHT.search(number)):
            break  # the copyright line closes the list
        row = ProductRow(row=r, number=number, name=text(values.get(3)), comment=text(values.get(4)))
        if row.number or row.name or row.comment:
            products.append(row)
    return products


def read_lookup(cells: Cells) -> list[LookupRow]:
    by_row: dict[int, dict[int, Any]] = {}
    for (r, c), v in cells.items():
        if r >= layout.LOOKUP_FIRST_ROW and c <= len(layout.LOOKUP_COLUMNS):
            by_row.setdefault(r, {})[c] = v
    out: list[LookupRow] = []
    for r in sorted(by_row):
        values = {f: formula_text(by_row[r].get(i + 1)) for i, f in enumerate(layout.LOOKUP_COLUMNS)}
        if not (values["metal"] or values["lookup_name"]):
            continue
        out.append(LookupRow(row=r, **values))
    return out


def lookup_metals(cells: Cells) -> dict[str, str]:
    """Smelter ID -> metal (lower case) from the Smelter Look-up tab; the cheap form the rules need."""
    out: dict[str, str] = {}
    for (r, c), value in cells.items():
        if c == 5 and r >= layout.LOOKUP_FIRST_ROW and isinstance(value, str):
            metal = cells.get((r, 1))
            if isinstance(metal, str) and value.strip():
                out.setdefault(value.strip().upper(), metal.strip().casefold())
    return out
