"""Workbooks Excel opens without asking for a password are read; any other password is refused as such."""

from __future__ import annotations

import io

from cmrt import inspect as inspect_module
from cmrt import inspect_workbook
from cmrt.decrypt import EXCEL_DEFAULT_PASSWORD, MAX_SPIN_COUNT
from tests.conftest import require_module

from .builders import TODAY, XIAMEN, build_cmrt, encrypt_xls, encrypt_xlsx, stray_cell_xlsx, xlsx_to_xls
from .test_bounds import assert_bounded


def refused_as_password_protected(data: bytes) -> None:
    result = inspect_workbook(data, today=TODAY)
    assert result.refused and [f.code for f in result.findings] == ["file.encrypted"]
    assert "password" in result.findings[0].message and "damaged" not in result.findings[0].message


def test_an_xlsx_encrypted_with_excels_default_password_is_read_like_the_plain_one():
    plain = build_cmrt(smelters=[XIAMEN])
    encrypted = encrypt_xlsx(plain, EXCEL_DEFAULT_PASSWORD)
    assert encrypted.startswith(b"\xd0\xcf\x11\xe0")  # a CFB container, no zip in sight
    result = inspect_workbook(encrypted, today=TODAY)
    assert not result.refused and result.valid, result.findings
    assert result.to_dict() == inspect_workbook(plain, today=TODAY).to_dict()


def test_an_xlsx_with_a_real_password_is_refused_as_password_protected():
    refused_as_password_protected(encrypt_xlsx(build_cmrt(), "s3cret"))


def test_an_xls_encrypted_with_excels_default_password_is_read_like_the_plain_one():
    require_module("xlwt")
    plain = xlsx_to_xls(build_cmrt(smelters=[XIAMEN]))
    result = inspect_workbook(encrypt_xls(plain, EXCEL_DEFAULT_PASSWORD), today=TODAY)
    assert not result.refused and result.valid, result.findings
    assert result.to_dict() == inspect_workbook(plain, today=TODAY).to_dict()


def test_an_xls_with_a_real_password_is_refused_as_password_protected():
    require_module("xlwt")
    refused_as_password_protected(encrypt_xls(xlsx_to_xls(build_cmrt()), "s3cret"))


def test_a_decrypted_workbook_is_bounded_like_any_upload(monkeypatch):
    seen: list[bytes] = []
    real = inspect_module.read_sheets

    def spy(source, sheets):
        seen.append(source)
        assert_bounded(source)
        return real(source, sheets)

    monkeypatch.setattr(inspect_module, "read_sheets", spy)
    result = inspect_workbook(encrypt_xlsx(stray_cell_xlsx(), EXCEL_DEFAULT_PASSWORD), today=TODAY, isolate=False)
    assert not result.refused and result.valid and len(seen) == 1


def test_an_encryption_that_asks_for_an_unusual_key_derivation_effort_is_refused_before_deriving():
    from msoffcrypto.method.ecma376_agile import ECMA376Agile

    costly = ECMA376Agile.encrypt(EXCEL_DEFAULT_PASSWORD, io.BytesIO(build_cmrt()), spin_count=MAX_SPIN_COUNT + 1)
    result = inspect_workbook(costly, today=TODAY)
    assert result.refused and result.findings[0].code == "file.unreadable"
    assert "encryption settings are unusual" in result.findings[0].message
