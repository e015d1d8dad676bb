"""Cheap files that would cost a lot: the reader is given only what the CMRT layout can need.

python-calamine allocates a grid from A1 to the farthest cell, so one stray cell far out on each sheet
costs gigabytes. These tests measure work, not time: they check what the reader is handed.
"""

from __future__ import annotations

import io
import re
import struct
import zipfile

import olefile
import pytest

from cmrt import Refused, inspect_workbook, layout, read_workbook_sheets
from cmrt import inspect as inspect_module
from cmrt.guard import MAX_ROW, check_bytes
from tests.conftest import require_module

from .builders import SHEET_HEAD, TODAY, build_cmrt, raw_xlsx, stray_cell_xls, stray_cell_xlsx, xlsx_to_xls

LAST_ROW = max(row for row, _col in layout.SHEET_BOUNDS.values())
LAST_COL = max(col for _row, col in layout.SHEET_BOUNDS.values())
_XLSX_REF = re.compile(rb'<c\b[^>]*?\sr="([A-Z]+)(\d+)"')
_XLS_CELLS = {0x0006, 0x0203, 0x0204, 0x0205, 0x027E, 0x00FD, 0x00D6, 0x0201, 0x00BD, 0x00BE}


def far_corner(data: bytes) -> tuple[int, int]:
    """The farthest (row, column) of any cell in any sheet, found without the guard or the reader."""
    rows, cols = [0], [0]
    if data.startswith(b"PK"):
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            for name in zf.namelist():
                if name.startswith("xl/worksheets/"):
                    for letters, digits in _XLSX_REF.findall(zf.read(name)):
                        cols.append(sum(26**i * (ord(ch) - 64) for i, ch in enumerate(reversed(letters.decode()))))
                        rows.append(int(digits))
        return max(rows), max(cols)
    stream = olefile.OleFileIO(data).openstream("Workbook").read()
    pos = 0
    while pos + 4 <= len(stream):
        typ, size = struct.unpack_from("<HH", stream, pos)
        if typ in _XLS_CELLS:
            row, col = struct.unpack_from("<HH", stream, pos + 4)
            last = struct.unpack_from("<H", stream, pos + 2 + size)[0] if typ in (0x00BD, 0x00BE) else col
            rows.append(row + 1)
            cols.append(max(col, last) + 1)
        pos += 4 + size
    return max(rows), max(cols)


def assert_bounded(data: bytes) -> None:
    row, col = far_corner(data)
    assert row <= LAST_ROW and col <= LAST_COL, f"a cell at row {row}, column {col} reaches the reader"


@pytest.fixture
def reader_inputs(monkeypatch):
    """The bytes every in-process read is given; an unbounded file never reaches python-calamine."""
    seen: list[bytes] = []
    real = inspect_module.read_sheets

    def spy(source, sheets):
        seen.append(source)
        assert_bounded(source)
        return real(source, sheets)

    monkeypatch.setattr(inspect_module, "read_sheets", spy)
    return seen


def test_a_cmrt_with_a_stray_cell_at_zz20000_on_every_sheet_is_read_without_it(reader_inputs):
    assert far_corner(stray_cell_xlsx()) == (20000, 702)  # 14 million cells a sheet for python-calamine
    stray = inspect_workbook(stray_cell_xlsx(), today=TODAY, isolate=False)
    assert len(reader_inputs) == 1
    plain = inspect_workbook(build_cmrt(), today=TODAY, isolate=False)
    assert not stray.refused and stray.valid
    assert stray.to_dict() == plain.to_dict()


def test_the_sandboxed_reader_is_handed_the_bounded_copy(monkeypatch):
    sources: list[bytes] = []
    real = inspect_module.read_sheets_isolated

    def spy(source, sheets, **kwargs):
        sources.append(source)
        return real(source, sheets, **kwargs)

    monkeypatch.setattr(inspect_module, "read_sheets_isolated", spy)
    result = inspect_workbook(stray_cell_xlsx(), today=TODAY, isolate=True)
    # The upload may be started on while the guard runs, but the answer used comes from the copy.
    assert_bounded(sources[-1])
    assert len(sources) == 2  # the upload, stopped as soon as the guard had made the copy
    assert result.to_dict() == inspect_workbook(build_cmrt(), today=TODAY, isolate=True).to_dict()


def test_a_legacy_xls_cmrt_with_a_stray_cell_at_iv65536_on_every_sheet_is_read_without_it(reader_inputs):
    require_module("xlwt")
    assert far_corner(stray_cell_xls()) == (65536, 256)
    stray = inspect_workbook(stray_cell_xls(), today=TODAY, isolate=False)
    plain = inspect_workbook(xlsx_to_xls(build_cmrt()), today=TODAY, isolate=False)
    assert not stray.refused and stray.valid, stray.findings
    assert stray.to_dict() == plain.to_dict()


def test_a_legacy_xls_table_with_a_cell_at_iv65536_is_refused_before_the_reader_runs(monkeypatch):
    require_module("xlwt")

    def reader_must_not_run(*args, **kwargs):
        raise AssertionError("the reader was asked to read an unbounded .xls")

    monkeypatch.setattr(inspect_module, "read_sheets_isolated", reader_must_not_run)
    with pytest.raises(Refused) as info:
        read_workbook_sheets(stray_cell_xls(), isolate=True)
    assert info.value.finding.code == "file.sheet_too_large" and "'Revision' tab" in info.value.finding.message


def test_a_legacy_xls_table_within_the_generic_caps_is_read_whole():
    require_module("xlwt")
    _names, sheets = read_workbook_sheets(stray_cell_xls(row=MAX_ROW - 1, col=40), isolate=False)
    assert sheets["Revision"][(MAX_ROW, 41)] == "stray"


def test_cells_without_references_beyond_the_last_useful_column_are_left_out():
    # python-calamine places a cell without r= right of the one before: 60 of them reach column BH.
    cells = "".join("<c><v>1</v></c>" for _ in range(60))
    data = raw_xlsx((SHEET_HEAD + f'<sheetData><row r="8">{cells}</row></sheetData></worksheet>').encode())
    package = check_bytes(data, sheets=layout.SHEET_BOUNDS, clip=True)
    assert package.clipped == ["Declaration"] and package.data is not None
    _names, sheets = read_workbook_sheets(package.data, isolate=False)
    assert sorted(sheets["Declaration"]) == [(8, c) for c in range(1, layout.MAX_USEFUL_COL + 1)]


def test_every_sheet_the_reader_uses_has_bounds_beyond_what_the_layout_reads():
    for sheet, max_col in layout.SHEET_MAX_COL.items():
        max_row, bound_col = layout.SHEET_BOUNDS[sheet]
        assert bound_col >= max_col
    assert layout.SHEET_BOUNDS[layout.SHEET_SMELTERS][0] > layout.SMELTER_LAST_ROW
    assert layout.SHEET_BOUNDS[layout.SHEET_PRODUCTS][0] > layout.product_last_row("6.5")


def test_the_real_rmi_templates_pass_the_bounds_untouched(shared_dir):
    for path in sorted((shared_dir / "cmrt" / "templates").glob("CMRT_6*.xlsx")):
        assert check_bytes(path.read_bytes(), sheets=layout.SHEET_BOUNDS, clip=True).clipped == [], path.name


def biff_stream(*records: tuple[int, bytes]) -> bytearray:
    return bytearray(b"".join(struct.pack("<HH", typ, len(body)) + body for typ, body in records))


def test_a_run_of_numbers_from_inside_to_far_outside_the_layout_is_refused_not_cut():
    from cmrt import biff

    bof = struct.pack("<HHHHII", 0x0600, 0x0010, 0, 0, 0, 0)
    sheet_at = 4 + len(bof) + 4 + 16 + 4  # after the globals' BOF, BOUNDSHEET (16 bytes) and EOF
    boundsheet = struct.pack("<IBBBB", sheet_at, 0, 0, 8, 0) + b"Revision"
    rk = struct.pack("<HI", 0, 2)  # style 0, the number 0 as an RK value
    mulrk = struct.pack("<HH", 0, 0) + rk * 100 + struct.pack("<H", 99)  # A1 to CV1
    stream = biff_stream((0x0809, bof), (0x0085, boundsheet), (0x000A, b""), (0x0809, bof), (0x00BD, mulrk))
    with pytest.raises(Refused) as info:
        biff._clip_stream(stream, layout.SHEET_BOUNDS, True)
    assert info.value.finding.code == "file.sheet_too_large" and "'Revision' tab" in info.value.finding.message
    # A run wholly outside is simply left out.
    far = struct.pack("<HH", 0, 60) + rk * 2 + struct.pack("<H", 61)
    stream = biff_stream((0x0809, bof), (0x0085, boundsheet), (0x000A, b""), (0x0809, bof), (0x00BD, far))
    assert biff._clip_stream(stream, layout.SHEET_BOUNDS, True) == ["Revision"]
