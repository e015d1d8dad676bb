"""The CMRT rule catalogue: every finding the library can report, in one place.

Each rule has a stable code (used by the portal, tests and suppliers' support tickets), a
severity (`error` makes the declaration invalid, `warning` does not) and a message written for
a supplier who has never seen this code: which tab, which cell, what to change.

Three groups:
* refusals (`file.*`, `template.*` errors): the workbook is not read at all;
* the template's own Checker (CMRT_FORMAT.md §3): required fields and gating of Q1-Q8, A-H,
  the product list and the smelter list;
* what the Checker misses: values outside the dropdowns, malformed e-mails, implausible dates,
  smelters for metals declared out of scope, Smelter ID format, duplicates, contradictions.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from . import layout
from .model import (
    COMPANY_QUESTION_KEYS,
    METAL_LABELS,
    METALS,
    Finding,
    InspectionResult,
    Severity,
)


@dataclass(frozen=True)
class Rule:
    code: str
    severity: Severity
    summary: str
    # Errors that already say what this warning says when both point at the same cell: the warning is
    # then left out, so that one problem is one line (and one count) for the supplier.
    covered_by: tuple[str, ...] = ()


_RULES: list[Rule] = [
    # -- refusals: the file is not read ---------------------------------------------------------
    Rule("file.empty", "error", "The file is empty."),
    Rule("file.too_large", "error", "The file is larger than the upload limit."),
    Rule("file.not_a_spreadsheet", "error", "The file is not an Excel workbook, whatever its name."),
    Rule("file.encrypted", "error", "The workbook is password-protected (encrypted)."),
    Rule("file.macro_enabled", "error", "The workbook contains macros."),
    Rule("file.decompression_bomb", "error", "The workbook expands to an implausible size."),
    Rule("file.xml_entities", "error", "The workbook contains XML entity declarations."),
    Rule("file.sheet_too_large", "error", "A sheet extends far beyond the CMRT layout."),
    Rule("file.corrupt", "error", "The workbook is damaged."),
    Rule("file.unreadable", "error", "The workbook could not be read safely."),
    Rule("template.not_cmrt", "error", "The workbook is not an RMI Conflict Minerals Reporting Template."),
    Rule("template.emrt", "error", "The workbook is an EMRT (or another RMI template), not a CMRT."),
    Rule("template.version_too_old", "error", "The CMRT version is older than 6."),
    Rule("template.version_newer", "warning", "A CMRT 6.x version newer than 6.5, read with the 6.5 layout."),
    Rule("template.version_missing", "warning", "The version stamp (Declaration J3) is missing."),
    # -- Declaration tab: company block -----------------------------------------------------------
    Rule("company.name.missing", "error", "Company name (D8) is required."),
    Rule("company.name.placeholder", "warning", "Company name (D8) is a placeholder such as 'ABC' or 'test'."),
    Rule("company.scope.missing", "error", "Declaration scope (D9) is required."),
    Rule("company.scope.invalid", "error", "Declaration scope (D9) is not one of the dropdown values."),
    Rule("company.scope_description.missing", "error", "Scope C needs a description of scope (D10)."),
    Rule("company.contact_name.missing", "error", "Contact name (D15) is required."),
    Rule("company.contact_name.placeholder", "warning", "Contact name (D15) is a placeholder, not a person."),
    Rule("company.contact_email.missing", "error", "Contact e-mail (D16) is required and needs an @."),
    Rule("company.contact_email.malformed", "warning", "Contact e-mail (D16) has an @ but is not a valid address."),
    Rule("company.contact_phone.missing", "error", "Contact phone (D17) is required."),
    Rule("company.contact_phone.placeholder", "warning", "Contact phone (D17) is a dummy such as +0000000000."),
    Rule("company.authorizer.missing", "error", "Authorizer (D18) is required."),
    Rule("company.authorizer.placeholder", "warning", "Authorizer (D18) must be a name, not 'same' or 'ABC'."),
    Rule("company.authorizer_phone.placeholder", "warning", "Authorizer phone (D21) is a dummy number."),
    Rule("company.authorizer_email.missing", "error", "Authorizer e-mail (D20) is required and needs an @."),
    Rule("company.authorizer_email.malformed", "warning", "Authorizer e-mail (D20) is not a valid address."),
    Rule("company.effective_date.missing", "error", "Effective date (D22) is required."),
    Rule("company.effective_date.invalid", "error", "Effective date (D22) is not a date."),
    Rule("company.effective_date.future", "error", "Effective date (D22) is in the future."),
    Rule("company.effective_date.too_old", "error", "Effective date (D22) is before 31-Dec-2006."),
    Rule("company.effective_date.stale", "warning", "Effective date (D22) is more than two years old."),
    # -- Declaration tab: questions 1-8 and A-H ---------------------------------------------------
    Rule("question.q1.missing", "error", "Question 1 must be answered for every metal."),
    Rule("question.q2.missing", "error", "Question 2 is required for a metal whose Q1 is not 'No'."),
    Rule("question.answer.missing", "error", "Questions 3-8 are required for every metal in scope."),
    Rule("question.answer.invalid", "error", "An answer to questions 1-8 is not one of the dropdown values."),
    Rule("question.answer.not_applicable", "warning", "An answer was given for a metal declared out of scope."),
    Rule("company_question.missing", "error", "Company questions A-H are required when any metal is in scope."),
    Rule("company_question.invalid", "error", "A company question answer is not one of the dropdown values."),
    Rule("company_question.b_url.missing", "error", "Question B answered Yes needs the policy URL in G77."),
    Rule("company_question.b_url.not_a_url", "warning", "Question B answered Yes, but G77 holds no web address."),
    Rule("company_question.e_comment.missing", "warning", "Question E 'other format' needs a description."),
    # -- Product List tab ---------------------------------------------------------------------
    Rule("product_list.missing", "error", "Scope B needs at least one product number on the Product List tab."),
    Rule(
        "product.number.missing",
        "warning",
        "A product row has a name or comment but no product number.",
        covered_by=("product_list.missing",),  # row 6 without a number: "no product number is listed"
    ),
    # -- Smelter List tab ---------------------------------------------------------------------
    Rule("smelter_list.metal.missing", "error", "Every metal in scope needs at least one smelter row."),
    Rule("smelter.metal.missing", "error", "A smelter row has no metal (column B)."),
    Rule("smelter.metal.invalid", "error", "A smelter row's metal is not Tantalum, Tin, Gold or Tungsten."),
    Rule("smelter.lookup.missing", "error", "A smelter row has a metal but no Smelter Look-up (column C)."),
    Rule("smelter.not_listed.incomplete", "error", "'Smelter not listed' rows need a name (D) and a country (E)."),
    Rule("smelter.metal.out_of_scope", "warning", "A smelter row is for a metal declared out of scope."),
    Rule("smelter.not_yet_identified", "warning", "A row says 'Smelter not yet identified'."),
    Rule("smelter.id.malformed", "error", "A Smelter ID is not 'CID' followed by 6 digits."),
    Rule("smelter.id.unknown", "warning", "A Smelter ID is not in this template's Smelter Look-up."),
    Rule("smelter.id.wrong_metal", "error", "A Smelter ID belongs to another metal in the Smelter Look-up."),
    Rule("smelter.id.mismatch", "warning", "The typed Smelter ID (A) differs from the looked-up one (F)."),
    Rule("smelter.duplicate", "warning", "The same smelter is listed on several rows for the same metal."),
    Rule("smelter.recycled.invalid", "error", "Column P must be Yes, No or Unknown."),
    Rule("smelter.contact_email.malformed", "warning", "A smelter contact e-mail (column L) is not valid."),
    # -- contradictions -----------------------------------------------------------------------
    Rule("contradiction.q5_recycled", "warning", "Q5 says 100% recycled but a smelter row says it is not."),
    Rule("contradiction.q7_unidentified", "warning", "Q7 says all smelters identified but a row is unidentified."),
]
RULES: dict[str, Rule] = {r.code: r for r in _RULES}

_REFUSAL_MESSAGES: dict[str, str] = {
    "file.empty": "The file is empty. Upload the completed CMRT workbook (.xlsx).",
    "file.too_large": (
        "The file is {size_mb:.1f} MB, above the {limit_mb:.0f} MB limit; a CMRT is normally under 3 MB. "
        "Upload the CMRT workbook itself, without embedded pictures or extra sheets."
    ),
    "file.not_a_spreadsheet": (
        "This file is {kind}, not an Excel workbook, whatever its name says. "
        "Upload the completed CMRT as an .xlsx file."
    ),
    "file.encrypted": (
        "The workbook is password-protected (encrypted), so it cannot be read. Open it in Excel, "
        "remove the password (File > Info > Protect Workbook > Encrypt with Password, clear it), "
        "save and upload it again. Sheet protection without a password is fine."
    ),
    "file.macro_enabled": (
        "The workbook contains macros (VBA). For safety, macro-enabled files are not accepted. "
        "Save it in Excel as 'Excel Workbook (*.xlsx)' and upload that copy."
    ),
    "file.decompression_bomb": (
        "The workbook ({part}) expands to an implausible size when opened and was not read. "
        "Upload the original CMRT workbook, saved from Excel."
    ),
    "file.xml_entities": (
        "The workbook contains XML declarations ({part}) that Excel never writes; it was not read. "
        "Upload the original CMRT workbook, saved from Excel."
    ),
    "file.sheet_too_large": (
        "The '{sheet}' tab extends far beyond the CMRT layout (cells out to very distant rows or "
        "columns). Delete the extra cells, or copy your answers into a fresh CMRT template, and upload again."
    ),
    "file.corrupt": "The workbook is damaged and cannot be read ({detail}). Save it again from Excel and upload it.",
    "file.unreadable": (
        "The workbook could not be read safely ({detail}). Save it again from Excel as .xlsx and upload it; "
        "if this persists, copy your answers into a fresh CMRT template."
    ),
    "template.not_cmrt": (
        "This workbook is not an RMI Conflict Minerals Reporting Template (CMRT){detail}. "
        "Download the current CMRT from the Responsible Minerals Initiative website, fill it in and upload it."
    ),
    "template.emrt": (
        "This workbook is an {template} (version {version}), not a CMRT. This request is for conflict minerals "
        "(tin, tantalum, tungsten, gold): fill in the current CMRT template and upload that instead."
    ),
    "template.version_too_old": (
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
        message = _REFUSAL_MESSAGES[code].format(**params)
        return cls(Finding(code=code, severity=RULES[code].severity, message=message))


# -- allowed dropdown values (the template's own lists, see layout.py) ----------------------------
QUESTION_VALUES = layout.QUESTION_VALUES
E_VALUES = layout.E_VALUES
COMPANY_VALUES = layout.COMPANY_VALUES

QUESTION_TEXT: dict[str, str] = {
    "1": "Is any 3TG intentionally added or used in the product(s) or in the production process?",
    "2": "Does any 3TG remain in the product(s)?",
    "3": "Do any of the smelters in your supply chain source the 3TG from the covered countries?",
    "4": "Do any of the smelters in your supply chain source the 3TG from conflict-affected and high-risk areas?",
    "5": "Does 100 percent of the 3TG originate from recycled or scrap sources?",
    "6": "What percentage of relevant suppliers have provided a response to your supply chain survey?",
    "7": "Have you identified all of the smelters supplying the 3TG to your supply chain?",
    "8": "Has all applicable smelter information received by your company been reported in this declaration?",
}

EMAIL_RE = re.compile(
    r"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+$"
)
CID_RE = re.compile(r"^CID\d{6}$")
# Question B asks for "the URL" of the published policy (CMRT_FORMAT.md §2.4): a web address with a
# scheme, starting with www., or a bare domain with a path ("example.com/policy"). Words around it
# ("Yes, see https://...") are fine; words alone ("In all subcon's website") are not.
URL_RE = re.compile(
    r"(?:https?://|www\.)\S+|\b[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}/\S*|\b[a-z0-9-]+\.(?:com|org|net)\b",
    re.IGNORECASE,
)
EARLIEST_DATE = date(2006, 12, 31)  # the template's own data validation lower bound

DECL = layout.SHEET_DECLARATION
SMELTERS = layout.SHEET_SMELTERS
PRODUCTS = layout.SHEET_PRODUCTS


def _finding(code: str, message: str, **where: Any) -> Finding:
    return Finding(code=code, severity=RULES[code].severity, message=message, **where)


def _decl(code: str, cell: str, message: str, metal: str | None = None) -> Finding:
    return _finding(code, f"Declaration tab, cell {cell}: {message}", sheet=DECL, cell=cell, metal=metal)


def _smelter(code: str, row: int, message: str, metal: str | None = None, col: str = "B") -> Finding:
    return _finding(
        code, f"Smelter List tab, row {row}: {message}", sheet=SMELTERS, cell=f"{col}{row}", row=row, metal=metal
    )


def metal_in_scope(result: InspectionResult, metal: str) -> bool:
    """The Checker's in_scope: neither Q1 nor Q2 answered 'No' (blank counts as in scope)."""
    q = result.questions[metal]
    return q["1"] != "No" and q["2"] != "No"


# -- rule groups ----------------------------------------------------------------------------------
def check_company(result: InspectionResult, today: date) -> list[Finding]:
    d = result.declaration
    out: list[Finding] = []
    if not d.company_name:
        out.append(_decl("company.name.missing", "D8", "the company name is empty; enter your company's legal name."))
    if not d.scope_raw:
        out.append(
            _decl(
                "company.scope.missing",
                "D9",
                "choose the declaration scope from the dropdown "
                "(A. Company, B. Product (or List of Products) or C. User defined).",
            )
        )
    elif d.scope is None:
        out.append(
            _decl(
                "company.scope.invalid",
                "D9",
                f"'{d.scope_raw}' is not a scope the template offers; "
                "choose A. Company, B. Product (or List of Products) or C. User defined from the dropdown.",
            )
        )
    if d.scope == "C" and not d.scope_description:
        out.append(
            _decl(
                "company.scope_description.missing",
                "D10",
                "scope C (user defined) is selected, so "
                "describe the scope of this declaration in 'Description of Scope'.",
            )
        )
    elif is_placeholder(d.company_name):
        out.append(
            _decl(
                "company.name.placeholder",
                "D8",
                f"'{d.company_name}' looks like a placeholder, not a company name; enter your company's legal name.",
            )
        )
    if not d.contact_name:
        out.append(
            _decl(
                "company.contact_name.missing",
                "D15",
                "the contact name is empty; enter the person we can ask about this declaration.",
            )
        )
    elif is_placeholder(d.contact_name):
        out.append(
            _decl(
                "company.contact_name.placeholder",
                "D15",
                f"'{d.contact_name}' looks like a placeholder, not a person; "
                "enter the name of the person we can ask about this declaration.",
            )
        )
    out += _email(d.contact_email, "D16", "contact", "company.contact_email")
    if not d.contact_phone:
        out.append(_decl("company.contact_phone.missing", "D17", "the contact phone number is empty; enter it."))
    elif is_placeholder_phone(d.contact_phone):
        out.append(
            _decl(
                "company.contact_phone.placeholder",
                "D17",
                f"'{d.contact_phone}' is not a phone number we can call; enter the contact's real number.",
            )
        )
    if not d.authorizer:
        out.append(
            _decl(
                "company.authorizer.missing",
                "D18",
                "the authorizer is empty; enter the name of the person who authorizes this declaration.",
            )
        )
    elif is_placeholder(d.authorizer) or d.authorizer.strip(" .").casefold() in SAME_WORDS:
        out.append(
            _decl(
                "company.authorizer.placeholder",
                "D18",
                f"'{d.authorizer}' is not a name; enter the "
                "authorizer's name even if it is the same person as the contact.",
            )
        )
    out += _email(d.authorizer_email, "D20", "authorizer", "company.authorizer_email")
    # The authorizer phone is optional, so "N/A" there is an honest answer; only a dummy number is flagged.
    if d.authorizer_phone and _dummy_digits(d.authorizer_phone):
        out.append(
            _decl(
                "company.authorizer_phone.placeholder",
                "D21",
                f"'{d.authorizer_phone}' is not a phone number we can call; enter the real number or leave it empty.",
            )
        )
    out += _effective_date(result, today)
    return out


# Answers that fill a required cell without saying anything (seen in real files: "ABC" as company,
# contact and authorizer). Compared after casefolding and stripping spaces, dots and dashes.
PLACEHOLDER_WORDS = frozenset(
    {"abc", "abc company", "abc co", "abc ltd", "xyz", "n/a", "na", "n.a", "none", "nil", "null", "-", "?",
     "test", "testing", "tbd", "tba", "todo", "dummy", "sample", "example", "asdf", "qwerty", "name",
     "company", "company name", "your name", "contact", "unknown", "0"}
)  # fmt: skip
SAME_WORDS = ("same", "same as above", "same as contact")
_REPEATED_CHARACTER = re.compile(r"(.)\1*")  # "x", "xxx", "....", "1111"


def is_placeholder(value: str | None) -> bool:
    """Whether a name-like answer is a stand-in ("ABC", "N/A", "test", "xxx") rather than a real value."""
    folded = (value or "").strip().strip(" .-_").casefold()
    if not folded:
        return bool(value and value.strip())  # only punctuation, e.g. "-" or "..."
    return folded in PLACEHOLDER_WORDS or bool(_REPEATED_CHARACTER.fullmatch(folded.replace(" ", "")))


def _dummy_digits(phone: str) -> bool:
    """All digits the same ("+0000000000", "1111111") or a run such as 123456789."""
    digits = re.sub(r"\D", "", phone)
    return len(digits) >= 3 and (len(set(digits)) == 1 or digits in "01234567890" or digits in "9876543210")


def is_placeholder_phone(phone: str) -> bool:
    """A required phone that no one can call: no digits at all ("N/A", "test") or a dummy number."""
    return not re.search(r"\d", phone) or _dummy_digits(phone)


def _email(value: str | None, cell: str, who: str, code: str) -> list[Finding]:
    if not value:
        return [
            _decl(f"{code}.missing", cell, f"the {who} e-mail is empty; enter an address such as name@company.com.")
        ]
    if "@" not in value:
        # The template's Checker only tests for an @, and so counts this field as missing.
        return [
            _decl(
                f"{code}.missing",
                cell,
                f"the {who} e-mail '{value}' has no @; enter a valid address such as name@company.com.",
            )
        ]
    if not EMAIL_RE.match(value):
        return [
            _decl(
                f"{code}.malformed",
                cell,
                f"the {who} e-mail '{value}' is not a valid address; correct it "
                "(e.g. name@company.com, one address only, no commas or spaces).",
            )
        ]
    return []


def _effective_date(result: InspectionResult, today: date) -> list[Finding]:
    d = result.declaration
    if d.effective_date is None:
        if d.effective_date_raw:
            return [
                _decl(
                    "company.effective_date.invalid",
                    "D22",
                    f"'{d.effective_date_raw}' is not a date; "
                    "enter the effective date as DD-MMM-YYYY, e.g. 10-May-2024.",
                )
            ]
        return [
            _decl(
                "company.effective_date.missing",
                "D22",
                "the effective date is empty; enter it as DD-MMM-YYYY, e.g. 10-May-2024.",
            )
        ]
    shown = d.effective_date.strftime("%d-%b-%Y")
    if d.effective_date > today + timedelta(days=1):
        return [
            _decl(
                "company.effective_date.future",
                "D22",
                f"the effective date {shown} is in the future; "
                "enter the date this declaration takes effect (today or earlier).",
            )
        ]
    if d.effective_date < EARLIEST_DATE:
        return [
            _decl(
                "company.effective_date.too_old",
                "D22",
                f"the effective date {shown} is before 31-Dec-2006, which the template does not allow; check the year.",
            )
        ]
    if d.effective_date < today - timedelta(days=730):
        return [
            _decl(
                "company.effective_date.stale",
                "D22",
                f"the effective date {shown} is more than two years old; please send a current declaration.",
            )
        ]
    return []


def check_questions(result: InspectionResult) -> list[Finding]:
    out: list[Finding] = []
    for metal in METALS:
        label = METAL_LABELS[metal]
        answers = result.questions[metal]
        q1 = answers["1"]
        in_scope = metal_in_scope(result, metal)
        for q, allowed in QUESTION_VALUES.items():
            value = answers[q]
            cell = layout.question_cell(q, metal)
            if value is not None:
                if value not in allowed:  # the reader already matched case-insensitively
                    out.append(
                        _decl(
                            "question.answer.invalid",
                            cell,
                            f"the answer to question {q} for {label} "
                            f"is '{value}', which is not an option; choose one of: {', '.join(allowed)}.",
                            metal,
                        )
                    )
                if q == "2" and q1 == "No" or q not in ("1", "2") and not in_scope:
                    out.append(
                        _decl(
                            "question.answer.not_applicable",
                            cell,
                            f"question {q} is answered for "
                            f"{label}, but {label} is declared out of scope (question 1 or 2 is 'No'); "
                            "the answer will be ignored. Clear it or correct questions 1 and 2.",
                            metal,
                        )
                    )
                continue
            if q == "1":
                out.append(
                    _decl(
                        "question.q1.missing",
                        cell,
                        f"question 1 ({QUESTION_TEXT['1']}) is not answered for {label}; answer Yes or No. "
                        f"Unless it is 'No', questions 2 to 8 must then be answered for {label} too.",
                        metal,
                    )
                )
            elif q == "2":
                if q1 != "No":
                    out.append(
                        _decl(
                            "question.q2.missing",
                            cell,
                            f"question 2 ({QUESTION_TEXT['2']}) is not "
                            f"answered for {label}; answer Yes or No (it is required unless question 1 "
                            f"is 'No' for {label}). Unless it is 'No', questions 3 to 8 must then be answered "
                            "too.",
                            metal,
                        )
                    )
            elif in_scope and q1 == "Yes" and answers["2"] == "Yes":
                # While question 1 or 2 is unanswered, its own finding says that 3-8 follow; listing
                # each of them too would bury that one instruction under six more lines per metal.
                out.append(
                    _decl(
                        "question.answer.missing",
                        cell,
                        f"question {q} ({QUESTION_TEXT[q]}) is not answered for {label}, which is in scope "
                        f"(questions 1 and 2 are 'Yes'); choose one of: {', '.join(allowed)}.",
                        metal,
                    )
                )
    return out


def check_company_questions(result: InspectionResult) -> list[Finding]:
    out: list[Finding] = []
    required = any(metal_in_scope(result, m) for m in METALS)
    for key in COMPANY_QUESTION_KEYS:
        row = layout.COMPANY_QUESTION_ROWS[key]
        qa = result.company_questions[key]
        allowed = COMPANY_VALUES[key]
        if qa.answer is None:
            if required:
                out.append(
                    _decl(
                        "company_question.missing",
                        f"D{row}",
                        f"company question {key} is not answered; choose one of: {', '.join(allowed)}.",
                    )
                )
            continue
        if qa.answer not in allowed:
            out.append(
                _decl(
                    "company_question.invalid",
                    f"D{row}",
                    f"the answer to company question {key} is "
                    f"'{qa.answer}', which is not an option; choose one of: {', '.join(allowed)}.",
                )
            )
    b = result.company_questions["B"]
    if b.answer == "Yes" and len(b.comment or "") <= 1:
        out.append(
            _decl(
                "company_question.b_url.missing",
                "G77",
                "question B says your sourcing policy is on your "
                "website; enter its web address (URL) in the comment field G77.",
            )
        )
    elif b.answer == "Yes" and not URL_RE.search(b.comment or ""):
        out.append(
            _decl(
                "company_question.b_url.not_a_url",
                "G77",
                f"question B says your sourcing policy is on your website, but the comment "
                f"'{b.comment}' is not a web address; enter the policy's URL in G77 "
                "(e.g. https://www.example.com/policy).",
            )
        )
    e = result.company_questions["E"]
    if e.answer == E_VALUES[1] and not e.comment:
        out.append(
            _decl(
                "company_question.e_comment.missing",
                "G83",
                "question E says you survey suppliers using "
                "another format; describe that format in the comment field G83.",
            )
        )
    return out


def check_products(result: InspectionResult) -> list[Finding]:
    out: list[Finding] = []
    for p in result.products:
        if not p.number:
            out.append(
                _finding(
                    "product.number.missing",
                    f"Product List tab, row {p.row}: the product "
                    f"'{p.name or p.comment}' has no product number; enter it in column B.",
                    sheet=PRODUCTS,
                    cell=f"B{p.row}",
                    row=p.row,
                )
            )
    if result.declaration.scope == "B" and not any(p.number for p in result.products):
        out.append(
            _finding(
                "product_list.missing",
                "Product List tab, cell B6: the declaration scope is "
                "'B. Product (or List of Products)' but no product number is listed; enter the "
                "product numbers this declaration covers from row 6 (column B), or change the scope.",
                sheet=PRODUCTS,
                cell="B6",
            )
        )
    return out


def check_smelters(result: InspectionResult) -> list[Finding]:
    out: list[Finding] = []
    lookup_metal = result.lookup_metals
    seen: dict[tuple[str, str], list[Any]] = {}  # (metal, Smelter ID or name) -> its rows, in order
    metals_with_rows: set[str] = set()
    for s in result.smelters:
        metal = (s.metal or "").casefold()
        if not s.metal:
            out.append(
                _smelter(
                    "smelter.metal.missing",
                    s.row,
                    "the metal (column B) is empty; choose Tantalum, Tin, Gold or Tungsten.",
                )
            )
            continue
        if metal not in METALS:
            out.append(
                _smelter(
                    "smelter.metal.invalid",
                    s.row,
                    f"the metal '{s.metal}' is not one of Tantalum, "
                    "Tin, Gold or Tungsten; choose one from the dropdown.",
                )
            )
            continue
        label = METAL_LABELS[metal]
        if not s.lookup_name:
            out.append(
                _smelter(
                    "smelter.lookup.missing",
                    s.row,
                    f"the {label} row has no smelter chosen in "
                    "'Smelter Look-up' (column C); choose the smelter, or 'Smelter not listed'.",
                    metal,
                    "C",
                )
            )
        else:
            metals_with_rows.add(metal)
        if not metal_in_scope(result, metal):
            out.append(
                _smelter(
                    "smelter.metal.out_of_scope",
                    s.row,
                    f"this is a {label} smelter, but the "
                    f"Declaration tab declares {label} out of scope (question 1 or 2 is 'No'); "
                    "remove the row or correct questions 1 and 2.",
                    metal,
                )
            )
        special = (s.lookup_name or "").casefold()
        if special == layout.NOT_LISTED and (not s.typed_name or not s.country):
            missing = " and ".join(
                x for x, v in (("name (column D)", s.typed_name), ("country (column E)", s.country)) if not v
            )
            out.append(
                _smelter(
                    "smelter.not_listed.incomplete",
                    s.row,
                    f"'Smelter not listed' is selected, so enter the smelter's {missing}.",
                    metal,
                    "D" if not s.typed_name else "E",
                )
            )
        if special == layout.NOT_YET_IDENTIFIED:
            out.append(
                _smelter(
                    "smelter.not_yet_identified",
                    s.row,
                    f"the {label} smelter is 'not yet "
                    "identified'; replace it with the smelter once your suppliers name it.",
                    metal,
                    "C",
                )
            )
        out += _smelter_id(s, metal, lookup_metal)
        if s.recycled_scrap and s.recycled_scrap not in layout.RECYCLED_VALUES:
            out.append(
                _smelter(
                    "smelter.recycled.invalid",
                    s.row,
                    f"column P says '{s.recycled_scrap}'; answer "
                    "Yes, No or Unknown (does 100% of the smelter's feedstock come from recycled or "
                    "scrap sources?).",
                    metal,
                    "P",
                )
            )
        if s.contact_email and not all(
            EMAIL_RE.match(e.strip()) for e in re.split(r"[;,\s]+", s.contact_email) if e.strip()
        ):
            out.append(
                _smelter(
                    "smelter.contact_email.malformed",
                    s.row,
                    f"the smelter contact e-mail "
                    f"'{s.contact_email}' is not a valid address; correct it or leave it empty.",
                    metal,
                    "L",
                )
            )
        if s.smelter_id and CID_RE.match(s.smelter_id.upper()):
            key_value: str | None = s.smelter_id.upper()
        elif special == layout.NOT_YET_IDENTIFIED:
            key_value = None  # several unidentified rows are legitimate
        else:
            name = s.typed_name or s.name or s.lookup_name
            key_value = f"name:{name.casefold()}" if name else None
        if key_value:
            seen.setdefault((metal, key_value), []).append(s)
    out += _duplicates(seen)
    for metal in METALS:
        if metal_in_scope(result, metal) and metal not in metals_with_rows:
            label = METAL_LABELS[metal]
            out.append(
                _finding(
                    "smelter_list.metal.missing",
                    f"Smelter List tab: {label} is in scope on the "
                    f"Declaration tab, but no {label} smelter is listed; add a row per {label} smelter "
                    "(use 'Smelter not yet identified' if you do not know them yet), or correct "
                    "questions 1 and 2.",
                    sheet=SMELTERS,
                    cell="B5",
                    metal=metal,
                )
            )
    return out


def _row_list(rows: list[int]) -> str:
    return ", ".join(str(r) for r in rows[:-1]) + f" and {rows[-1]}"


def _duplicates(seen: dict[tuple[str, str], list[Any]]) -> list[Finding]:
    """One finding per smelter listed on several rows, naming every row (five copies are one problem,
    not four pairs), placed on the first repeat so that the first row reads as the one to keep."""
    out: list[Finding] = []
    for (metal, _key), rows in seen.items():
        if len(rows) < 2:
            continue
        first, repeat = rows[0], rows[1]
        label = METAL_LABELS[metal]
        named = f"{first.name or first.lookup_name}{', ' + first.smelter_id if first.smelter_id else ''}"
        keep = "keep one and delete the other" if len(rows) == 2 else "keep one and delete the others"
        out.append(
            _finding(
                "smelter.duplicate",
                f"Smelter List tab: rows {_row_list([r.row for r in rows])} list the same {label} smelter "
                f"({named}); {keep}.",
                sheet=SMELTERS,
                cell=f"B{repeat.row}",
                row=repeat.row,
                metal=metal,
            )
        )
    return out


def _smelter_id(s: Any, metal: str, lookup_metal: dict[str, str]) -> list[Finding]:
    out: list[Finding] = []
    label = METAL_LABELS[metal]
    if s.id_input and s.smelter_id and s.id_input.upper() != s.smelter_id.upper():
        out.append(
            _smelter(
                "smelter.id.mismatch",
                s.row,
                f"the Smelter ID typed in column A ({s.id_input}) "
                f"differs from the one in column F ({s.smelter_id}); keep the right one.",
                metal,
                "A",
            )
        )
    sid = s.smelter_id
    if not sid:
        return out
    if not CID_RE.match(sid.upper()):
        col = "F" if s.smelter_id != s.id_input else "A"
        out.append(
            _smelter(
                "smelter.id.malformed",
                s.row,
                f"the Smelter ID '{sid}' is not in the RMI format "
                "'CID' followed by 6 digits (e.g. CID002082); correct it or leave it empty.",
                metal,
                col,
            )
        )
        return out
    if lookup_metal:
        owner = lookup_metal.get(sid.upper())
        if owner is None:
            out.append(
                _smelter(
                    "smelter.id.unknown",
                    s.row,
                    f"the Smelter ID {sid} is not in this template's "
                    "Smelter Look-up tab; check it against the RMI smelter list.",
                    metal,
                    "F",
                )
            )
        elif owner != metal:
            out.append(
                _smelter(
                    "smelter.id.wrong_metal",
                    s.row,
                    f"the Smelter ID {sid} is a {owner.capitalize()} "
                    f"smelter, but the row says {label}; correct the metal or the ID.",
                    metal,
                    "F",
                )
            )
    return out


def check_contradictions(result: InspectionResult) -> list[Finding]:
    out: list[Finding] = []
    for metal in METALS:
        label = METAL_LABELS[metal]
        rows = [s for s in result.smelters if (s.metal or "").casefold() == metal]
        if result.questions[metal]["5"] == "Yes":
            for s in rows:
                if s.recycled_scrap == "No":
                    out.append(
                        _smelter(
                            "contradiction.q5_recycled",
                            s.row,
                            f"question 5 on the Declaration tab "
                            f"says 100% of your {label} is recycled or scrap, but this smelter's column "
                            "P says its feedstock is not; correct one of the two.",
                            metal,
                            "P",
                        )
                    )
        if result.questions[metal]["7"] == "Yes":
            for s in rows:
                if (s.lookup_name or "").casefold() == layout.NOT_YET_IDENTIFIED:
                    out.append(
                        _smelter(
                            "contradiction.q7_unidentified",
                            s.row,
                            f"question 7 on the Declaration "
                            f"tab says all {label} smelters are identified, but this row says 'Smelter "
                            "not yet identified'; identify the smelter or answer question 7 'No'.",
                            metal,
                            "C",
                        )
                    )
    return out


def without_covered(findings: list[Finding]) -> list[Finding]:
    """Leave out a warning that an error on the same cell already says (`Rule.covered_by`)."""
    errors = {(f.code, f.sheet, f.cell) for f in findings if f.severity == "error"}
    return [
        f for f in findings if not any((code, f.sheet, f.cell) in errors for code in RULES[f.code].covered_by if f.cell)
    ]


def validate(result: InspectionResult, *, today: date) -> list[Finding]:
    """Every rule, in the order a supplier reads the workbook; one problem found twice is listed once."""
    return without_covered(
        check_company(result, today)
        + check_questions(result)
        + check_company_questions(result)
        + check_products(result)
        + check_smelters(result)
        + check_contradictions(result)
    )
