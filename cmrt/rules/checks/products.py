"""The Product List tab: product numbers, and at least one for scope B."""

from __future__ import annotations

from ...model import Finding, InspectionResult
from ...text import gettext_noop
from .findings import PRODUCTS, finding


def check_products(result: InspectionResult) -> list[Finding]:
    out: list[Finding] = []
    for p in result.products:
        if not p.number:
            out.append(
                finding(
                    "product.number.missing",
                    f"Product List tab, row {p.row}: ",
                    gettext_noop("the product '{value}' has no product number; enter it in column B."),
                    {"value": p.name or p.comment},
                    sheet=PRODUCTS,
                    cell=f"B{p.row}",
                    row=p.row,
                )
            )
    if result.declaration.scope == "B" and not any(p.number for p in result.products):
        out.append(
            finding(
                "product_list.missing",
                "Product List tab, cell B6: ",
                gettext_noop(
                    "the declaration scope is "
                    "'B. Product (or List of Products)' but no product number is listed; enter the "
                    "product numbers this declaration covers from row 6 (column B), or change the scope."
                ),
                sheet=PRODUCTS,
                cell="B6",
            )
        )
    return out
