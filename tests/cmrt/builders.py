"""Build CMRT 6.x-layout workbooks (and hostile look-alikes) in code, so tests need no real files."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable, Iterable
from datetime import date, datetime
from typing import Any

from openpyxl import Workbook

METALS = ("tantalum", "tin", "gold", "tungsten")
Q_ROWS = {"1": 26, "2": 32, "3": 38, "4": 44, "5": 50, "6": 56, "7": 62, "8": 68}
CQ_ROWS = {"A": 75, "B": 77, "C": 79, "D": 81, "E": 83, "F": 85, "G": 87, "H": 89}
DECL_CELLS = {
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
SMELTER_COLS = "ABCDEFGHIJKLMNOPQR"
SMELTER_KEYS = (
    "id_input", "metal", "lookup_name", "name", "country", "smelter_id", "source", "street", "city", "state",
    "contact_name", "contact_email", "next_steps", "mine_name", "mine_country", "recycled_scrap", "comments",
    "standard_name",
)  # fmt: skip

TODAY = date(2026, 6, 1)

DEFAULT_DECLARATION: dict[str, Any] = {
    "company_name": "Example Metals GmbH",
    "scope": "A. Company",
    "address": "Hauptstrasse 1, 10115 Berlin",
    "contact_name": "Anna Example",
    "contact_email": "anna@example.com",
    "contact_phone": "+49 30 123456",
    "authorizer": "Bernd Example",
    "authorizer_title": "Head of Purchasing",
    "authorizer_email": "bernd@example.com",
    "effective_date": datetime(2026, 1, 15),
}
# Tungsten in scope, everything answered; the other metals declared out of scope.
DEFAULT_QUESTIONS: dict[str, dict[str, Any]] = {
    "tantalum": {"1": "No", "2": None},
    "tin": {"1": "No"},
    "gold": {"1": "No"},
    "tungsten": {"1": "Yes", "2": "Yes", "3": "No", "4": "No", "5": "No", "6": "100%", "7": "Yes", "8": "Yes"},
}
DEFAULT_COMPANY: dict[str, tuple[Any, Any]] = {
    "A": ("Yes", None),
    "B": ("Yes", "https://example.com/policy"),
    "C": ("Yes", None),
    "D": ("Yes", None),
    "E": ("Yes, in conformance with IPC1755 (e.g., CMRT)", None),
    "F": ("Yes", None),
    "G": ("Yes", None),
    "H": ("No", None),
}
XIAMEN = {
    "metal": "Tungsten",
    "lookup_name": "Xiamen Tungsten Co., Ltd.",
    "country": "CHINA",
    "smelter_id": "CID002082",
    "source": "RMI",
    "city": "Xiamen",
    "state": "Fujian Sheng",
    "recycled_scrap": "No",
    "standard_name": "Xiamen Tungsten Co., Ltd.",
}
CHONGYI = {
    "metal": "Tungsten",
    "lookup_name": "Chongyi Zhangyuan Tungsten Co., Ltd.",
    "country": "CHINA",
    "smelter_id": "CID000258",
    "source": "RMI",
    "standard_name": "Chongyi Zhangyuan Tungsten Co., Ltd.",
}
LOOKUP = [
    ("Gold", "Aurubis AG", "Aurubis AG", "GERMANY", "CID000113", "RMI", "", "Hamburg", ""),
    ("Tin", "Alpha", "Alpha", "UNITED STATES OF AMERICA", "CID000292", "RMI", "", "Altoona", "Pennsylvania"),
    ("Tungsten", "Chongyi Zhangyuan Tungsten Co., Ltd.", "Chongyi Zhangyuan Tungsten Co., Ltd.", "CHINA",
     "CID000258", "RMI", "", "Ganzhou", "Jiangxi Sheng"),
    ("Tungsten", "Xiamen Tungsten Co., Ltd.", "Xiamen Tungsten Co., Ltd.", "CHINA", "CID002082", "RMI", "",
     "Xiamen", "Fujian Sheng"),
    ("Tungsten", "Smelter not listed", "", "", "", "", "", "", ""),
    ("Tungsten", "Smelter not yet identified", "Unknown", "Unknown", "", "", "", "", ""),
]  # fmt: skip


def build_cmrt(
    *,
    version: str = "6.4",
    template_title: str = "Conflict Minerals Reporting Template",
    declaration: dict[str, Any] | None = None,
    questions: dict[str, dict[str, Any]] | None = None,
    company: dict[str, tuple[Any, Any]] | None = None,
    smelters: Iterable[dict[str, Any]] | None = None,
    products: Iterable[tuple[Any, Any, Any]] = (),
    lookup: Iterable[tuple[Any, ...]] = LOOKUP,
    copyright_row: int | None = None,
    tweak: Callable[[Workbook], None] | None = None,
) -> bytes:
    """A CMRT-layout .xlsx as bytes. Dict arguments update the complete, valid defaults; a value
    of None clears the cell."""
    wb = Workbook()
    rev = wb.active
    rev.title = "Revision"
    rev["B2"] = "DOCUMENT TITLE"
    rev["B3"] = template_title
    wb.create_sheet("Instructions")
    wb.create_sheet("Definitions")
    decl = wb.create_sheet("Declaration")
    decl["D2"] = "Conflict Minerals Reporting Template (CMRT)"
    decl["D3"] = "English"
    decl["J3"] = f"Revision {version}\nApril 26, 2024"
    decl["B8"] = "Company Name (*):"
    values = {**DEFAULT_DECLARATION, **(declaration or {})}
    for key, value in values.items():
        decl[DECL_CELLS[key]] = value
    qs = {m: dict(DEFAULT_QUESTIONS.get(m, {})) for m in METALS}
    for metal, answers in (questions or {}).items():
        qs[metal].update(answers)
    for q, first in Q_ROWS.items():
        decl[f"D{first - 1}"] = "Answer"
        for i, metal in enumerate(METALS):
            value = qs[metal].get(q)
            if isinstance(value, tuple):
                decl[f"D{first + i}"], decl[f"G{first + i}"] = value
            else:
                decl[f"D{first + i}"] = value
    cq = {**DEFAULT_COMPANY, **(company or {})}
    for key, (answer, comment) in cq.items():
        decl[f"D{CQ_ROWS[key]}"] = answer
        decl[f"G{CQ_ROWS[key]}"] = comment

    sl = wb.create_sheet("Smelter List")
    sl["Q3"] = f"Revision {version}\nApril 26, 2024"
    for i, col in enumerate(SMELTER_COLS):
        sl[f"{col}4"] = SMELTER_KEYS[i]
    for r, row in enumerate([XIAMEN] if smelters is None else smelters, start=5):
        for key, value in row.items():
            sl[f"{SMELTER_COLS[SMELTER_KEYS.index(key)]}{r}"] = value
    wb.create_sheet("Checker")
    pl = wb.create_sheet("Product List")
    pl["B5"], pl["C5"], pl["D5"] = "Manufacturer’s Product Number (*)", "Manufacturer’s Product Name", "Comments"
    for r, (number, name, comment) in enumerate(products, start=6):
        pl[f"B{r}"], pl[f"C{r}"], pl[f"D{r}"] = number, name, comment
    pl[f"B{copyright_row or 2006}"] = "© 2024 Responsible Minerals Initiative. All rights reserved."
    lk = wb.create_sheet("Smelter Look-up")
    lk["A4"], lk["B4"], lk["E4"] = "Metal", "Smelter Look-up (*)", "Smelter ID"
    for r, row in enumerate(lookup, start=5):
        for c, value in enumerate(row, start=1):
            lk.cell(row=r, column=c, value=value or None)
    for name in ("L", "C", "SorP"):
        wb.create_sheet(name).sheet_state = "hidden"
    if tweak:
        tweak(wb)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


# -- hand-made packages for the hostile tests ------------------------------------------------------
CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    "</Types>"
)
ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?><Relationships '
    'xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'officeDocument" Target="xl/workbook.xml"/></Relationships>'
)
WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8"?><workbook '
    'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="Declaration" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?><Relationships '
    'xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'worksheet" Target="worksheets/sheet1.xml"/></Relationships>'
)
SHEET_HEAD = (
    '<?xml version="1.0" encoding="UTF-8"?><worksheet '
    'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
)


def raw_xlsx(
    sheet_xml: bytes | Callable[[Any], None],
    *,
    extra: dict[str, bytes] | None = None,
    workbook: str = WORKBOOK,
    content_types: str = CONTENT_TYPES,
) -> bytes:
    """A one-sheet package; `sheet_xml` may be a writer callback for huge (streamed) parts."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", content_types)
        zf.writestr("_rels/.rels", ROOT_RELS)
        zf.writestr("xl/workbook.xml", workbook)
        zf.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELS)
        if callable(sheet_xml):
            with zf.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as fh:
                sheet_xml(fh)
        else:
            zf.writestr("xl/worksheets/sheet1.xml", sheet_xml)
        for name, data in (extra or {}).items():
            zf.writestr(name, data)
    return out.getvalue()


def far_cell_xlsx() -> bytes:
    """51 KB-style attack: one cell at XFD1048576 (python-calamine would allocate 512 GiB)."""
    return raw_xlsx(
        (
            SHEET_HEAD + '<sheetData><row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c>'
            "</row></sheetData></worksheet>"
        ).encode()
    )


def far_cell_lying_dimension_xlsx() -> bytes:
    """Same attack with a dimension that claims A1:A1 and no row number on the row tag."""
    return raw_xlsx(
        (
            SHEET_HEAD + '<dimension ref="A1"/><sheetData><row><c r="A1" t="inlineStr"><is><t>x</t></is></c>'
            '<c r="XFD1048576"><v>1</v></c></row></sheetData></worksheet>'
        ).encode()
    )


def many_cells_xlsx(rows: int = 15_000, cols: int = 30) -> bytes:
    """A sheet of ~450k cells inside the row/column caps (the 18.9-million-cell hang, scaled down)."""

    def write(fh: Any) -> None:
        fh.write(SHEET_HEAD.encode() + b"<sheetData>")
        for r in range(1, rows + 1):
            fh.write(f'<row r="{r}">'.encode() + b"<c><v>1</v></c>" * cols + b"</row>")
        fh.write(b"</sheetData></worksheet>")

    return raw_xlsx(write)


def zip_bomb_xlsx(megabytes: int = 80) -> bytes:
    """A sheet that inflates to `megabytes` MB of whitespace from well under 1 MB."""

    def write(fh: Any) -> None:
        fh.write(SHEET_HEAD.encode() + b"<sheetData>")
        block = b" " * (1024 * 1024)
        for _ in range(megabytes):
            fh.write(block)
        fh.write(b"</sheetData></worksheet>")

    return raw_xlsx(write)


def entity_bomb_xlsx() -> bytes:
    """'Billion laughs' in the sheet XML."""
    doctype = (
        '<!DOCTYPE lolz [<!ENTITY lol "lol">'
        + "".join(f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">' for i in range(1, 10))
        + "]>"
    )
    xml = (
        '<?xml version="1.0"?>'
        + doctype
        + SHEET_HEAD.split("?>", 1)[1]
        + '<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&lol9;</t></is></c></row></sheetData></worksheet>'
    )
    return raw_xlsx(xml.encode())


def macro_xlsx() -> bytes:
    """An .xlsx-named package that carries a VBA project."""
    return raw_xlsx((SHEET_HEAD + "<sheetData/></worksheet>").encode(), extra={"xl/vbaProject.bin": b"\x00" * 64})


def xlsx_to_xls(data: bytes, *, each_sheet: Callable[[Any], None] | None = None) -> bytes:
    """Copy every cell value of a built .xlsx into a legacy .xls (BIFF8) with xlwt; `each_sheet`
    may then write more into every xlwt sheet."""
    import openpyxl
    import xlwt  # test-only dependency (requirements-dev.txt); callers use require_module("xlwt")

    src = openpyxl.load_workbook(io.BytesIO(data))
    book = xlwt.Workbook()
    date_style = xlwt.easyxf(num_format_str="DD-MMM-YYYY")
    for ws in src.worksheets:
        sheet = book.add_sheet(ws.title)
        for row in ws.iter_rows():
            for c in row:
                if c.value is None:
                    continue
                if isinstance(c.value, (datetime, date)):
                    sheet.write(c.row - 1, c.column - 1, c.value, date_style)
                else:
                    sheet.write(c.row - 1, c.column - 1, c.value)
        if each_sheet is not None:
            each_sheet(sheet)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _manual_zip(members: list[tuple[str, bytes, int, int]]) -> bytes:
    """A zip of pre-deflated members (name, deflated bytes, crc, declared size): headers say what we want."""
    import struct

    out = io.BytesIO()
    central = []
    for name, deflated, crc, declared in members:
        offset = out.tell()
        encoded = name.encode()
        out.write(
            struct.pack("<4sHHHHHIIIHH", b"PK\x03\x04", 20, 0, 8, 0, 0, crc, len(deflated), declared, len(encoded), 0)
            + encoded
            + deflated
        )
        central.append(
            struct.pack(
                "<4sHHHHHHIIIHHHHHII",
                b"PK\x01\x02",
                20,
                20,
                0,
                8,
                0,
                0,
                crc,
                len(deflated),
                declared,
                len(encoded),
                0,
                0,
                0,
                0,
                0,
                offset,
            )
            + encoded
        )
    cd_offset = out.tell()
    cd = b"".join(central)
    out.write(cd + struct.pack("<4sHHHHIIH", b"PK\x05\x06", 0, 0, len(members), len(members), len(cd), cd_offset, 0))
    return out.getvalue()


def _deflate(chunks: Iterable[bytes]) -> tuple[bytes, int, int]:
    import zlib

    comp = zlib.compressobj(9, zlib.DEFLATED, -15)
    parts, crc, size = [], 0, 0
    for chunk in chunks:
        parts.append(comp.compress(chunk))
        crc = zlib.crc32(chunk, crc)
        size += len(chunk)
    parts.append(comp.flush())
    return b"".join(parts), crc, size


def lying_header_bomb_xlsx(megabytes: int = 80) -> bytes:
    """A zip bomb whose headers claim the sheet inflates to 1 KB (zipfile would believe them)."""
    members = []
    for name, text in (
        ("[Content_Types].xml", CONTENT_TYPES),
        ("_rels/.rels", ROOT_RELS),
        ("xl/workbook.xml", WORKBOOK),
        ("xl/_rels/workbook.xml.rels", WORKBOOK_RELS),
    ):
        deflated, crc, size = _deflate([text.encode()])
        members.append((name, deflated, crc, size))
    block = b" " * (1024 * 1024)
    deflated, crc, _size = _deflate(
        [SHEET_HEAD.encode() + b"<sheetData>", *([block] * megabytes), b"</sheetData></worksheet>"]
    )
    members.append(("xl/worksheets/sheet1.xml", deflated, crc, 1024))
    return _manual_zip(members)


def late_doctype_xlsx(padding: int = 5000, *, doctype: bool = True) -> bytes:
    """A valid sheet whose DOCTYPE/ENTITY comes after a long comment, past the first 4 KB of the part."""
    dtd = '<!DOCTYPE worksheet [<!ENTITY x "x">]>' if doctype else ""
    xml = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        + f"<!-- {'x' * padding} -->"
        + dtd
        + SHEET_HEAD.split("?>", 1)[1]
        + '<sheetData><row r="1"><c r="A1"><v>1</v></c></row></sheetData></worksheet>'
    )
    return raw_xlsx(xml.encode())


def many_members_xlsx(members: int) -> bytes:
    """A one-sheet package padded with tiny media parts to `members` zip members in all."""
    base = 5  # [Content_Types].xml, _rels/.rels, workbook, its rels, sheet1
    extra = {f"xl/media/image{i}.png": b"" for i in range(members - base)}
    return raw_xlsx((SHEET_HEAD + "<sheetData/></worksheet>").encode(), extra=extra)


def dimension_only_xlsx(ref: str) -> bytes:
    """A sheet whose <dimension ref> claims `ref` while its only cell is A1."""
    return raw_xlsx(
        (
            SHEET_HEAD + f'<dimension ref="{ref}"/><sheetData><row r="1"><c r="A1"><v>1</v></c></row>'
            "</sheetData></worksheet>"
        ).encode()
    )


def stray_cell_xlsx(ref: str = "ZZ20000") -> bytes:
    """A complete CMRT with one stray cell at `ref` on every sheet (7 KB that cost ~1 GB to read)."""

    def tweak(wb: Workbook) -> None:
        for ws in wb.worksheets:
            ws[ref] = "stray"

    return build_cmrt(tweak=tweak)


def stray_cell_xls(row: int = 65535, col: int = 255) -> bytes:
    """The .xls copy of a complete CMRT with one stray cell at IV65536 (0-based 65535, 255) on every sheet."""
    return xlsx_to_xls(build_cmrt(), each_sheet=lambda sheet: sheet.write(row, col, "stray"))


def encrypt_xlsx(data: bytes, password: str) -> bytes:
    """The .xlsx encrypted as Excel does (OOXML agile encryption in a CFB container)."""
    from msoffcrypto.format.ooxml import OOXMLFile

    out = io.BytesIO()
    OOXMLFile(io.BytesIO(data)).encrypt(password, out)
    return out.getvalue()


def encrypt_xls(data: bytes, password: str) -> bytes:
    """The .xls (from xlwt) encrypted with BIFF8 RC4 as Excel 97-2003 does ([MS-XLS] 2.2.10).

    The globals' WRITEACCESS record (116 bytes with its header) makes room for FILEPASS (58) and a
    58-byte filler, so no offset moves; every record body is then encrypted in place with the RC4
    key stream of its stream position, except what the format leaves in the clear (BOF, FILEPASS,
    INTERFACEHDR and the sheet offsets in BOUNDSHEET).
    """
    import hashlib
    import struct

    import olefile
    from msoffcrypto.method.rc4 import DocumentRC4, _makekey

    ole = olefile.OleFileIO(data)
    stream = bytearray(ole.openstream("Workbook").read())
    ole.close()

    def walk() -> list[tuple[int, int, int]]:
        pos, found = 0, []
        while pos + 4 <= len(stream):
            typ, size = struct.unpack_from("<HH", stream, pos)
            found.append((typ, pos, size))
            pos += 4 + size
        return found

    # xlwt pads the stream with zeros to a sector boundary: make the padding one empty record, as
    # a record walker (msoffcrypto's among them) expects whole records up to the end.
    records = walk()
    end = max(p + 4 + n for t, p, n in records if t == 0x000A)
    if len(stream) - end >= 4 and not any(stream[end:]):
        struct.pack_into("<HH", stream, end, 0, len(stream) - end - 4)
        records = walk()
    write_access = next(r for r in records if r[0] == 0x005C and r[2] == 112)
    salt, verifier = bytes(range(16)), bytes(range(16, 32))
    from cryptography.hazmat.decrepit.ciphers.algorithms import ARC4
    from cryptography.hazmat.primitives.ciphers import Cipher

    rc4 = Cipher(ARC4(_makekey(password, salt, 0)), mode=None).encryptor()
    header = rc4.update(verifier) + rc4.update(hashlib.md5(verifier).digest())  # noqa: S324 - the format's MD5
    filepass = struct.pack("<HHHHH", 0x002F, 54, 1, 1, 1) + salt + header
    filler = struct.pack("<HH", 0x01F0, 54) + b"\0" * 54
    at = write_access[1]
    stream[at : at + 116] = filepass + filler
    records = [(t, p, s) for t, p, s in records if p != at] + [(0x002F, at, 54), (0x01F0, at + 58, 54)]
    keystream = DocumentRC4.decrypt(password, salt, io.BytesIO(bytes(len(stream))), blocksize=1024).read()
    for typ, start, size in records:
        if typ in (0x0809, 0x002F, 0x00E1, 0x0194, 0x0195, 0x0196, 0x0138):
            continue
        first = start + 4 + (4 if typ == 0x0085 else 0)  # BOUNDSHEET keeps its stream offset in the clear
        for p in range(first, start + 4 + size):
            stream[p] ^= keystream[p]
    writable = olefile.OleFileIO(io.BytesIO(data), write_mode=True)
    writable.write_stream("Workbook", bytes(stream))
    out: bytes = writable.fp.getvalue()
    return out


def build_messy_cmrt() -> bytes:
    """A workbook with a mistake of almost every kind: placeholders, values outside the dropdowns, a text
    date, bad e-mails and Smelter IDs, an incomplete 'Smelter not listed', a smelter listed three times."""
    return build_cmrt(
        declaration={
            "company_name": "ABC",
            "scope": "Whole group",
            "contact_name": "xxx",
            "contact_email": "anna at example",
            "contact_phone": "+0000000000",
            "authorizer": "same",
            "authorizer_email": "bernd@@example",
            "effective_date": "sometime",
        },
        questions={"tin": {"1": "Yes", "2": "Maybe"}, "gold": {"1": "No", "3": "Yes"}},
        company={"B": ("Yes", "on our site"), "C": ("Perhaps", None)},
        smelters=[
            XIAMEN,
            {**XIAMEN, "recycled_scrap": "Sometimes"},
            {**XIAMEN, "contact_email": "sales at xiamen"},
            {"metal": "Tungsten", "lookup_name": "Smelter not listed"},
            {"metal": "Copper", "lookup_name": "Alpha"},
            {"metal": "Tungsten", "lookup_name": "Smelter not yet identified"},
            {**CHONGYI, "smelter_id": "CID12"},
            {"metal": "Gold", "lookup_name": "Aurubis AG", "smelter_id": "CID000113"},
        ],
        products=[(None, "Widget", None)],
    )
