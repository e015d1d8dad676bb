"""Why a workbook is not read at all: the refusal texts and the `Refused` exception that carries one."""

from __future__ import annotations

from typing import Any

from ..model import Finding
from ..text import gettext_noop, render
from .catalogue import RULES

_REFUSAL_MESSAGES: dict[str, str] = {
    "file.empty": gettext_noop("The file is empty. Upload the completed CMRT workbook (.xlsx)."),
    "file.too_large": gettext_noop(
        "The file is {size_mb:.1f} MB, above the {limit_mb:.0f} MB limit; a CMRT is normally under 3 MB. "
        "Upload the CMRT workbook itself, without embedded pictures or extra sheets."
    ),
    "file.not_a_spreadsheet": gettext_noop(
        "This file is {kind}, not an Excel workbook, whatever its name says. "
        "Upload the completed CMRT as an .xlsx file."
    ),
    "file.encrypted": gettext_noop(
        "The workbook is password-protected (encrypted), so it cannot be read. Open it in Excel, "
        "remove the password (File > Info > Protect Workbook > Encrypt with Password, clear it), "
        "save and upload it again. Sheet protection without a password is fine."
    ),
    "file.macro_enabled": gettext_noop(
        "The workbook contains macros (VBA). For safety, macro-enabled files are not accepted. "
        "Save it in Excel as 'Excel Workbook (*.xlsx)' and upload that copy."
    ),
    "file.decompression_bomb": gettext_noop(
        "The workbook ({part}) expands to an implausible size when opened and was not read. "
        "Upload the original CMRT workbook, saved from Excel."
    ),
    "file.xml_entities": gettext_noop(
        "The workbook contains XML declarations ({part}) that Excel never writes; it was not read. "
        "Upload the original CMRT workbook, saved from Excel."
    ),
    "file.sheet_too_large": gettext_noop(
        "The '{sheet}' tab extends far beyond the CMRT layout (cells out to very distant rows or "
        "columns). Delete the extra cells, or copy your answers into a fresh CMRT template, and upload again."
    ),
    "file.corrupt": gettext_noop(
        "The workbook is damaged and cannot be read ({detail}). Save it again from Excel and upload it."
    ),
    "file.unreadable": gettext_noop(
        "The workbook could not be read safely ({detail}). Save it again from Excel as .xlsx and upload it; "
        "if this persists, copy your answers into a fresh CMRT template."
    ),
    "template.not_cmrt": gettext_noop(
        "This workbook is not an RMI Conflict Minerals Reporting Template (CMRT){detail}. "
        "Download the current CMRT from the Responsible Minerals Initiative website, fill it in and upload it."
    ),
    "template.emrt": gettext_noop(
        "This workbook is an {template} (version {version}), not a CMRT. This request is for conflict minerals "
        "(tin, tantalum, tungsten, gold): fill in the current CMRT template and upload that instead."
    ),
    "template.version_too_old": gettext_noop(
        "This is CMRT version {version}, which is no longer accepted. Copy your answers into the current "
        "CMRT template (version 6.x) from the Responsible Minerals Initiative website and upload it again."
    ),
}


class Refused(Exception):
    """Raised when a workbook must not be read; carries the one refusal finding."""

    def __init__(self, finding: Finding) -> None:
        super().__init__(finding.message)
        self.finding = finding

    @classmethod
    def of(cls, code: str, **params: Any) -> Refused:
        template = _REFUSAL_MESSAGES[code]
        return cls(
            Finding(
                code=code,
                severity=RULES[code].severity,
                message=render(template, params),
                template=template,
                params=params,
            )
        )
