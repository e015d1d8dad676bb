"""Read RMI smelter files into plain records (no database writes here).

Three layouts are recognised, by content rather than by file name:

* a CMRT or EMRT workbook: its "Smelter Look-up" sheet, read by column position (A metal, B look-up
  name, C standard name, D country, E Smelter ID, G street, H city, I state/province; header row 4).
  The header labels are in the language the template was last saved in (the shared 6.x templates
  carry Chinese labels), so they cannot be used to find the columns (CMRT_FORMAT.md §5, §10.4);
* a status list, CSV or XLSX, columns found by header name: the sheet with a status column and the
  most rows is used (the 2023 consultant workbook has Conformant, Active and all-smelters sheets);
  a sheet with "Last Audit Date" adds audit dates and cycles;
* the Appendix A layout (`metal, standard_smelter_name, smelter_facility_location, smelter_id,
  rmi_audit_status`), which is a status list with other header names.

`parse_reference_file` returns every record and every bad row (with its line and reason); the
service decides to write all or nothing. A file in none of these layouts, or one that cannot be read
safely, is refused here (`core.importing.ImportRefused`, the one way every import fails).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import PurePath

from cmrt import CID_RE
from cmrt import SHEET_LOOKUP as LOOKUP_SHEET
from core.importing import ImportRefused, RowProblem
from core.tabular import TableError, TableRow, Workbook, read_table, workbook_read
from smelters import matching

STATUS_ALIASES: dict[str, Iterable[str]] = {
    "metal": ["mineral", "metal (*)"],
    "smelter_id": ["smelter identification", "smelter identification number", "cid", "smelter id number"],
    "name": ["standard smelter name", "standard smelter names", "smelter name", "standard name"],
    "alias": ["smelter reference", "smelter look-up (*)", "smelter look up", "smelter reference list", "alias"],
    "country": [
        "country location",
        "smelter facility location",
        "smelter facility location: country",
        "smelter country",
        "facility location",
        "location",
    ],
    "state_province": [
        "state/ province/ region",
        "state/province/region",
        "state province",
        "state / province",
        "smelter facility location: state / province",
    ],
    "city": ["smelter city"],
    "status": [
        "rmi status",
        "rmi audit status",
        "rmap status",
        "audit status",
        "conformance status",
        "smelter status",
        "assessment status",
    ],
    "assessment_program": ["audit cycle", "assessment cycle", "program", "assessment program"],
    "last_audit_date": ["last audit date", "last assessment date"],
    "next_audit_date": ["next audit date", "next assessment date", "reaudit due date"],
}


@dataclass
class ReferenceRecord:
    where: str
    metal: str
    cid: str
    standard_name: str = ""
    aliases: tuple[str, ...] = ()
    country: str = ""
    state_province: str = ""
    city: str = ""
    street: str = ""
    status: str = ""
    assessment_program: str = ""
    last_audit_date: date | None = None
    next_audit_date: date | None = None


@dataclass
class ParsedFile:
    kind: str  # ReferenceImport.Kind value
    sheet: str
    records: list[ReferenceRecord] = field(default_factory=list)
    problems: list[RowProblem] = field(default_factory=list)
    file_date: date | None = None
    file_date_origin: str = ""
    skipped: int = 0  # placeholder rows ("Smelter not listed") and the like
    skipped_rows: list[RowProblem] = field(default_factory=list)  # which ones, and why


def _is_workbook(data: bytes) -> bool:
    return data[:4] == b"PK\x03\x04"


def _where(sheet: str, number: int) -> str:
    return f"sheet '{sheet}', row {number}" if sheet else f"row {number}"


def parse_date(text: str) -> date | None:
    """ISO, US M/D/YYYY (the consultant list) or D-Mon-YYYY; None for blank; ValueError otherwise."""
    text = (text or "").strip()
    if not text:
        return None
    for fmt in ("%Y-%m-%d", "%m/%d/%Y", "%d-%b-%Y", "%d %b %Y", "%Y-%m-%dT%H:%M:%S"):
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ValueError(f"'{text}' is not a date")


_NAME_DATE_PATTERNS = (re.compile(r"(?<!\d)(\d{4})[-_.]?(\d{2})[-_.]?(\d{2})(?!\d)"),)


def date_from_name(name: str) -> date | None:
    """A full date in a file name ("rmi_status_2024-05-17.xlsx", "...20240517..."), else None."""
    for pattern in _NAME_DATE_PATTERNS:
        for match in pattern.finditer(PurePath(name).stem):
            try:
                found = date(int(match[1]), int(match[2]), int(match[3]))
            except ValueError:
                continue
            if 2000 <= found.year <= 2100:
                return found
    return None


def parse_reference_file(data: bytes, *, name: str) -> ParsedFile:
    if _is_workbook(data):
        try:
            # The guarded, sandboxed reader: a hostile upload is refused, never crashes the process.
            workbook = workbook_read(data, name=name)
        except TableError as exc:
            raise ImportRefused(str(exc)) from exc
        if LOOKUP_SHEET in workbook.sheet_names and "Declaration" in workbook.sheet_names:
            return _parse_lookup(workbook, name)
        return _parse_status_workbook(workbook, name)
    try:
        keys, rows = read_table(data, name=name, required=["metal", "smelter_id"], aliases=STATUS_ALIASES)
    except TableError as exc:
        raise ImportRefused(str(exc)) from exc
    first_line = data[:1000].decode("utf-8-sig", "replace").splitlines()[0] if data else ""
    kind = "appendix_a" if "rmi_audit_status" in first_line.lower().replace(" ", "_") else "status_list"
    return _parse_status_rows(keys, rows, sheet="", kind=kind)


def _parse_lookup(workbook: Workbook, name: str) -> ParsedFile:
    parsed = ParsedFile(kind="lookup", sheet=LOOKUP_SHEET)
    rows = workbook.rows(LOOKUP_SHEET)
    by_key: dict[tuple[str, str], ReferenceRecord] = {}
    for number, raw in enumerate(rows[4:], start=5):
        cells = [_text(c) for c in list(raw)[:9]] + [""] * max(0, 9 - len(raw))
        metal_text, alias, standard, country, cid, _source, street, city, state = cells[:9]
        if not any(cells):
            continue
        where = _where(LOOKUP_SHEET, number)
        if matching.name_key(alias) in matching.PLACEHOLDER_NAMES and not cid:
            parsed.skipped += 1
            parsed.skipped_rows.append(
                RowProblem(where, f"no Smelter ID; '{alias}' ({metal_text}) is a placeholder entry, not a smelter")
            )
            continue
        metal = matching.metal_key(metal_text)
        if not metal:
            parsed.problems.append(RowProblem(where, f"unknown metal '{metal_text}'"))
            continue
        cid = matching.cid_key(cid)
        if not CID_RE.match(cid):
            parsed.problems.append(RowProblem(where, f"Smelter ID '{cells[4]}' is not CID followed by 6 digits"))
            continue
        record = by_key.get((metal, cid))
        if record is None:
            record = by_key[(metal, cid)] = ReferenceRecord(
                where=where,
                metal=metal,
                cid=cid,
                standard_name=standard,
                country=country,
                state_province=state,
                city=city,
                street=street,
            )
            parsed.records.append(record)
        if alias and alias not in record.aliases:
            record.aliases = (*record.aliases, alias)
    parsed.file_date, parsed.file_date_origin = _workbook_revision_date(workbook)
    return parsed


def _workbook_revision_date(workbook: Workbook) -> tuple[date | None, str]:
    """The release date of a CMRT/EMRT: the newest date in its Revision sheet, if any."""
    if "Revision" not in workbook.sheet_names:
        return None, ""
    newest: date | None = None
    for raw in workbook.rows("Revision")[:80]:
        for cell in raw:
            if isinstance(cell, datetime):
                cell = cell.date()
            if isinstance(cell, date) and 2000 <= cell.year <= 2100 and (newest is None or cell > newest):
                newest = cell
    return newest, "the newest date in the Revision sheet" if newest else ""


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _parse_status_workbook(workbook: Workbook, name: str) -> ParsedFile:
    best: tuple[int, str, list[str], list[TableRow]] | None = None
    audit_rows: list[tuple[str, list[TableRow]]] = []
    for sheet in workbook.sheet_names:
        try:
            keys, rows_iter = read_table(
                workbook, name=name, sheet=sheet, required=["metal", "smelter_id"], aliases=STATUS_ALIASES
            )
        except TableError:
            continue
        rows = list(rows_iter)
        if "status" in keys and (best is None or len(rows) > best[0]):
            best = (len(rows), sheet, keys, rows)
        if "last_audit_date" in keys:
            audit_rows.append((sheet, rows))
    if best is None:
        raise ImportRefused(
            f"{name}: no sheet has the columns Metal, Smelter ID and a status (e.g. 'RMI Status'), "
            f"and the workbook has no '{LOOKUP_SHEET}' sheet of a CMRT/EMRT."
        )
    _, sheet, keys, rows = best
    parsed = _parse_status_rows(keys, iter(rows), sheet=sheet, kind="status_list")
    if workbook.saved_on:
        # A status list carries no "as of" of its own; the day it was last saved is the closest fact.
        parsed.file_date, parsed.file_date_origin = workbook.saved_on, "the day the workbook was last saved"
    # Audit dates and cycles live on a separate sheet in the consultant list: join them by ID.
    audits: dict[tuple[str, str], TableRow] = {}
    for audit_sheet, rows in audit_rows:
        for row in rows:
            key = (matching.metal_key(row.get("metal")), matching.cid_key(row.get("smelter_id")))
            audits.setdefault(key, row)
            try:
                parse_date(row.get("last_audit_date"))
                parse_date(row.get("next_audit_date"))
            except ValueError as exc:
                parsed.problems.append(RowProblem(_where(audit_sheet, row.number), str(exc)))
    for record in parsed.records:
        audit = audits.get((record.metal, record.cid))
        if audit is None:
            continue
        try:
            record.last_audit_date = record.last_audit_date or parse_date(audit.get("last_audit_date"))
            record.next_audit_date = record.next_audit_date or parse_date(audit.get("next_audit_date"))
        except ValueError:
            continue  # already reported above
        record.assessment_program = record.assessment_program or audit.get("assessment_program")
    return parsed


def _parse_status_rows(keys: list[str], rows: Iterable[TableRow], *, sheet: str, kind: str) -> ParsedFile:
    parsed = ParsedFile(kind=kind, sheet=sheet)
    if "status" not in keys:
        raise ImportRefused(
            "no status column was found (looked for headers such as 'RMI Status', 'RMI Audit Status', 'Status')."
        )
    by_key: dict[tuple[str, str], ReferenceRecord] = {}
    for row in rows:
        where = _where(sheet, row.number)
        metal = matching.metal_key(row.get("metal"))
        if not metal:
            parsed.problems.append(RowProblem(where, f"unknown metal '{row.get('metal')}'"))
            continue
        cid = matching.cid_key(row.get("smelter_id"))
        if not CID_RE.match(cid):
            parsed.problems.append(
                RowProblem(where, f"Smelter ID '{row.get('smelter_id')}' is not CID followed by 6 digits")
            )
            continue
        status = " ".join(row.get("status").split())
        if not status:
            parsed.problems.append(RowProblem(where, "the status is empty"))
            continue
        try:
            last_audit = parse_date(row.get("last_audit_date"))
            next_audit = parse_date(row.get("next_audit_date"))
        except ValueError as exc:
            parsed.problems.append(RowProblem(where, str(exc)))
            continue
        record = by_key.get((metal, cid))
        if record is not None:
            if record.status != status:
                parsed.problems.append(
                    RowProblem(where, f"{cid} is '{status}' here but '{record.status}' at {record.where}")
                )
            alias = row.get("alias")
            if alias and alias not in record.aliases:
                record.aliases = (*record.aliases, alias)
            continue
        record = by_key[(metal, cid)] = ReferenceRecord(
            where=where,
            metal=metal,
            cid=cid,
            standard_name=row.get("name") or row.get("alias"),
            aliases=tuple(a for a in (row.get("alias"),) if a),
            country=row.get("country"),
            state_province=row.get("state_province"),
            city=row.get("city"),
            status=status,
            assessment_program=row.get("assessment_program"),
            last_audit_date=last_audit,
            next_audit_date=next_audit,
        )
        parsed.records.append(record)
    return parsed


# --- Country-of-origin data (RMI member data; optional) ------------------------------------------

ORIGIN_ALIASES: dict[str, Iterable[str]] = {
    "metal": STATUS_ALIASES["metal"],
    "smelter_id": STATUS_ALIASES["smelter_id"],
    "countries": ["country of origin", "countries of origin", "origin countries", "origin country",
                  "country of origin of the 3tg", "mine country", "source country"],
    "recycled_scrap": ["recycled scrap", "recycled/scrap", "recycled or scrap", "recycled", "scrap",
                       "recycled/scrap sourcing", "recycled or scrap sources"],
}  # fmt: skip
RECYCLED_WORDS = {
    "none": "none", "no": "none", "0": "none", "0%": "none",
    "partial": "partial", "partly": "partial", "partially": "partial", "some": "partial", "mixed": "partial",
    "only": "only", "yes": "only", "100%": "only", "all": "only", "fully": "only",
}  # fmt: skip


@dataclass
class OriginRecord:
    where: str
    metal: str
    cid: str
    countries: list[str] = field(default_factory=list)
    recycled_scrap: str = ""


def parse_origin_file(data: bytes, *, name: str) -> tuple[list[OriginRecord], list[RowProblem]]:
    """Country-of-origin rows: one row per smelter (countries separated by ; , or |) or one row per
    smelter and country; rows of the same smelter are merged."""
    try:
        _keys, rows = read_table(data, name=name, required=["metal", "smelter_id", "countries"],
                                 aliases=ORIGIN_ALIASES)  # fmt: skip
        table = list(rows)
    except TableError as exc:
        raise ImportRefused(str(exc)) from exc
    records: dict[tuple[str, str], OriginRecord] = {}
    problems: list[RowProblem] = []
    for row in table:
        where = _where("", row.number)
        metal, cid = matching.metal_key(row.get("metal")), matching.cid_key(row.get("smelter_id"))
        if not metal:
            problems.append(RowProblem(where, f"unknown metal '{row.get('metal')}'"))
            continue
        if not CID_RE.match(cid):
            problems.append(RowProblem(where, f"Smelter ID '{row.get('smelter_id')}' is not CID followed by 6 digits"))
            continue
        recycled_text = row.get("recycled_scrap").strip().lower()
        recycled = RECYCLED_WORDS.get(recycled_text, "") if recycled_text else ""
        if recycled_text and not recycled:
            problems.append(
                RowProblem(where, f"recycled/scrap '{row.get('recycled_scrap')}' is not none, partial or only")
            )
            continue
        record = records.setdefault((metal, cid), OriginRecord(where=where, metal=metal, cid=cid))
        for country in re.split(r"[;|,\n]", row.get("countries")):
            country = " ".join(country.split())
            if country and country.lower() not in {c.lower() for c in record.countries}:
                record.countries.append(country)
        if recycled:
            if record.recycled_scrap and record.recycled_scrap != recycled:
                problems.append(RowProblem(where, f"recycled/scrap '{recycled}' contradicts an earlier row"))
            record.recycled_scrap = recycled
    return list(records.values()), problems
