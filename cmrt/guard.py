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

import io
import posixpath
import re
import struct
import zipfile
import zlib
from dataclasses import dataclass, field
from xml.etree.ElementTree import ParseError

import defusedxml.ElementTree as SafeElementTree

from .rules import Refused

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
# One literal-led pattern (re scans for ' r="' first, ~2 ms per MB) finds every row or cell
# reference that could be out of bounds: a 3-letter column (AAA+) or a row number of 5+
# digits. Legitimate CMRT sheets have neither, so the exact check below rarely runs.
_SUSPECT_FAST = re.compile(rb' r="(?:[A-Za-z]{3}|[A-Za-z]{0,2}\d{5})')
# The same for any spelling XML allows (single quotes, white space around "="): five times slower,
# so it only runs when one of those spellings occurs at all (Excel never writes them).
_SUSPECT_ANY = re.compile(rb'\sr\s*=\s*["\'](?:[A-Za-z]{3}|[A-Za-z]{0,2}\d{5})')
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


def column_number(letters: str) -> int:
    n = 0
    for ch in letters.upper():
        n = n * 26 + (ord(ch) - 64)
    return n


def check_bytes(data: bytes, *, max_bytes: int = DEFAULT_MAX_BYTES, sheets: tuple[str, ...] = ()) -> Package:
    """Refuse (raise `Refused`) anything that is not a safe-looking .xlsx/.xls; else describe it."""
    if len(data) > max_bytes:
        raise Refused.of("file.too_large", size_mb=len(data) / 1e6, limit_mb=max_bytes / 1e6)
    if not data:
        raise Refused.of("file.empty")
    if data.startswith(OLE_MAGIC):
        return _check_ole(data)
    if data.startswith(ZIP_MAGIC):
        return _check_zip(data, sheets)
    raise Refused.of("file.not_a_spreadsheet", kind=_describe(data))


def _describe(data: bytes) -> str:
    head = data[:16]
    if head.startswith(b"\xff\xd8\xff"):
        return "a JPEG image"
    if head.startswith(b"\x89PNG"):
        return "a PNG image"
    if head.startswith(b"%PDF"):
        return "a PDF document"
    if head.startswith((b"GIF87a", b"GIF89a")):
        return "a GIF image"
    if head.lstrip().startswith((b"<", b"\xef\xbb\xbf<")):
        return "an XML or HTML text file"
    return "not an Excel workbook"


def _check_ole(data: bytes) -> Package:
    # An OLE/CFB container is either a legacy .xls (BIFF) or an encrypted OOXML package
    # (Excel wraps password-protected .xlsx in CFB with EncryptionInfo/EncryptedPackage streams).
    # Directory entry names are UTF-16LE, so a byte search finds them without parsing the FAT.
    if "EncryptedPackage".encode("utf-16-le") in data or "EncryptionInfo".encode("utf-16-le") in data:
        raise Refused.of("file.encrypted")
    if "_VBA_PROJECT".encode("utf-16-le") in data or "VBA".encode("utf-16-le") + b"\x00\x00" in data:
        raise Refused.of("file.macro_enabled")
    if "Workbook".encode("utf-16-le") not in data and "Book".encode("utf-16-le") not in data:
        raise Refused.of("file.not_a_spreadsheet", kind="an Office document that is not an Excel workbook")
    # BIFF FILEPASS (encryption) is detected by the reader (PasswordError) in the child process.
    return Package(kind="xls")


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
        raise Refused.of("file.corrupt", detail="the zip container is closed")
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


def _check_zip(data: bytes, sheets: tuple[str, ...]) -> Package:
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
        infos = zf.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError) as exc:
        raise Refused.of("file.corrupt", detail="the zip container is damaged") from exc
    if len(infos) > MAX_MEMBERS:
        raise Refused.of("file.decompression_bomb", part=f"{len(infos)} parts")
    names = {i.filename.lower(): i for i in infos}
    if any(n.endswith("vbaproject.bin") or n.endswith(".bin") and "vba" in n for n in names):
        raise Refused.of("file.macro_enabled")
    if any(i.flag_bits & 0x1 for i in infos):
        raise Refused.of("file.encrypted")
    if "[content_types].xml" not in names or "xl/workbook.xml" not in names:
        if "word/document.xml" in names or "ppt/presentation.xml" in names:
            raise Refused.of("file.not_a_spreadsheet", kind="a Word or PowerPoint document")
        if "xl/workbook.bin" in names:
            raise Refused.of("file.not_a_spreadsheet", kind="an Excel binary workbook (.xlsb); save it as .xlsx")
        raise Refused.of("file.not_a_spreadsheet", kind="a zip archive, not an Excel workbook")

    budget = [MAX_TOTAL_BYTES]
    content_types = _read_part(zf, names["[content_types].xml"], budget)
    if _MACRO_CONTENT_TYPE.search(content_types):
        raise Refused.of("file.macro_enabled")
    workbook = _read_part(zf, names["xl/workbook.xml"], budget)
    rels_info = names.get("xl/_rels/workbook.xml.rels")
    rels = _read_part(zf, rels_info, budget) if rels_info else b""
    sheet_parts = _sheet_parts(workbook, rels)

    # Parts python-calamine parses besides the sheets we ask for.
    for extra in ("xl/sharedstrings.xml", "xl/styles.xml", "docprops/core.xml"):
        if extra in names:
            _read_part(zf, names[extra], budget)
    for sheet in sheets:
        part = sheet_parts.get(sheet)
        if part is None or part.lower() not in names:
            continue
        _check_sheet(sheet, _read_part(zf, names[part.lower()], budget))
    return Package(kind="xlsx", sheet_parts=sheet_parts)


def _sheet_parts(workbook: bytes, rels: bytes) -> dict[str, str]:
    try:
        # defusedxml on top of the DOCTYPE/ENTITY refusal above: defence in depth for hostile files.
        wb_root = SafeElementTree.fromstring(workbook)
        rel_root = SafeElementTree.fromstring(rels) if rels else None
    except (ParseError, ValueError) as exc:  # defusedxml's refusals are ValueErrors
        raise Refused.of("file.corrupt", detail="the workbook index is not valid XML") from exc
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


def _check_sheet(sheet: str, xml: bytes) -> None:
    head = xml[:8192]
    dim = _DIMENSION.search(head)
    if dim:
        last_col = dim.group(3) or dim.group(1)
        last_row = dim.group(4) or dim.group(2)
        if last_col and column_number(last_col.decode()) > MAX_COL or last_row and int(last_row) > MAX_ROW:
            raise Refused.of("file.sheet_too_large", sheet=sheet)
    # An upper bound is enough: b"<c" also counts <col>, <cfRule>... (one C-speed pass).
    prefixed = _PREFIXED.search(head)
    cells = xml.count(b":c") if prefixed else xml.count(b"<c")
    if cells > MAX_CELLS_PER_SHEET:
        raise Refused.of("file.sheet_too_large", sheet=sheet)
    suspect = _SUSPECT_ANY if any(odd in xml for odd in _ODD_SPELLINGS) else _SUSPECT_FAST
    for m in suspect.finditer(xml):
        quote = max(xml.rfind(b'"', m.start(), m.end()), xml.rfind(b"'", m.start(), m.end()))
        ref = _REF_AT.match(xml, quote + 1)
        if ref is None:  # not even a well-formed reference (e.g. 5 letters): no Excel wrote that
            raise Refused.of("file.sheet_too_large", sheet=sheet)
        letters, digits = ref.group(1), ref.group(2)
        if letters and column_number(letters.decode()) > MAX_COL or digits and int(digits) > MAX_ROW:
            raise Refused.of("file.sheet_too_large", sheet=sheet)
