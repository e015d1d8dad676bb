"""Checks that need to know whom a workbook was asked of and for which period (a campaign's checks).

Pure: the caller passes the campaign's facts. They run after the catalogue's own checks; a template
older than the campaign's minimum is a refusal, the other two are warnings (the declaration stays valid).
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from rapidfuzz import fuzz, utils

from .layout import version_key
from .model import Finding, InspectionResult
from .rules.checks.findings import finding
from .text import gettext_noop

# Below this token-set ratio (0-100) the company name on the Declaration tab is "markedly" another
# name: "Acme" against "ACME Electronics Co., Ltd." scores 100, "Example Metals" against "Acme" ~20.
NAME_SIMILARITY_MIN = 60
# A declaration for a reporting year is made during it or in the year after it (late answers
# included); one dated earlier is most often last year's file sent again.
EFFECTIVE_DATE_GRACE = timedelta(days=366)
# Legal forms say nothing about who a company is; left out before names are compared.
_LEGAL_FORMS = re.compile(
    r"\b(co|company|corp|corporation|inc|incorporated|ltd|limited|llc|gmbh|ag|sa|sas|srl|spa|bv|nv|plc|kk|"
    r"pte|pty|oy|ab|as|kg|sdn|bhd|group|holdings?)\b"
)


def _name_key(name: str) -> str:
    return _LEGAL_FORMS.sub(" ", utils.default_process(name)).strip()


def company_name_similarity(reported: str, expected: str) -> float:
    """How alike two company names are (0-100), ignoring case, punctuation, word order and legal forms."""
    a, b = _name_key(reported), _name_key(expected)
    if not a or not b:
        a, b = utils.default_process(reported), utils.default_process(expected)
    return float(fuzz.token_set_ratio(a, b))


def campaign_findings(
    result: InspectionResult,
    *,
    supplier_name: str,
    period_start: date,
    period_end: date,
    minimum_version: str = "",
) -> list[Finding]:
    """The campaign's findings for a read workbook: `campaign.version_below_minimum` (an error that
    refuses the file), `campaign.company_name_differs` and `campaign.effective_date_outside_period`
    (warnings). Nothing for a workbook that was refused already."""
    if result.refused:
        return []
    found: list[Finding] = []
    if minimum_version and result.version and version_key(result.version) < version_key(minimum_version):
        found.append(
            finding(
                "campaign.version_below_minimum",
                "",
                gettext_noop(
                    "This is CMRT version {version}; this survey accepts version {minimum} or newer. "
                    "Download the current template, copy your answers into it and upload it again."
                ),
                {"version": result.version, "minimum": minimum_version},
                sheet="Declaration",
                cell="J3",
            )
        )
        return found  # refused: the rest is not looked at
    company = (result.declaration.company_name or "").strip()
    if company and supplier_name and company_name_similarity(company, supplier_name) < NAME_SIMILARITY_MIN:
        found.append(
            finding(
                "campaign.company_name_differs",
                "",
                gettext_noop(
                    "The company name '{company}' differs from the name we know you by ('{supplier}'). "
                    "If this declaration is for another company, upload your own; if the name is right, leave it."
                ),
                {"company": company, "supplier": supplier_name},
                sheet="Declaration",
                cell="D8",
            )
        )
    effective = result.declaration.effective_date
    window_end = period_end + EFFECTIVE_DATE_GRACE
    if effective is not None and not (period_start <= effective <= window_end):
        found.append(
            finding(
                "campaign.effective_date_outside_period",
                "",
                gettext_noop(
                    "The effective date {date} lies outside this survey's window "
                    "({start} to {end}): is this last year's declaration? "
                    "Check the answers still hold and put the date you completed it in D22."
                ),
                {"date": effective.isoformat(), "start": period_start.isoformat(), "end": window_end.isoformat()},
                sheet="Declaration",
                cell="D22",
            )
        )
    return found
