"""The company block of the Declaration tab (D8-D22): required fields, placeholders, e-mails and the date."""

from __future__ import annotations

import re
from datetime import date, timedelta

from ...model import Finding, InspectionResult
from .findings import EMAIL_RE, on_declaration

EARLIEST_DATE = date(2006, 12, 31)  # the template's own data validation lower bound


def check_company(result: InspectionResult, today: date) -> list[Finding]:
    d = result.declaration
    out: list[Finding] = []
    if not d.company_name:
        out.append(
            on_declaration("company.name.missing", "D8", "the company name is empty; enter your company's legal name.")
        )
    if not d.scope_raw:
        out.append(
            on_declaration(
                "company.scope.missing",
                "D9",
                "choose the declaration scope from the dropdown "
                "(A. Company, B. Product (or List of Products) or C. User defined).",
            )
        )
    elif d.scope is None:
        out.append(
            on_declaration(
                "company.scope.invalid",
                "D9",
                f"'{d.scope_raw}' is not a scope the template offers; "
                "choose A. Company, B. Product (or List of Products) or C. User defined from the dropdown.",
            )
        )
    if d.scope == "C" and not d.scope_description:
        out.append(
            on_declaration(
                "company.scope_description.missing",
                "D10",
                "scope C (user defined) is selected, so "
                "describe the scope of this declaration in 'Description of Scope'.",
            )
        )
    elif is_placeholder(d.company_name):
        out.append(
            on_declaration(
                "company.name.placeholder",
                "D8",
                f"'{d.company_name}' looks like a placeholder, not a company name; enter your company's legal name.",
            )
        )
    if not d.contact_name:
        out.append(
            on_declaration(
                "company.contact_name.missing",
                "D15",
                "the contact name is empty; enter the person we can ask about this declaration.",
            )
        )
    elif is_placeholder(d.contact_name):
        out.append(
            on_declaration(
                "company.contact_name.placeholder",
                "D15",
                f"'{d.contact_name}' looks like a placeholder, not a person; "
                "enter the name of the person we can ask about this declaration.",
            )
        )
    out += _email(d.contact_email, "D16", "contact", "company.contact_email")
    if not d.contact_phone:
        out.append(
            on_declaration("company.contact_phone.missing", "D17", "the contact phone number is empty; enter it.")
        )
    elif is_placeholder_phone(d.contact_phone):
        out.append(
            on_declaration(
                "company.contact_phone.placeholder",
                "D17",
                f"'{d.contact_phone}' is not a phone number we can call; enter the contact's real number.",
            )
        )
    if not d.authorizer:
        out.append(
            on_declaration(
                "company.authorizer.missing",
                "D18",
                "the authorizer is empty; enter the name of the person who authorizes this declaration.",
            )
        )
    elif is_placeholder(d.authorizer) or d.authorizer.strip(" .").casefold() in SAME_WORDS:
        out.append(
            on_declaration(
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
            on_declaration(
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
            on_declaration(
                f"{code}.missing", cell, f"the {who} e-mail is empty; enter an address such as name@company.com."
            )
        ]
    if "@" not in value:
        # The template's Checker only tests for an @, and so counts this field as missing.
        return [
            on_declaration(
                f"{code}.missing",
                cell,
                f"the {who} e-mail '{value}' has no @; enter a valid address such as name@company.com.",
            )
        ]
    if not EMAIL_RE.match(value):
        return [
            on_declaration(
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
                on_declaration(
                    "company.effective_date.invalid",
                    "D22",
                    f"'{d.effective_date_raw}' is not a date; "
                    "enter the effective date as DD-MMM-YYYY, e.g. 10-May-2024.",
                )
            ]
        return [
            on_declaration(
                "company.effective_date.missing",
                "D22",
                "the effective date is empty; enter it as DD-MMM-YYYY, e.g. 10-May-2024.",
            )
        ]
    shown = d.effective_date.strftime("%d-%b-%Y")
    if d.effective_date > today + timedelta(days=1):
        return [
            on_declaration(
                "company.effective_date.future",
                "D22",
                f"the effective date {shown} is in the future; "
                "enter the date this declaration takes effect (today or earlier).",
            )
        ]
    if d.effective_date < EARLIEST_DATE:
        return [
            on_declaration(
                "company.effective_date.too_old",
                "D22",
                f"the effective date {shown} is before 31-Dec-2006, which the template does not allow; check the year.",
            )
        ]
    if d.effective_date < today - timedelta(days=730):
        return [
            on_declaration(
                "company.effective_date.stale",
                "D22",
                f"the effective date {shown} is more than two years old; please send a current declaration.",
            )
        ]
    return []
