"""Files that must be refused with one clear finding, quickly, without hurting the caller."""

from __future__ import annotations

import io
import time
import zipfile

import pytest

from cmrt import Refused, inspect_workbook, read_smelter_lookup, read_workbook_sheets
from cmrt import inspect as inspect_module
from cmrt._calamine_read import ReaderError
from cmrt.isolation import ReaderFailed, _Worker, read_sheets_isolated

from .builders import (
    SHEET_HEAD,
    TODAY,
    WORKBOOK,
    build_cmrt,
    entity_bomb_xlsx,
    far_cell_lying_dimension_xlsx,
    far_cell_xlsx,
    macro_xlsx,
    many_cells_xlsx,
    raw_xlsx,
    zip_bomb_xlsx,
)


def refusal(data: bytes, **kwargs):
    result = inspect_workbook(data, today=TODAY, **kwargs)
    assert result.refused and not result.valid
    assert len(result.findings) == 1 and result.findings[0].severity == "error"
    return result.findings[0]


def test_empty_file_is_refused():
    assert refusal(b"").code == "file.empty"


def test_file_over_the_size_limit_is_refused_before_reading(tmp_path):
    path = tmp_path / "big.xlsx"
    path.write_bytes(b"PK\x03\x04" + b"\0" * 2_000_000)
    result = inspect_workbook(path, max_bytes=1_000_000)
    assert result.findings[0].code == "file.too_large"
    assert "MB limit" in result.findings[0].message


def test_jpeg_named_xls_is_refused_as_not_a_spreadsheet(tmp_path):
    path = tmp_path / "cmrt.xls"
    path.write_bytes(b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\0" * 100)
    finding = inspect_workbook(path).findings[0]
    assert finding.code == "file.not_a_spreadsheet" and "JPEG" in finding.message


def test_pdf_is_refused_as_not_a_spreadsheet():
    assert "PDF" in refusal(b"%PDF-1.7 ...").message


def test_word_document_is_refused_as_not_a_spreadsheet():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("word/document.xml", "<w:document/>")
    assert refusal(out.getvalue()).code == "file.not_a_spreadsheet"


def test_encrypted_ooxml_in_an_ole_container_is_refused():
    fake = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 500 + "EncryptionInfo".encode("utf-16-le") + b"\0" * 500
    finding = refusal(fake)
    assert finding.code == "file.encrypted" and "password" in finding.message


def test_zip_with_encrypted_members_is_refused_as_encrypted():
    data = bytearray(build_cmrt())
    # Set the "encrypted" flag bit in every local and central header.
    for sig, offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        start = 0
        while (start := data.find(sig, start)) != -1:
            data[start + offset] |= 1
            start += 4
    assert refusal(bytes(data)).code == "file.encrypted"


def test_macro_enabled_workbook_is_refused_whatever_its_extension(tmp_path):
    path = tmp_path / "innocent.xlsx"
    path.write_bytes(macro_xlsx())
    assert inspect_workbook(path).findings[0].code == "file.macro_enabled"


def test_macro_content_type_alone_is_refused():
    data = build_cmrt()
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            body = src.read(info)
            if info.filename == "[Content_Types].xml":
                body = body.replace(b"sheet.main+xml", b"sheet.macroEnabled.main+xml")
            dst.writestr(info, body)
    assert refusal(out.getvalue()).code == "file.macro_enabled"


def test_zip_bomb_disguised_as_xlsx_is_refused_quickly():
    data = zip_bomb_xlsx()
    start = time.perf_counter()
    finding = refusal(data)
    assert finding.code == "file.decompression_bomb"
    assert time.perf_counter() - start < 5


def test_xml_entity_bomb_disguised_as_xlsx_is_refused_quickly():
    start = time.perf_counter()
    assert refusal(entity_bomb_xlsx()).code == "file.xml_entities"
    assert time.perf_counter() - start < 2


def test_one_cell_at_xfd1048576_is_left_out_of_a_cmrt_and_refused_in_any_other_table():
    # A CMRT cannot need it: the rest is read (and refused only because it is no CMRT).
    assert refusal(far_cell_xlsx()).code == "template.not_cmrt"
    with pytest.raises(Refused) as info:
        read_workbook_sheets(far_cell_xlsx())
    assert info.value.finding.code == "file.sheet_too_large" and "'Declaration' tab" in info.value.finding.message


def test_far_cell_behind_a_lying_dimension_is_left_out_of_a_cmrt_and_refused_in_any_other_table():
    assert refusal(far_cell_lying_dimension_xlsx()).code == "template.not_cmrt"
    with pytest.raises(Refused) as info:
        read_workbook_sheets(far_cell_lying_dimension_xlsx())
    assert info.value.finding.code == "file.sheet_too_large"


def test_a_sheet_with_too_many_cells_is_refused_quickly():
    data = many_cells_xlsx()
    start = time.perf_counter()
    assert refusal(data).code == "file.sheet_too_large"
    assert time.perf_counter() - start < 5


def test_the_reader_crashing_on_a_hostile_file_does_not_take_the_caller_down():
    # Bypass the guard: this is what python-calamine (0.9.1, pinned) does with the far cell.
    # With a row number on the row tag it panics; the worker reports that as data (ReaderError).
    with pytest.raises(ReaderError) as panic:
        read_sheets_isolated(far_cell_xlsx(), {"Declaration": 10}, timeout=20)
    assert panic.value.kind == "PanicException"
    # Without one it tries to allocate for XFD1048576 and aborts the worker under its memory limit.
    with pytest.raises(ReaderFailed) as info:
        read_sheets_isolated(far_cell_lying_dimension_xlsx(), {"Declaration": 10}, timeout=20)
    assert info.value.reason == "crash"
    # ... and the next file is read by a fresh worker.
    _names, sheets = read_sheets_isolated(build_cmrt(), {"Revision": 4})
    assert sheets["Revision"][(3, 2)] == "Conflict Minerals Reporting Template"


def test_a_reader_that_takes_too_long_is_stopped():
    worker = _Worker(2 * 1024**3)
    try:
        with pytest.raises(ReaderFailed) as info:
            worker.call((build_cmrt(), {"Smelter Look-up": 9}), 0.0)
        assert info.value.reason == "timeout"
        assert not worker.alive()
    finally:
        worker.kill()


def test_a_reader_failure_becomes_an_unreadable_finding(monkeypatch):
    def boom(*args, **kwargs):
        raise ReaderFailed("memory")

    monkeypatch.setattr(inspect_module, "read_sheets_isolated", boom)
    finding = refusal(build_cmrt(), isolate=True)
    assert finding.code == "file.unreadable" and "too much memory" in finding.message


def test_a_damaged_zip_is_refused_as_corrupt():
    assert refusal(b"PK\x03\x04" + b"garbage" * 100).code == "file.corrupt"


def test_a_workbook_that_is_not_a_cmrt_is_refused():
    from openpyxl import Workbook

    out = io.BytesIO()
    Workbook().save(out)
    finding = refusal(out.getvalue())
    assert finding.code == "template.not_cmrt" and "Responsible Minerals Initiative" in finding.message


def test_an_emrt_is_refused_saying_it_is_an_emrt():
    result = inspect_workbook(build_cmrt(template_title="Extended Mineral Reporting Template", version="2.1"))
    assert result.refused and result.template == "EMRT" and result.version == "2.1"
    finding = result.findings[0]
    assert finding.code == "template.emrt" and "is an EMRT (version 2.1), not a CMRT" in finding.message


def test_a_cmrt_before_version_6_is_refused_naming_the_version():
    finding = refusal(build_cmrt(version="3.01"))
    assert finding.code == "template.version_too_old"
    assert "CMRT version 3.01" in finding.message and "current" in finding.message


def test_a_newer_6x_version_is_read_with_the_65_layout_and_a_warning():
    result = inspect_workbook(build_cmrt(version="6.6"), today=TODAY)
    assert not result.refused and result.version == "6.6"
    assert [f.code for f in result.findings] == ["template.version_newer"]
    assert result.valid and result.declaration.company_name == "Example Metals GmbH"


def test_a_missing_version_stamp_is_a_warning():
    result = inspect_workbook(
        build_cmrt(tweak=lambda wb: wb["Declaration"]["J3"].__setattr__("value", None)), today=TODAY
    )
    assert [f.code for f in result.findings] == ["template.version_missing"]


def test_in_process_reading_gives_the_same_result_as_the_worker():
    data = build_cmrt()
    assert (
        inspect_workbook(data, today=TODAY, isolate=False).to_dict()
        == inspect_workbook(data, today=TODAY, isolate=True).to_dict()
    )


def test_smelter_lookup_reader_returns_the_lookup_rows():
    rows = read_smelter_lookup(build_cmrt())
    assert rows[3].smelter_id == "CID002082" and rows[3].metal == "Tungsten"
    assert rows[3].standard_name == "Xiamen Tungsten Co., Ltd." and rows[3].city == "Xiamen"
    assert rows[3].row == 8


def test_smelter_lookup_reader_refuses_hostile_files():
    bomb = raw_xlsx(
        (SHEET_HEAD + "<sheetData>" + " " * (70 * 1024 * 1024) + "</sheetData></worksheet>").encode(),
        workbook=WORKBOOK.replace("Declaration", "Smelter Look-up"),
    )
    with pytest.raises(Refused) as info:
        read_smelter_lookup(bomb)
    assert info.value.finding.code == "file.decompression_bomb"
    with pytest.raises(Refused) as info:
        read_smelter_lookup(b"\xff\xd8\xff\xe0 not a workbook")
    assert info.value.finding.code == "file.not_a_spreadsheet"


def test_a_table_with_a_cell_in_column_aaa_is_refused_but_row_15000_is_not():
    from .builders import SHEET_HEAD

    def sheet(ref: str) -> bytes:
        return (SHEET_HEAD + f'<sheetData><row><c r="{ref}"><v>1</v></c></row></sheetData></worksheet>').encode()

    for far in ("AAA1", "A25000"):
        with pytest.raises(Refused) as info:
            read_workbook_sheets(raw_xlsx(sheet(far)))
        assert info.value.finding.code == "file.sheet_too_large"
    # Within the generic caps the table is read.
    _names, sheets = read_workbook_sheets(raw_xlsx(sheet("ZZ15000")))
    assert sheets["Declaration"] == {(15000, 702): 1}


def test_a_zip_bomb_whose_headers_lie_about_its_size_is_refused():
    from .builders import lying_header_bomb_xlsx

    data = lying_header_bomb_xlsx()
    with zipfile.ZipFile(io.BytesIO(data)) as zf:  # the lie: zipfile reports 1 KB
        assert zf.getinfo("xl/worksheets/sheet1.xml").file_size == 1024
    start = time.perf_counter()
    assert refusal(data).code == "file.decompression_bomb"
    assert time.perf_counter() - start < 5


def test_warm_up_starts_the_reader_ahead_of_the_first_file():
    from cmrt import isolation, shutdown, warm_up

    shutdown()
    warm_up()
    assert isolation._worker is not None and isolation._worker.alive()
    assert inspect_workbook(build_cmrt(), today=TODAY).valid


@pytest.mark.parametrize(
    "cell",
    ["<c r='XFD1048576'><v>1</v></c>", '<c r = "XFD1048576"><v>1</v></c>', '<c\nr="XFD1048576"><v>1</v></c>'],
)
def test_the_guard_itself_catches_a_far_cell_whatever_the_attribute_spelling(cell):
    from cmrt.guard import check_bytes

    xml = SHEET_HEAD + f'<sheetData><row><c r="A1"><v>1</v></c>{cell}</row></sheetData></worksheet>'
    with pytest.raises(Refused) as refusal:
        check_bytes(raw_xlsx(xml.encode()), sheets=("Declaration",))
    assert refusal.value.finding.code == "file.sheet_too_large"


def test_a_doctype_after_the_first_4_kb_of_a_part_is_refused():
    from .builders import late_doctype_xlsx

    assert refusal(late_doctype_xlsx()).code == "file.xml_entities"
    # The same part without the DOCTYPE passes the guard (and is refused only because it is no CMRT).
    assert refusal(late_doctype_xlsx(doctype=False)).code == "template.not_cmrt"


def test_a_package_with_more_than_max_members_parts_is_refused_as_a_decompression_bomb():
    from cmrt.guard import MAX_MEMBERS

    from .builders import many_members_xlsx

    finding = refusal(many_members_xlsx(MAX_MEMBERS + 1))
    assert finding.code == "file.decompression_bomb" and f"{MAX_MEMBERS + 1} parts" in finding.message
    assert refusal(many_members_xlsx(MAX_MEMBERS)).code == "template.not_cmrt"


@pytest.mark.parametrize("ref", ["A1:A20001", "A1:AAA1", "A20001"])
def test_a_table_whose_dimension_is_out_of_bounds_is_refused_even_when_every_cell_is_inside(ref):
    from .builders import dimension_only_xlsx

    with pytest.raises(Refused) as info:
        read_workbook_sheets(dimension_only_xlsx(ref))
    assert info.value.finding.code == "file.sheet_too_large" and "'Declaration' tab" in info.value.finding.message
    # A CMRT reads such a sheet without its dimension (and is refused only because it is no CMRT).
    assert refusal(dimension_only_xlsx(ref)).code == "template.not_cmrt"


def test_a_table_whose_dimension_is_at_the_caps_is_not_refused():
    from .builders import dimension_only_xlsx

    _names, sheets = read_workbook_sheets(dimension_only_xlsx("A1:ZZ20000"))
    assert sheets["Declaration"] == {(1, 1): 1}
