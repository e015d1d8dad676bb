"""Open workbooks encrypted with Excel's default password, as Excel does without asking.

Excel encrypts a workbook with the built-in password "VelvetSweatshop" when it is saved with
workbook or sheet protection but no password of its own (common in .xls files), and opens it
again without asking. msoffcrypto-tool decrypts both kinds: OOXML packages (an .xlsx inside a
CFB container with EncryptionInfo/EncryptedPackage streams) and BIFF8 RC4 / RC4 CryptoAPI .xls.
A file that needs any other password is refused as password-protected, never as damaged.

The decrypted workbook is no larger than the upload (the cipher text is the plain text, padded),
and goes through the same guard as any upload. The key derivation cost is bounded by refusing
unusual spin counts (Excel writes 100,000; the format allows up to 10 million SHA-512 rounds).
"""

from __future__ import annotations

import io
import struct

import msoffcrypto
from msoffcrypto import exceptions as crypto_errors
from msoffcrypto.format.ooxml import OOXMLFile

from .rules import Refused

EXCEL_DEFAULT_PASSWORD = "VelvetSweatshop"  # noqa: S105 - published by Microsoft, not a secret
MAX_SPIN_COUNT = 500_000


def decrypt_default(data: bytes, max_bytes: int) -> bytes:
    """The plain workbook inside `data` (a CFB container); raises `Refused` ("file.encrypted") if it
    needs a password other than Excel's default, or another refusal if it cannot be decrypted."""
    try:
        office = msoffcrypto.OfficeFile(io.BytesIO(data))
        info = getattr(office, "info", None)
        spin = info.get("spinValue", 0) if isinstance(info, dict) else 0
        if spin > MAX_SPIN_COUNT:
            raise Refused.of("file.unreadable", detail="its encryption settings are unusual")
        if not office.is_encrypted():
            raise Refused.of("file.corrupt", detail="the workbook says it is encrypted but is not")
        if isinstance(office, OOXMLFile):
            office.load_key(password=EXCEL_DEFAULT_PASSWORD, verify_password=True)
        else:  # BIFF: load_key always verifies
            office.load_key(password=EXCEL_DEFAULT_PASSWORD)
        out = io.BytesIO()
        office.decrypt(out)
    except crypto_errors.InvalidKeyError as exc:
        raise Refused.of("file.encrypted") from exc
    except (
        crypto_errors.DecryptionError,
        crypto_errors.FileFormatError,
        OSError,
        struct.error,
        ValueError,
        KeyError,
        IndexError,
        TypeError,
        AttributeError,
    ) as exc:
        # An encryption this library cannot undo (an old XOR obfuscation, a header it cannot parse):
        # still a password matter for the supplier, who can save the workbook without one.
        raise Refused.of("file.encrypted") from exc
    plain = out.getvalue()
    if len(plain) > max_bytes:
        raise Refused.of("file.too_large", size_mb=len(plain) / 1e6, limit_mb=max_bytes / 1e6)
    return plain
