"""Cheap safety checks run on the raw bytes before any spreadsheet reader touches them.

A hostile upload must be refused with one clear finding, fast, without exhausting memory.
We sniff the container from its content (never its name), then for OOXML packages we
inflate every part the reader will parse ourselves, stopping at a byte cap (zip headers can
lie about sizes), refuse DOCTYPE/ENTITY declarations, and bound the sheet extents and cell
counts that python-calamine would otherwise allocate for (one cell at XFD1048576 makes it
try to allocate 512 GiB and abort the process). The read itself then happens in a child
process with memory and time limits (see `isolation.py`): defence in depth for what these
byte-level checks cannot see (notably legacy .xls BIFF files).
"""

from __future__ import annotations

import functools
import io
import posixpath
import re
import struct
import zipfile
import zlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from xml.etree.ElementTree import ParseError
from xml.sax.saxutils import escape, quoteattr

import defusedxml.ElementTree as SafeElementTree

from . import biff, decrypt
from .biff import Bounds
from .rules import Refused
from .text import gettext_noop

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"

DEFAULT_MAX_BYTES = 20 * 1024 * 1024  # real CMRTs are 1.3-1.7 MB
MAX_MEMBERS = 3000
MAX_PART_BYTES = 64 * 1024 * 1024  # one decompressed XML part
MAX_TOTAL_BYTES = 200 * 1024 * 1024  # all decompressed parts the reader touches
# Plausible extents of a CMRT sheet: the Smelter List ends at row 2507 and column AH,
# the Smelter Look-up at ~700 rows. Generous, but far from Excel's 1048576 x 16384.
MAX_ROW = 20_000
MAX_COL = 702  # ZZ
MAX_CELLS_PER_SHEET = 400_000

_DIMENSION = re.compile(rb"<(?:\w+:)?dimension\s+ref=\"\$?([A-Za-z]+)?\$?(\d+)?(?::\$?([A-Za-z]+)\$?(\d+))?\"")
_ODD_SPELLINGS = (b"r='", b"r =", b"r= ", b"\tr=", b"\nr=", b"\rr=")
_REF_AT = re.compile(rb'([A-Za-z]{0,4})(\d*)["\']')
_DTD = re.compile(rb"<!(?:DOCTYPE|ENTITY)", re.IGNORECASE)
_MACRO_CONTENT_TYPE = re.compile(rb"macroEnabled|vbaProject|application/vnd\.ms-office\.vba", re.IGNORECASE)
_PREFIXED = re.compile(rb"<(\w+):worksheet\b")


@dataclass
class Package:
    """What the guard learnt about the file, for the reader."""

    kind: str  # "xlsx" | "xls"
    sheet_parts: dict[str, str] = field(default_factory=dict)  # sheet name -> zip part
    # The bytes the reader must read instead of the upload: decrypted (Excel's default password)
    # and/or with every cell outside the bounds removed. None: read the upload as it is.
    data: bytes | None = None
    clipped: list[str] = field(default_factory=list)  # sheets that had cells outside the bounds


def column_number(letters: str) -> int:
    n = 0
    for ch in letters.upper():
        n = n * 26 + (ord(ch) - 64)
    return n


def check_bytes(
    data: bytes,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    sheets: Bounds | tuple[str, ...] = (),
    clip: bool = False,
) -> Package:
    """Refuse (raise `Refused`) anything that is not a safe-looking .xlsx/.xls; else describe it.

    `sheets` names the sheets the reader will read with their bounds (last row, last column; a
    plain tuple of names means the generic MAX_ROW x MAX_COL). A cell outside its sheet's bounds
    is refused, or with `clip` left out of `Package.data`, the bytes the reader then reads: what a
    layout cannot need costs no work. An .xls is always walked record by record (python-calamine
    loads all its sheets at once): with `clip` the sheets not named lose all their cells.
    """
    if len(data) > max_bytes:
        raise Refused.of("file.too_large", size_mb=len(data) / 1e6, limit_mb=max_bytes / 1e6)
    if not data:
        raise Refused.of("file.empty")
    bounds: Bounds = sheets if isinstance(sheets, Mapping) else {name: (MAX_ROW, MAX_COL) for name in sheets}
    if data.startswith(OLE_MAGIC):
        return _check_ole(data, bounds, clip=clip, max_bytes=max_bytes)
    if data.startswith(ZIP_MAGIC):
        return _check_zip(data, bounds, clip=clip)
    raise Refused.of("file.not_a_spreadsheet", kind=_describe(data))


def _describe(data: bytes) -> str:
    head = data[:16]
    if head.startswith(b"\xff\xd8\xff"):
        return gettext_noop("a JPEG image")
    if head.startswith(b"\x89PNG"):
        return gettext_noop("a PNG image")
    if head.startswith(b"%PDF"):
        return gettext_noop("a PDF document")
    if head.startswith((b"GIF87a", b"GIF89a")):
        return gettext_noop("a GIF image")
    if head.lstrip().startswith((b"<", b"\xef\xbb\xbf<")):
        return gettext_noop("an XML or HTML text file")
    return gettext_noop("not an Excel workbook")


def _check_ole(data: bytes, bounds: Bounds, *, clip: bool, max_bytes: int) -> Package:
    # An OLE/CFB container is either a legacy .xls (BIFF) or an encrypted OOXML package
    # (Excel wraps password-protected .xlsx in CFB with EncryptionInfo/EncryptedPackage streams).
    # Directory entry names are UTF-16LE, so a byte search finds them without parsing the FAT.
    if "EncryptedPackage".encode("utf-16-le") in data or "EncryptionInfo".encode("utf-16-le") in data:
        # Excel opens a package encrypted with its default password without asking: so do we.
        decrypted = decrypt.decrypt_default(data, max_bytes)
        if decrypted.startswith(OLE_MAGIC):  # an encrypted package holds a zip, never another CFB
            raise Refused.of("file.corrupt", detail=gettext_noop("the encrypted package does not hold a workbook"))
        package = check_bytes(decrypted, max_bytes=max_bytes, sheets=bounds, clip=clip)
        package.data = package.data or decrypted
        return package
    if "_VBA_PROJECT".encode("utf-16-le") in data or "VBA".encode("utf-16-le") + b"\x00\x00" in data:
        raise Refused.of("file.macro_enabled")
    if "Workbook".encode("utf-16-le") not in data and "Book".encode("utf-16-le") not in data:
        raise Refused.of(
            "file.not_a_spreadsheet", kind=gettext_noop("an Office document that is not an Excel workbook")
        )
    plain: bytes | None = None
    try:
        walked = biff.clip_xls(data, bounds, clip=clip)
    except biff.Encrypted:  # BIFF FILEPASS: RC4 with the default password, or a real one (refused)
        plain = decrypt.decrypt_default(data, max_bytes)
        try:
            walked = biff.clip_xls(plain, bounds, clip=clip)
        except biff.Encrypted as exc:  # pragma: no cover - msoffcrypto removes FILEPASS
            raise Refused.of("file.encrypted") from exc
    return Package(kind="xls", data=walked.data or plain, clipped=walked.sheets)


def _read_part(zf: zipfile.ZipFile, info: zipfile.ZipInfo, budget: list[int]) -> bytes:
    """Inflate one member ourselves, counting output bytes against a cap.

    zipfile's own reader stops at the size the header declares, so a header that lies would
    hide the rest of a bomb from us while the real reader inflates all of it; here the raw
    deflate stream is inflated to at most `cap + 1` bytes whatever the headers say, and a
    member whose real size differs from its declared size is refused.
    """
    cap = min(MAX_PART_BYTES, budget[0])
    raw = zf.fp
    if raw is None:  # pragma: no cover - the ZipFile is open for the whole check
        raise Refused.of("file.corrupt", detail=gettext_noop("the zip container is closed"))
    raw.seek(info.header_offset)
    local = raw.read(30)
    if len(local) != 30 or local[:4] != ZIP_MAGIC:
        raise Refused.of("file.corrupt", detail=f"part {info.filename} has no valid header")
    name_len, extra_len = struct.unpack("<HH", local[26:30])
    raw.seek(info.header_offset + 30 + name_len + extra_len)
    compressed = raw.read(info.compress_size)
    if info.compress_type == zipfile.ZIP_STORED:
        data = compressed[: cap + 1]
    elif info.compress_type == zipfile.ZIP_DEFLATED:
        try:
            data = zlib.decompressobj(-15).decompress(compressed, cap + 1)
        except zlib.error as exc:
            raise Refused.of("file.corrupt", detail=f"part {info.filename} cannot be decompressed") from exc
    else:
        raise Refused.of("file.corrupt", detail=f"part {info.filename} uses an unusual compression")
    if len(data) > cap or len(data) > info.file_size:
        raise Refused.of("file.decompression_bomb", part=info.filename)
    if len(data) != info.file_size:
        raise Refused.of("file.corrupt", detail=f"part {info.filename} is shorter than its header says")
    budget[0] -= len(data)
    if _DTD.search(data, 0, 4096) or (b"<!" in data and _DTD.search(data)):
        raise Refused.of("file.xml_entities", part=info.filename)
    return data


def _check_zip(data: bytes, bounds: Bounds, *, clip: bool) -> Package:
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
        infos = zf.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError) as exc:
        raise Refused.of("file.corrupt", detail=gettext_noop("the zip container is damaged")) from exc
    if len(infos) > MAX_MEMBERS:
        raise Refused.of("file.decompression_bomb", part=f"{len(infos)} parts")
    names = {i.filename.lower(): i for i in infos}
    if any(n.endswith("vbaproject.bin") or n.endswith(".bin") and "vba" in n for n in names):
        raise Refused.of("file.macro_enabled")
    if any(i.flag_bits & 0x1 for i in infos):
        raise Refused.of("file.encrypted")
    if "[content_types].xml" not in names or "xl/workbook.xml" not in names:
        if "word/document.xml" in names or "ppt/presentation.xml" in names:
            raise Refused.of("file.not_a_spreadsheet", kind=gettext_noop("a Word or PowerPoint document"))
        if "xl/workbook.bin" in names:
            raise Refused.of(
                "file.not_a_spreadsheet", kind=gettext_noop("an Excel binary workbook (.xlsb); save it as .xlsx")
            )
        raise Refused.of("file.not_a_spreadsheet", kind=gettext_noop("a zip archive, not an Excel workbook"))

    budget = [MAX_TOTAL_BYTES]
    content_types = _read_part(zf, names["[content_types].xml"], budget)
    if _MACRO_CONTENT_TYPE.search(content_types):
        raise Refused.of("file.macro_enabled")
    workbook = _read_part(zf, names["xl/workbook.xml"], budget)
    rels_info = names.get("xl/_rels/workbook.xml.rels")
    rels = _read_part(zf, rels_info, budget) if rels_info else b""
    sheet_parts = _sheet_parts(workbook, rels)

    # Parts python-calamine parses besides the sheets we ask for (kept for a clipped copy).
    parts = {"[content_types].xml": content_types, "xl/workbook.xml": workbook}
    if rels_info:
        parts["xl/_rels/workbook.xml.rels"] = rels
    for extra in ("_rels/.rels", "xl/sharedstrings.xml", "xl/styles.xml", "docprops/core.xml"):
        if extra in names:
            parts[extra] = _read_part(zf, names[extra], budget)
    clipped: list[str] = []
    for sheet, (max_row, max_col) in bounds.items():
        part = sheet_parts.get(sheet)
        if part is None or part.lower() not in names:
            continue
        xml = parts[part.lower()] = _read_part(zf, names[part.lower()], budget)
        if _outside(sheet, xml, max_row, max_col):
            if not clip:
                raise Refused.of("file.sheet_too_large", sheet=sheet)
            parts[part.lower()] = _clip_sheet(sheet, xml, max_row, max_col)
            clipped.append(sheet)
    package = Package(kind="xlsx", sheet_parts=sheet_parts, clipped=clipped)
    if clipped:
        package.data = _repack(infos, parts, sheet_parts)
    return package


def _sheet_parts(workbook: bytes, rels: bytes) -> dict[str, str]:
    try:
        # defusedxml on top of the DOCTYPE/ENTITY refusal above: defence in depth for hostile files.
        wb_root = SafeElementTree.fromstring(workbook)
        rel_root = SafeElementTree.fromstring(rels) if rels else None
    except (ParseError, ValueError) as exc:  # defusedxml's refusals are ValueErrors
        raise Refused.of("file.corrupt", detail=gettext_noop("the workbook index is not valid XML")) from exc
    targets: dict[str, str] = {}
    if rel_root is not None:
        for rel in rel_root:
            rid, target = rel.get("Id"), rel.get("Target")
            if rid and target:
                path = (
                    target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join("xl", target))
                )
                targets[rid] = path
    out: dict[str, str] = {}
    for el in wb_root.iter():
        if el.tag.endswith("}sheet") or el.tag == "sheet":
            name = el.get("name")
            rid = next((v for k, v in el.attrib.items() if k.endswith("}id")), None)
            if name and rid and rid in targets:
                out[name] = targets[rid]
    return out


@functools.cache
def _suspect(max_row: int, max_col: int, odd: bool) -> re.Pattern[bytes]:
    """One literal-led pattern (re scans for ' r="' first, ~2 ms per MB) that finds every row or cell
    reference that could lie outside (max_row, max_col): a column with more letters than the first
    column outside, or as many and an initial at least as late; the same for the row's digits.
    Legitimate CMRT sheets have almost none, so the exact check after it rarely runs. `odd`: any
    spelling XML allows (single quotes, white space around "="), five times slower."""
    col = column_letters(max_col + 1)
    row = str(max_row + 1)
    letters = rf"[A-Za-z]{{{len(col) + 1}}}|[{col[0]}-Z{col[0].lower()}-z][A-Za-z]{{{len(col) - 1}}}"
    digits = rf"\d{{{len(row) + 1}}}|[{row[0]}-9]\d{{{len(row) - 1}}}"
    lead = r"""\sr\s*=\s*["']""" if odd else r' r="'
    return re.compile(rf"{lead}(?:{letters}|[A-Za-z]{{0,{len(col)}}}(?:{digits}))".encode())


def column_letters(number: int) -> str:
    out = ""
    while number:
        number, rest = divmod(number - 1, 26)
        out = chr(65 + rest) + out
    return out


def _outside(sheet: str, xml: bytes, max_row: int, max_col: int) -> bool:
    """Whether the sheet may have a cell (or claim an extent) outside the bounds; refuses what no
    bounds can help (too many cells, a reference no spreadsheet writes)."""
    head = xml[:8192]
    # An upper bound is enough: b"<c" also counts <col>, <cfRule>... (one C-speed pass).
    prefixed = _PREFIXED.search(head)
    cells = xml.count(b":c") if prefixed else xml.count(b"<c")
    if cells > MAX_CELLS_PER_SHEET:
        raise Refused.of("file.sheet_too_large", sheet=sheet)
    dim = _DIMENSION.search(head)
    if dim:
        last_col = dim.group(3) or dim.group(1)
        last_row = dim.group(4) or dim.group(2)
        if last_col and column_number(last_col.decode()) > max_col or last_row and int(last_row) > max_row:
            return True
    odd = any(spelling in xml for spelling in _ODD_SPELLINGS)
    for m in _suspect(max_row, max_col, odd).finditer(xml):
        quote = max(xml.rfind(b'"', m.start(), m.end()), xml.rfind(b"'", m.start(), m.end()))
        ref = _REF_AT.match(xml, quote + 1)
        if ref is None:  # not even a well-formed reference (e.g. 5 letters): no Excel wrote that
            raise Refused.of("file.sheet_too_large", sheet=sheet)
        letters, digits = ref.group(1), ref.group(2)
        if letters and column_number(letters.decode()) > max_col or digits and int(digits) > max_row:
            return True
    # A cell without its own reference sits right of the one before: python-calamine would place
    # a long run of them far out, so such a sheet (Excel never writes one) is clipped cell by cell.
    return not prefixed and xml.count(b"<c ") + xml.count(b"<c>") != xml.count(b'<c r="')


def _local(tag: str) -> str:
    return tag.rpartition("}")[2]


def _clip_sheet(sheet: str, xml: bytes, max_row: int, max_col: int) -> bytes:
    """The sheet rewritten with only its cells inside the bounds, each with its explicit reference,
    value, type and style (what python-calamine reads); formulas keep their cached values."""
    out = [b'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="' + _MAIN_NS + b'"><sheetData>']
    row_number = 0
    try:
        for _event, el in SafeElementTree.iterparse(io.BytesIO(xml), events=("end",)):
            if _local(el.tag) != "row":
                continue
            row_number = int(el.get("r") or row_number + 1)
            if row_number > max_row:
                el.clear()
                continue
            cells, col = [], 0
            for c in el:
                if _local(c.tag) != "c":
                    continue
                ref = c.get("r")
                m = re.fullmatch(r"\$?([A-Za-z]{1,3})\$?(\d+)", ref) if ref else None
                col = column_number(m.group(1)) if m else col + 1
                if col > max_col:
                    continue
                attrs = f' r="{column_letters(col)}{row_number}"'
                for name in ("t", "s"):
                    if c.get(name) is not None:
                        attrs += f" {name}={quoteattr(c.get(name) or '')}"
                body = ""
                for child in c:
                    kind = _local(child.tag)
                    if kind == "v":
                        body += f"<v>{escape(child.text or '')}</v>"
                    elif kind == "is":
                        text = "".join(t.text or "" for t in child.iter() if _local(t.tag) == "t")
                        body += f'<is><t xml:space="preserve">{escape(text)}</t></is>'
                cells.append(f"<c{attrs}>{body}</c>")
            if cells:
                out.append(f'<row r="{row_number}">{"".join(cells)}</row>'.encode())
            el.clear()
    except (ParseError, ValueError) as exc:
        raise Refused.of("file.corrupt", detail=f"the '{sheet}' tab is not valid XML") from exc
    out.append(b"</sheetData></worksheet>")
    return b"".join(out)


_MAIN_NS = b"http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_EMPTY_SHEET = b'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="' + _MAIN_NS + b'"><sheetData/></worksheet>'


def _repack(infos: list[zipfile.ZipInfo], parts: dict[str, bytes], sheet_parts: dict[str, str]) -> bytes:
    """A package of the parts the reader parses (clipped sheets included); sheets it does not read
    are left empty, every other part is dropped."""
    sheets = {part.lower() for part in sheet_parts.values()}
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as zf:
        for info in infos:
            key = info.filename.lower()
            if key in parts:
                zf.writestr(info.filename, parts[key])
            elif key in sheets:
                zf.writestr(info.filename, _EMPTY_SHEET)
    return out.getvalue()
