"""The Smelter List tab: each row's metal, look-up, Smelter ID and columns, duplicates, and a row per metal."""

from __future__ import annotations

import re

from ... import layout
from ...layout import CID_RE
from ...model import METAL_LABELS, METALS, Finding, InspectionResult, SmelterRow
from ...questions import Scope
from ...text import gettext_noop
from .findings import EMAIL_RE, SMELTERS, finding, on_smelter_row

# A smelter named on several rows: (metal, Smelter ID or "name:" + its name) -> its rows, in order.
RowsBySmelter = dict[tuple[str, str], list[SmelterRow]]


def check_smelters(result: InspectionResult) -> list[Finding]:
    """Each row on its own, then the rows together: the same smelter twice, a metal in scope without rows."""
    out: list[Finding] = []
    rows_by_smelter: RowsBySmelter = {}
    metals_with_rows: set[str] = set()
    for s in result.smelters:
        metal_problem = _metal_problem(s)
        if metal_problem:
            out.append(metal_problem)
            continue  # without a known metal, nothing else about the row can be judged
        metal = (s.metal or "").casefold()
        if s.lookup_name:
            metals_with_rows.add(metal)
        out += _row_problems(result, s, metal)
        key = _smelter_key(s)
        if key:
            rows_by_smelter.setdefault((metal, key), []).append(s)
    return out + _duplicates(rows_by_smelter) + _metals_without_rows(result, metals_with_rows)


def _metal_problem(s: SmelterRow) -> Finding | None:
    """Column B empty or not one of the four metals."""
    if not s.metal:
        return on_smelter_row(
            "smelter.metal.missing",
            s.row,
            gettext_noop("the metal (column B) is empty; choose Tantalum, Tin, Gold or Tungsten."),
        )
    if s.metal.casefold() not in METALS:
        return on_smelter_row(
            "smelter.metal.invalid",
            s.row,
            gettext_noop(
                "the metal '{value}' is not one of Tantalum, Tin, Gold or Tungsten; choose one from the dropdown."
            ),
            {"value": s.metal},
        )
    return None


def _row_problems(result: InspectionResult, s: SmelterRow, metal: str) -> list[Finding]:
    """Everything about one row of a known metal, in the order of its columns' rules."""
    return (
        _lookup_missing(s, metal)
        + _metal_out_of_scope(result, s, metal)
        + _special_lookup(s, metal)
        + _smelter_id(s, metal, result.lookup_metals)
        + _recycled(s, metal)
        + _contact_email(s, metal)
    )


def _lookup_missing(s: SmelterRow, metal: str) -> list[Finding]:
    if s.lookup_name:
        return []
    return [
        on_smelter_row(
            "smelter.lookup.missing",
            s.row,
            gettext_noop(
                "the {label} row has no smelter chosen in "
                "'Smelter Look-up' (column C); choose the smelter, or 'Smelter not listed'."
            ),
            {"label": METAL_LABELS[metal]},
            metal,
            "C",
        )
    ]


def _metal_out_of_scope(result: InspectionResult, s: SmelterRow, metal: str) -> list[Finding]:
    if result.scope_of(metal) is not Scope.OUT:
        return []
    label = METAL_LABELS[metal]
    return [
        on_smelter_row(
            "smelter.metal.out_of_scope",
            s.row,
            gettext_noop(
                "this is a {label} smelter, but the "
                "Declaration tab declares {label} out of scope (question 1 or 2 is 'No'); "
                "remove the row or correct questions 1 and 2."
            ),
            {"label": label},
            metal,
        )
    ]


def _special_lookup(s: SmelterRow, metal: str) -> list[Finding]:
    """'Smelter not listed' needs a name and a country; 'Smelter not yet identified' is to be replaced."""
    special = (s.lookup_name or "").casefold()
    if special == layout.NOT_LISTED and (not s.typed_name or not s.country):
        if not s.typed_name and not s.country:
            text = gettext_noop(
                "'Smelter not listed' is selected, so enter the smelter's name (column D) and country (column E)."
            )
        elif not s.typed_name:
            text = gettext_noop("'Smelter not listed' is selected, so enter the smelter's name (column D).")
        else:
            text = gettext_noop("'Smelter not listed' is selected, so enter the smelter's country (column E).")
        return [
            on_smelter_row(
                "smelter.not_listed.incomplete",
                s.row,
                text,
                None,
                metal,
                "D" if not s.typed_name else "E",
            )
        ]
    if special == layout.NOT_YET_IDENTIFIED:
        return [
            on_smelter_row(
                "smelter.not_yet_identified",
                s.row,
                gettext_noop(
                    "the {label} smelter is 'not yet identified'; "
                    "replace it with the smelter once your suppliers name it."
                ),
                {"label": METAL_LABELS[metal]},
                metal,
                "C",
            )
        ]
    return []


def _recycled(s: SmelterRow, metal: str) -> list[Finding]:
    if not s.recycled_scrap or s.recycled_scrap in layout.RECYCLED_VALUES:
        return []
    return [
        on_smelter_row(
            "smelter.recycled.invalid",
            s.row,
            gettext_noop(
                # xgettext:no-python-format ("100% of" is no placeholder)
                "column P says '{value}'; answer "
                "Yes, No or Unknown (does 100% of the smelter's feedstock come from recycled or "
                "scrap sources?)."
            ),
            {"value": s.recycled_scrap},
            metal,
            "P",
        )
    ]


def _contact_email(s: SmelterRow, metal: str) -> list[Finding]:
    """Column L may hold several addresses (separated by ; , or spaces); each must be valid."""
    if not s.contact_email or all(
        EMAIL_RE.match(e.strip()) for e in re.split(r"[;,\s]+", s.contact_email) if e.strip()
    ):
        return []
    return [
        on_smelter_row(
            "smelter.contact_email.malformed",
            s.row,
            gettext_noop("the smelter contact e-mail '{value}' is not a valid address; correct it or leave it empty."),
            {"value": s.contact_email},
            metal,
            "L",
        )
    ]


def _smelter_key(s: SmelterRow) -> str | None:
    """What makes two rows of one metal the same smelter: the Smelter ID, else the name; None for rows that
    may repeat ('Smelter not yet identified') or name nothing."""
    if s.smelter_id and CID_RE.match(s.smelter_id.upper()):
        return s.smelter_id.upper()
    if (s.lookup_name or "").casefold() == layout.NOT_YET_IDENTIFIED:
        return None  # several unidentified rows are legitimate
    name = s.typed_name or s.name or s.lookup_name
    return f"name:{name.casefold()}" if name else None


def _metals_without_rows(result: InspectionResult, metals_with_rows: set[str]) -> list[Finding]:
    """A metal that may be in scope needs a smelter row. Like the template's Checker, a metal counts until
    question 1 or 2 declares it out (a blank question 1 has its own finding)."""
    out: list[Finding] = []
    for metal in METALS:
        if result.scope_of(metal) is Scope.OUT or metal in metals_with_rows:
            continue
        label = METAL_LABELS[metal]
        if result.scope_of(metal) is Scope.IN:
            text = gettext_noop(
                "{label} is in scope on the "
                "Declaration tab, but no {label} smelter is listed; add a row per {label} smelter "
                "(use 'Smelter not yet identified' if you do not know them yet), or correct "
                "questions 1 and 2."
            )
        else:
            text = gettext_noop(
                "{label} is not declared out of scope on the "
                "Declaration tab, but no {label} smelter is listed; add a row per {label} smelter "
                "(use 'Smelter not yet identified' if you do not know them yet), or correct "
                "questions 1 and 2."
            )
        out.append(
            finding(
                "smelter_list.metal.missing",
                "Smelter List tab: ",
                text,
                {"label": label},
                sheet=SMELTERS,
                cell="B5",
                metal=metal,
            )
        )
    return out


def _duplicates(seen: RowsBySmelter) -> list[Finding]:
    """One finding per smelter listed on several rows, naming every row (five copies are one problem,
    not four pairs), placed on the first repeat so that the first row reads as the one to keep."""
    out: list[Finding] = []
    for (metal, _key), rows in seen.items():
        if len(rows) < 2:
            continue
        first, repeat = rows[0], rows[1]
        label = METAL_LABELS[metal]
        named = f"{first.name or first.lookup_name}{', ' + first.smelter_id if first.smelter_id else ''}"
        if len(rows) == 2:
            text = gettext_noop("rows {rows} list the same {label} smelter ({smelter}); keep one and delete the other.")
        else:
            text = gettext_noop(
                "rows {rows} list the same {label} smelter ({smelter}); keep one and delete the others."
            )
        out.append(
            finding(
                "smelter.duplicate",
                "Smelter List tab: ",
                text,
                {"rows": [r.row for r in rows], "label": label, "smelter": named},
                sheet=SMELTERS,
                cell=f"B{repeat.row}",
                row=repeat.row,
                metal=metal,
            )
        )
    return out


def _smelter_id(s: SmelterRow, metal: str, lookup_metal: dict[str, str]) -> list[Finding]:
    out: list[Finding] = []
    label = METAL_LABELS[metal]
    if s.id_input and s.smelter_id and s.id_input.upper() != s.smelter_id.upper():
        out.append(
            on_smelter_row(
                "smelter.id.mismatch",
                s.row,
                gettext_noop(
                    "the Smelter ID typed in column A ({typed}) "
                    "differs from the one in column F ({looked_up}); keep the right one."
                ),
                {"typed": s.id_input, "looked_up": s.smelter_id},
                metal,
                "A",
            )
        )
    sid = s.smelter_id
    if not sid:
        return out
    if not CID_RE.match(sid.upper()):
        col = "F" if s.smelter_id != s.id_input else "A"
        out.append(
            on_smelter_row(
                "smelter.id.malformed",
                s.row,
                gettext_noop(
                    "the Smelter ID '{value}' is not in the RMI format "
                    "'CID' followed by 6 digits (e.g. CID002082); correct it or leave it empty."
                ),
                {"value": sid},
                metal,
                col,
            )
        )
        return out
    if lookup_metal:
        owner = lookup_metal.get(sid.upper())
        if owner is None:
            out.append(
                on_smelter_row(
                    "smelter.id.unknown",
                    s.row,
                    gettext_noop(
                        "the Smelter ID {value} is not in this template's "
                        "Smelter Look-up tab; check it against the RMI smelter list."
                    ),
                    {"value": sid},
                    metal,
                    "F",
                )
            )
        elif owner != metal:
            out.append(
                on_smelter_row(
                    "smelter.id.wrong_metal",
                    s.row,
                    gettext_noop(
                        "the Smelter ID {value} is a {owner} smelter, but the row says {label}; "
                        "correct the metal or the ID."
                    ),
                    {"value": sid, "owner": owner.capitalize(), "label": label},
                    metal,
                    "F",
                )
            )
    return out
