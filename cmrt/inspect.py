"""Entry points: inspect a workbook (read + validate) and read the Smelter Look-up tab."""

from __future__ import annotations

import logging
import os
from datetime import date
from pathlib import Path
from typing import Any

from . import layout, reader
from ._calamine_read import Cells, ReaderError, read_sheets
from .biff import Bounds
from .guard import DEFAULT_MAX_BYTES, MAX_COL, MAX_ROW, OLE_MAGIC, check_bytes
from .isolation import DEFAULT_TIMEOUT, ReaderFailed, read_sheets_isolated
from .model import InspectionResult, LookupRow
from .rules import Refused, validate
from .rules.checks.findings import finding
from .text import gettext_noop

Source = str | os.PathLike[str] | bytes
logger = logging.getLogger(__name__)


def _load(source: Source, max_bytes: int) -> bytes:
    if isinstance(source, (bytes, bytearray, memoryview)):
        return bytes(source)
    path = Path(source)
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise Refused.of("file.too_large", size_mb=size / 1e6, limit_mb=max_bytes / 1e6)
        return path.read_bytes()
    except OSError as exc:
        raise Refused.of("file.unreadable", detail=f"cannot open the file: {exc.strerror or exc}") from exc


class _ReadInstead(Exception):
    """The guard made a bounded (or decrypted) copy of the upload: the reader must read that."""

    def __init__(self, data: bytes) -> None:
        super().__init__("read the guard's copy")
        self.data = data


def _read(
    data: bytes,
    sheets: dict[str, int],
    *,
    bounds: Bounds,
    clip: bool,
    isolate: bool,
    timeout: float,
    max_bytes: int,
) -> tuple[list[str], dict[str, Any]]:
    """Guard then read. Isolated, the guard runs here while the sandboxed worker already reads
    (the worker has its own memory and time limits, and its answer is only used if the guard
    passes); in-process, the guard must pass before python-calamine sees a byte. When the guard
    hands back a copy to read instead (cells outside `bounds` left out, or decrypted), the worker
    is stopped and reads the copy. An .xls is always guarded first: its walk is what bounds it."""

    def guard() -> bytes:
        package = check_bytes(data, max_bytes=max_bytes, sheets=bounds, clip=clip)
        return package.data or data

    def overlapped() -> None:
        copy = guard()
        if copy is not data:
            raise _ReadInstead(copy)

    try:
        if isolate:
            if len(data) > max_bytes or not data or data.startswith(OLE_MAGIC):
                return read_sheets_isolated(guard(), sheets, timeout=timeout)  # type: ignore[no-any-return]
            try:
                return read_sheets_isolated(data, sheets, timeout=timeout, meanwhile=overlapped)  # type: ignore[no-any-return]
            except _ReadInstead as instead:
                return read_sheets_isolated(instead.data, sheets, timeout=timeout)  # type: ignore[no-any-return]
        return read_sheets(guard(), sheets)
    except ReaderFailed as exc:
        detail = {"timeout": "it took too long", "memory": "it needs too much memory"}.get(
            exc.reason, "the reader stopped"
        )
        raise Refused.of("file.unreadable", detail=detail) from exc
    except ReaderError as exc:
        if exc.kind == "PasswordError" or "password" in exc.message.lower() or "encrypt" in exc.message.lower():
            raise Refused.of("file.encrypted") from exc
        raise Refused.of("file.corrupt", detail=exc.message[:200] or exc.kind) from exc


def _isolation_default() -> bool:
    return os.environ.get("CMRT_READER_ISOLATION", "1").lower() not in ("0", "false", "no")


def inspect_workbook(
    source: Source,
    *,
    today: date | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    isolate: bool | None = None,
    timeout: float = DEFAULT_TIMEOUT,
) -> InspectionResult:
    """Read a CMRT workbook (path or bytes) and validate it; never raises for a bad file.

    A refused file comes back with `refused=True` and exactly one finding saying why.
    `isolate` (default: on, env CMRT_READER_ISOLATION=0 turns it off) reads in the child process.
    """
    today = today or date.today()
    isolate = _isolation_default() if isolate is None else isolate
    result = InspectionResult()
    try:
        data = _load(source, max_bytes)
        _names, sheets = _read(
            data,
            layout.SHEET_MAX_COL,
            bounds=layout.SHEET_BOUNDS,
            clip=True,
            isolate=isolate,
            timeout=timeout,
            max_bytes=max_bytes,
        )
        _identify(result, sheets)
    except Refused as refusal:
        result.refused = True
        result.findings = [refusal.finding]
        return result

    try:
        declaration = sheets.get(layout.SHEET_DECLARATION, {})
        result.declaration = reader.read_declaration(declaration)
        reader.read_questions(declaration, result)
        result.smelters = reader.read_smelters(sheets.get(layout.SHEET_SMELTERS, {}))
        result.products = reader.read_products(sheets.get(layout.SHEET_PRODUCTS, {}), result.version)
        result.lookup_metals = reader.lookup_metals(sheets.get(layout.SHEET_LOOKUP, {}))
        result.findings += validate(result, today=today)
    except Exception:
        logger.exception("CMRT inspection failed after a successful read")
        refused = Refused.of("file.unreadable", detail=gettext_noop("an unexpected value stopped the checker"))
        return InspectionResult(
            template=result.template, version=result.version, refused=True, findings=[refused.finding]
        )
    return result


def _identify(result: InspectionResult, sheets: dict[str, Any]) -> None:
    """Set template/version, refuse what is not a CMRT 6.x, warn about unknown newer 6.x."""
    template = reader.detect_template(sheets.get(layout.SHEET_REVISION))
    version = reader.detect_version(sheets.get(layout.SHEET_DECLARATION))
    result.template, result.version = template, version
    if template is None:
        if layout.SHEET_DECLARATION not in sheets:
            raise Refused.of("template.not_cmrt", detail=gettext_noop(": it has no Declaration tab"))
        raise Refused.of("template.not_cmrt", detail=gettext_noop(": the Revision tab does not name the template"))
    if template != "CMRT":
        raise Refused.of("template.emrt", template=template, version=version or "unknown")
    if version is None:
        result.findings.append(
            finding(
                "template.version_missing",
                "Declaration tab, cell J3: ",
                gettext_noop(
                    "the template version stamp is missing, so the workbook was "
                    "read as CMRT 6.5. Use an unmodified RMI CMRT template."
                ),
                sheet=layout.SHEET_DECLARATION,
                cell="J3",
            )
        )
        return
    key = layout.version_key(version)
    if key[0] < 6:
        raise Refused.of("template.version_too_old", version=version)
    if key[0] > 6 or key > layout.version_key(layout.LATEST_KNOWN):
        result.findings.append(
            finding(
                "template.version_newer",
                "",
                gettext_noop(
                    "CMRT {version} is newer than the versions this checker knows (up to "
                    "{latest}); it was read with the {latest} layout. Check the "
                    "values shown below against your workbook."
                ),
                {"version": version, "latest": layout.LATEST_KNOWN},
                sheet=layout.SHEET_DECLARATION,
                cell="J3",
            )
        )


def read_workbook_sheets(
    source: Source,
    *,
    max_col: int = MAX_COL,
    max_bytes: int = DEFAULT_MAX_BYTES,
    isolate: bool | None = None,
    timeout: float = DEFAULT_TIMEOUT,
) -> tuple[list[str], dict[str, Cells]]:
    """Any .xlsx/.xls workbook (a supplier list, a smelter status list) as sparse cell maps per sheet.

    The same guard and sandboxed reader as a CMRT, so a hostile file is refused (`Refused`) instead of
    taking the process down. Cells are {(row, col): value}, 1-based, empty cells left out.
    """
    isolate = _isolation_default() if isolate is None else isolate
    data = _load(source, max_bytes)
    package = check_bytes(data, max_bytes=max_bytes)
    # .xlsx: the guard knows the sheet names and checks each sheet's extent; .xls: read them all.
    wanted = {name: max_col for name in package.sheet_parts} or {"*": max_col}
    # Any table may be long: a cell outside the generic caps is refused, never silently dropped.
    bounds = {name: (MAX_ROW, max_col) for name in wanted}
    return _read(data, wanted, bounds=bounds, clip=False, isolate=isolate, timeout=timeout, max_bytes=max_bytes)


def read_smelter_lookup(
    source: Source, *, max_bytes: int = DEFAULT_MAX_BYTES, isolate: bool | None = None, timeout: float = DEFAULT_TIMEOUT
) -> list[LookupRow]:
    """Rows of the 'Smelter Look-up' tab of a CMRT/EMRT; raises `Refused` for hostile or foreign files."""
    isolate = _isolation_default() if isolate is None else isolate
    data = _load(source, max_bytes)
    wanted = {layout.SHEET_REVISION: layout.SHEET_MAX_COL[layout.SHEET_REVISION], layout.SHEET_LOOKUP: 9}
    bounds = {name: layout.SHEET_BOUNDS[name] for name in wanted}
    _names, sheets = _read(
        data, wanted, bounds=bounds, clip=True, isolate=isolate, timeout=timeout, max_bytes=max_bytes
    )
    if reader.detect_template(sheets.get(layout.SHEET_REVISION)) is None or layout.SHEET_LOOKUP not in sheets:
        raise Refused.of("template.not_cmrt", detail=gettext_noop(": it has no Smelter Look-up tab"))
    return reader.read_lookup(sheets[layout.SHEET_LOOKUP])
