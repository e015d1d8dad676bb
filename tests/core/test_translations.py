"""The Simplified Chinese catalogue is complete, keeps every placeholder, and its compiled .mo (committed,
so that a fresh clone needs no gettext tools) is the .po as it stands."""

from __future__ import annotations

import re
import shutil

import polib
import pytest
from django.conf import settings
from django.core.management import call_command

from tests.conftest import UNDER_CI

PO = settings.BASE_DIR / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"
MO = PO.with_suffix(".mo")
BRACE_FIELD = re.compile(r"\{([a-z_]+)(?::[^}]*)?\}")
PERCENT_FIELD = re.compile(r"%\((\w+)\)[-#0 +]?\d*(?:\.\d+)?[sdif]")


def _catalogue() -> polib.POFile:
    return polib.pofile(str(PO))


def test_every_message_of_the_portal_has_a_simplified_chinese_translation():
    po = _catalogue()
    assert len(po) > 500
    assert [e.msgid for e in po.untranslated_entries()] == []
    assert [e.msgid for e in po.fuzzy_entries()] == []


def test_every_string_marked_in_the_code_is_in_the_chinese_catalogue(tmp_path):
    """makemessages run now finds no msgid the committed catalogue lacks (a new {% translate %} or gettext
    string needs `scripts/translations` and its Chinese text)."""
    if not shutil.which("xgettext"):
        if UNDER_CI:
            pytest.fail("CI=true but GNU gettext (xgettext) is missing: apt-get install gettext")
        pytest.skip("needs GNU gettext (xgettext) to collect the marked strings")
    committed = PO.read_bytes()
    try:
        call_command("makemessages", locale=["zh_Hans"], ignore_patterns=["staticfiles", "media"], verbosity=0)
        collected = {(e.msgctxt, e.msgid) for e in _catalogue()}
    finally:
        PO.write_bytes(committed)
    known = {(e.msgctxt, e.msgid) for e in _catalogue()}
    assert sorted(collected - known, key=str) == []


def test_the_translations_keep_every_placeholder_of_the_english():
    for entry in _catalogue():
        translations = entry.msgstr_plural.values() if entry.msgid_plural else [entry.msgstr]
        for translation in translations:
            for field in (BRACE_FIELD, PERCENT_FIELD):
                assert set(field.findall(translation)) == set(field.findall(entry.msgid)), entry.msgid


def test_the_committed_mo_file_is_the_po_file_compiled():
    compiled = {(e.msgctxt, e.msgid): (e.msgstr, dict(e.msgstr_plural)) for e in polib.mofile(str(MO)) if e.msgid}
    source = {
        (e.msgctxt, e.msgid): (e.msgstr, {int(k): v for k, v in e.msgstr_plural.items()})
        for e in _catalogue().translated_entries()
    }
    assert compiled == source
