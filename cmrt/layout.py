"""Cell addresses of the CMRT 6.x layout (identical from 6.01 to 6.5, see CMRT_FORMAT.md §0).

Everything is read by address, never by label text: labels are translated formulas.
"""

from __future__ import annotations

import re

from .model import METALS

TEMPLATE_NAMES: dict[str, str] = {
    "conflict minerals reporting template": "CMRT",
    "extended mineral reporting template": "EMRT",
    "extended minerals reporting template": "EMRT",
    "cobalt reporting template": "CRT",
    "additional minerals reporting template": "AMRT",
}
VERSION_RE = re.compile(r"Revision\s+([0-9]+(?:\.[0-9]+)?[a-z]?)", re.IGNORECASE)
KNOWN_6X = ("6", "6.0", "6.01", "6.1", "6.2", "6.21", "6.22", "6.3", "6.31", "6.4", "6.5")
LATEST_KNOWN = "6.5"

SHEET_REVISION = "Revision"
SHEET_DECLARATION = "Declaration"
SHEET_SMELTERS = "Smelter List"
SHEET_PRODUCTS = "Product List"
SHEET_LOOKUP = "Smelter Look-up"
READ_SHEETS: tuple[str, ...] = (SHEET_REVISION, SHEET_DECLARATION, SHEET_SMELTERS, SHEET_PRODUCTS, SHEET_LOOKUP)
# Right-most column each sheet needs (1-based), so the child returns only what we use.
SHEET_MAX_COL: dict[str, int] = {
    SHEET_REVISION: 4,
    SHEET_DECLARATION: 10,
    SHEET_SMELTERS: 18,  # A..Q + hidden R (standard smelter name)
    SHEET_PRODUCTS: 4,
    SHEET_LOOKUP: 9,
}

# How far each sheet can matter, as (last row, last column): generous margins over what the reader
# uses and what real templates reach (Smelter List A1:AH2505, Product List to row 2006, Smelter
# Look-up ~670 rows, Declaration A1:R118, Revision A1:E59). Cells beyond are left out before
# python-calamine sees the file: it allocates a grid from A1 to the farthest cell, so one stray cell
# at ZZ20000 would cost 14 million cells (about 1 GB and 10 s) per sheet.
MAX_USEFUL_COL = 52  # AZ: the reader needs up to R (SHEET_MAX_COL), real sheets end at AH
SHEET_BOUNDS: dict[str, tuple[int, int]] = {
    SHEET_REVISION: (999, MAX_USEFUL_COL),  # the version history grows by ~3 rows a release
    SHEET_DECLARATION: (999, MAX_USEFUL_COL),  # answers end at row 89, hidden lists at 119
    SHEET_SMELTERS: (4 * 2504, MAX_USEFUL_COL),  # data rows 5-2504 (SMELTER_LAST_ROW)
    SHEET_PRODUCTS: (4 * 2005, MAX_USEFUL_COL),  # data rows 6-2005 (product_last_row)
    SHEET_LOOKUP: (9_999, MAX_USEFUL_COL),  # 587-660 rows from 6.01 to 6.5
}

TYPE_CELL = "B3"  # Revision!B3
VERSION_CELL = "J3"  # Declaration!J3

DECLARATION_CELLS: dict[str, str] = {
    "company_name": "D8",
    "scope": "D9",
    "scope_description": "D10",
    "unique_id": "D12",
    "unique_id_authority": "D13",
    "address": "D14",
    "contact_name": "D15",
    "contact_email": "D16",
    "contact_phone": "D17",
    "authorizer": "D18",
    "authorizer_title": "D19",
    "authorizer_email": "D20",
    "authorizer_phone": "D21",
    "effective_date": "D22",
}

# First answer row of each question block; metals follow in the order Ta, Sn, Au, W.
QUESTION_FIRST_ROW: dict[str, int] = {"1": 26, "2": 32, "3": 38, "4": 44, "5": 50, "6": 56, "7": 62, "8": 68}


def question_cell(question: str, metal: str, column: str = "D") -> str:
    return f"{column}{QUESTION_FIRST_ROW[question] + METALS.index(metal)}"


COMPANY_QUESTION_ROWS: dict[str, int] = {"A": 75, "B": 77, "C": 79, "D": 81, "E": 83, "F": 85, "G": 87, "H": 89}

SMELTER_HEADER_ROW = 4
SMELTER_FIRST_ROW = 5
SMELTER_LAST_ROW = 2504
# column letter -> field; A is the typed ID input, R the hidden standard name.
SMELTER_COLUMNS: dict[str, str] = {
    "A": "id_input",
    "B": "metal",
    "C": "lookup_name",
    "D": "typed_name",
    "E": "country",
    "F": "smelter_id",
    "G": "source",
    "H": "street",
    "I": "city",
    "J": "state",
    "K": "contact_name",
    "L": "contact_email",
    "M": "next_steps",
    "N": "mine_name",
    "O": "mine_country",
    "P": "recycled_scrap",
    "Q": "comments",
    "R": "standard_name",
}

PRODUCT_FIRST_ROW = 6


def product_last_row(version: str | None) -> int:
    # 6.01/6.1 have rows 6..1000, 6.22+ rows 6..2005; the copyright line follows either way.
    if version in ("6", "6.0", "6.01", "6.1"):
        return 1000
    return 2005


# The RMI's Smelter ID (CID): "CID" and six digits, e.g. CID002082 (compare upper-cased). The pattern is
# written so that Python, PostgreSQL and SQLite read it alike (the database checks it too).
CID_PATTERN = r"^CID[0-9]{6}$"
CID_RE = re.compile(CID_PATTERN)

LOOKUP_FIRST_ROW = 5
# A Metal, B look-up (alias) name, C standard name, D country, E Smelter ID, F source, G street, H city, I state
LOOKUP_COLUMNS = ("metal", "lookup_name", "standard_name", "country", "smelter_id", "source", "street", "city", "state")

# Dropdown values (the Declaration's data validations, CMRT_FORMAT.md §2.3). Q6 "100%" is the
# number 1 up to 6.22 and text from 6.31 on; the reader turns both into "100%".
YES_NO = ("Yes", "No")
YES_NO_UNKNOWN = ("Yes", "No", "Unknown")
Q6_VALUES = ("100%", "Greater than 90%", "Greater than 75%", "Greater than 50%", "50% or less", "None")
QUESTION_VALUES: dict[str, tuple[str, ...]] = {
    "1": YES_NO,
    "2": YES_NO,
    "3": YES_NO_UNKNOWN,
    "4": YES_NO_UNKNOWN,
    "5": YES_NO_UNKNOWN,
    "6": Q6_VALUES,
    "7": YES_NO,
    "8": YES_NO,
}
E_VALUES = ("Yes, in conformance with IPC1755 (e.g., CMRT)", "Yes, using other format (describe)", "No")
H_VALUES = ("Yes, with the SEC", "Yes, with the EU", "Yes, with the SEC and the EU", "No")
COMPANY_VALUES: dict[str, tuple[str, ...]] = {k: YES_NO for k in "ABCDEFGH"} | {"E": E_VALUES, "H": H_VALUES}
METAL_NAMES = ("Tantalum", "Tin", "Gold", "Tungsten")
SPECIAL_LOOKUPS = ("Smelter not listed", "Smelter not yet identified")
RECYCLED_VALUES = YES_NO_UNKNOWN

NOT_LISTED = "smelter not listed"
NOT_YET_IDENTIFIED = "smelter not yet identified"


def version_key(version: str) -> tuple[int, float]:
    """Sort key for '6.22' style versions (decimal comparison: 6.22 < 6.3 < 6.31 < 6.4)."""
    m = re.match(r"(\d+)(?:\.(\d+))?", version)
    if not m:
        return (0, 0.0)
    return (int(m.group(1)), float("0." + m.group(2)) if m.group(2) else 0.0)
