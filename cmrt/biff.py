"""Bound the cells of a legacy .xls (BIFF5/8) before python-calamine sees them.

calamine parses every sheet of an .xls when the workbook is opened and allocates a dense grid
from A1 to the farthest cell (or to what the DIMENSIONS record claims), so one cell at IV65536
on each sheet of a 6 KB file costs gigabytes. Here we walk the workbook stream's records (cheap:
a record header is four bytes) and, in place and without changing any length or offset,
turn every cell record outside the bounds into a record type no reader knows, and clip the
DIMENSIONS records. What the CMRT layout needs is left untouched.
"""

from __future__ import annotations

import io
import struct
from collections.abc import Mapping
from dataclasses import dataclass, field

import olefile

from .rules import Refused

Bounds = Mapping[str, tuple[int, int]]  # sheet name (or "*" for any other) -> (last row, last column), 1-based

BOF, EOF, FILEPASS, BOUNDSHEET, DIMENSIONS = 0x0809, 0x000A, 0x002F, 0x0085, 0x0200
# Cell records that start with (row, column): FORMULA, NUMBER, LABEL, BOOLERR, RK, LABELSST, RSTRING, BLANK.
_CELL = frozenset({0x0006, 0x0203, 0x0204, 0x0205, 0x027E, 0x00FD, 0x00D6, 0x0201})
_MULTI = frozenset({0x00BD, 0x00BE})  # MULRK, MULBLANK: row, first column, ..., last column
_STRING = 0x0207  # the text result of the FORMULA record before it
# An unassigned record number: every BIFF reader skips records it does not know.
_INERT = struct.pack("<H", 0x01F0)


class Encrypted(Exception):
    """The workbook stream starts with FILEPASS: its records can only be walked once decrypted."""


def _stream_name(ole: olefile.OleFileIO) -> str:
    for name in ("Workbook", "Book"):
        if ole.exists(name):
            return name
    raise Refused.of("file.not_a_spreadsheet", kind="an Office document that is not an Excel workbook")


@dataclass
class Walked:
    data: bytes | None = None  # the clipped workbook; None when no cell lay outside the bounds
    sheets: list[str] = field(default_factory=list)  # the sheets that had cells outside


def clip_xls(data: bytes, bounds: Bounds, *, clip: bool = True) -> Walked:
    """Walk every sheet; with `clip`, make each cell outside `bounds` inert, else refuse the first.

    Sheets that `bounds` does not name (and no "*" entry covers) are not read: with `clip` all
    their cells go, without it they are not looked at. Raises `Encrypted` for an encrypted
    workbook and `Refused` for one too damaged to walk.
    """
    try:
        ole = olefile.OleFileIO(data)
        name = _stream_name(ole)
        stream = bytearray(ole.openstream(name).read())
        ole.close()
    except (OSError, ValueError, struct.error, IndexError) as exc:  # olefile reports damage as OSError
        raise Refused.of("file.corrupt", detail="the .xls container is damaged") from exc
    sheets = _clip_stream(stream, bounds, clip)
    if not sheets:
        return Walked()
    writable = olefile.OleFileIO(io.BytesIO(data), write_mode=True)
    writable.write_stream(name, bytes(stream))
    out: bytes = writable.fp.getvalue()
    writable.close()
    return Walked(out, sheets)


def _records(stream: bytearray, start: int) -> list[tuple[int, int, int]]:
    """(type, body offset, body length) from `start` to the matching EOF."""
    out: list[tuple[int, int, int]] = []
    pos, depth, end = start, 0, len(stream)
    while pos + 4 <= end:
        typ, size = struct.unpack_from("<HH", stream, pos)
        out.append((typ, pos + 4, size))
        pos += 4 + size
        if typ == BOF:
            depth += 1
        elif typ == EOF:
            depth -= 1
            if depth <= 0:
                break
    return out


def _sheets(stream: bytearray, globals_: list[tuple[int, int, int]]) -> tuple[bool, list[tuple[str, int]]]:
    """(BIFF8?, [(sheet name, offset of its BOF)]) from the workbook globals."""
    if not globals_ or globals_[0][0] != BOF or globals_[0][2] < 2:
        raise Refused.of("file.corrupt", detail="the .xls workbook stream does not start with BOF")
    biff8 = struct.unpack_from("<H", stream, globals_[0][1])[0] == 0x0600
    sheets: list[tuple[str, int]] = []
    for typ, at, size in globals_:
        if typ == FILEPASS:
            raise Encrypted
        if typ != BOUNDSHEET or size < 8:
            continue
        offset = struct.unpack_from("<I", stream, at)[0]
        cch = stream[at + 6]
        if biff8:
            wide = stream[at + 7] & 1
            raw = bytes(stream[at + 8 : at + 8 + cch * (2 if wide else 1)])
            sheet = raw.decode("utf-16-le" if wide else "latin-1", "replace")
        else:
            sheet = bytes(stream[at + 7 : at + 7 + cch]).decode("latin-1", "replace")
        sheets.append((sheet, offset))
    return biff8, sheets


def _clip_stream(stream: bytearray, bounds: Bounds, clip: bool) -> list[str]:
    """The names of the sheets changed (with `clip`); refuses the first cell outside without it."""
    biff8, sheets = _sheets(stream, _records(stream, 0))
    changed: list[str] = []
    for sheet, offset in sheets:
        limits = bounds.get(sheet) or bounds.get("*")
        if offset + 4 > len(stream) or (limits is None and not clip):
            continue
        max_row, max_col = limits or (0, 0)
        outside = False
        for typ, at, size in _records(stream, offset):
            if typ in _CELL and size >= 4:
                row, col = struct.unpack_from("<HH", stream, at)
                far = row >= max_row or col >= max_col
            elif typ in _MULTI and size >= 6:
                row, first = struct.unpack_from("<HH", stream, at)
                (last,) = struct.unpack_from("<H", stream, at + size - 2)
                far = row >= max_row or last >= max_col
                if far and clip and typ == 0x00BD and row < max_row and first < max_col:
                    # Numbers both inside and outside the bounds in one record: it cannot be cut.
                    raise Refused.of("file.sheet_too_large", sheet=sheet)
            elif typ == DIMENSIONS:
                outside |= clip and _clip_dimensions(stream, at, size, biff8, max_row, max_col)
                continue
            else:
                continue
            if far:
                if not clip:
                    raise Refused.of("file.sheet_too_large", sheet=sheet)
                stream[at - 4 : at - 2] = _INERT
                outside = True
        if outside:
            changed.append(sheet)
    return changed


def _clip_dimensions(stream: bytearray, at: int, size: int, biff8: bool, max_row: int, max_col: int) -> bool:
    """Clip the DIMENSIONS record (first row, last row + 1, first column, last column + 1) to the bounds."""
    fmt = "<IIHH" if biff8 else "<HHHH"
    if size < struct.calcsize(fmt):
        return False
    first_row, end_row, first_col, end_col = struct.unpack_from(fmt, stream, at)
    clipped = (min(first_row, max_row), min(end_row, max_row), min(first_col, max_col), min(end_col, max_col))
    if clipped == (first_row, end_row, first_col, end_col):
        return False
    struct.pack_into(fmt, stream, at, *clipped)
    return True
