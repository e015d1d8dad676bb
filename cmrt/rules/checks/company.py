"""The company block of the Declaration tab (D8-D22): required fields, placeholders, e-mails and the date."""

from __future__ import annotations

import re
from datetime import date, timedelta

from ...model import Finding, InspectionResult
from ...text import gettext_noop
from .findings import EMAIL_RE, on_declaration

EARLIEST_DATE = date(2006, 12, 31)  # the template's own data validation lower bound


def check_company(result: InspectionResult, today: date) -> list[Finding]:
    d = result.declaration
    out: list[Finding] = []
    if not d.company_name:
        out.append(
            on_declaration(
                "company.name.missing",
                "D8",
                gettext_noop("the company name is empty; enter your company's legal name."),
            )
        )
    if not d.scope_raw:
        out.append(
            on_declaration(
                "company.scope.missing",
                "D9",
                gettext_noop(
                    "choose the declaration scope from the dropdown "
                    "(A. Company, B. Product (or List of Products) or C. User defined)."
                ),
            )
        )
    elif d.scope is None:
        out.append(
            on_declaration(
                "company.scope.invalid",
                "D9",
                gettext_noop(
                    "'{value}' is not a scope the template offers; "
                    "choose A. Company, B. Product (or List of Products) or C. User defined from the dropdown."
                ),
                {"value": d.scope_raw},
            )
        )
    if d.scope == "C" and not d.scope_description:
        out.append(
            on_declaration(
                "company.scope_description.missing",
                "D10",
                gettext_noop(
                    "scope C (user defined) is selected, so "
                    "describe the scope of this declaration in 'Description of Scope'."
                ),
            )
        )
    elif is_placeholder(d.company_name):
        out.append(
            on_declaration(
                "company.name.placeholder",
                "D8",
                gettext_noop(
                    "'{value}' looks like a placeholder, not a company name; enter your company's legal name."
                ),
                {"value": d.company_name},
            )
        )
    if not d.contact_name:
        out.append(
            on_declaration(
                "company.contact_name.missing",
                "D15",
                gettext_noop("the contact name is empty; enter the person we can ask about this declaration."),
            )
        )
    elif is_placeholder(d.contact_name):
        out.append(
            on_declaration(
                "company.contact_name.placeholder",
                "D15",
                gettext_noop(
                    "'{value}' looks like a placeholder, not a person; "
                    "enter the name of the person we can ask about this declaration."
                ),
                {"value": d.contact_name},
            )
        )
    out += _email(d.contact_email, "D16", CONTACT_EMAIL, "company.contact_email")
    if not d.contact_phone:
        out.append(
            on_declaration(
                "company.contact_phone.missing", "D17", gettext_noop("the contact phone number is empty; enter it.")
            )
        )
    elif is_placeholder_phone(d.contact_phone):
        out.append(
            on_declaration(
                "company.contact_phone.placeholder",
                "D17",
                gettext_noop("'{value}' is not a phone number we can call; enter the contact's real number."),
                {"value": d.contact_phone},
            )
        )
    if not d.authorizer:
        out.append(
            on_declaration(
                "company.authorizer.missing",
                "D18",
                gettext_noop("the authorizer is empty; enter the name of the person who authorizes this declaration."),
            )
        )
    elif is_placeholder(d.authorizer) or d.authorizer.strip(" .").casefold() in SAME_WORDS:
        out.append(
            on_declaration(
                "company.authorizer.placeholder",
                "D18",
                gettext_noop(
                    "'{value}' is not a name; enter the authorizer's name even if it is the same person as the contact."
                ),
                {"value": d.authorizer},
            )
        )
    out += _email(d.authorizer_email, "D20", AUTHORIZER_EMAIL, "company.authorizer_email")
    # The authorizer phone is optional, so "N/A" there is an honest answer; only a dummy number is flagged.
    if d.authorizer_phone and _dummy_digits(d.authorizer_phone):
        out.append(
            on_declaration(
                "company.authorizer_phone.placeholder",
                "D21",
                gettext_noop("'{value}' is not a phone number we can call; enter the real number or leave it empty."),
                {"value": d.authorizer_phone},
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


# The e-mail messages, once for the contact and once for the authorizer (a whole sentence each, which a
# translator needs: "contact" and "authorizer" alone do not translate into the sentence).
CONTACT_EMAIL = (
    gettext_noop("the contact e-mail is empty; enter an address such as name@company.com."),
    gettext_noop("the contact e-mail '{value}' has no @; enter a valid address such as name@company.com."),
    gettext_noop(
        "the contact e-mail '{value}' is not a valid address; correct it "
        "(e.g. name@company.com, one address only, no commas or spaces)."
    ),
)
AUTHORIZER_EMAIL = (
    gettext_noop("the authorizer e-mail is empty; enter an address such as name@company.com."),
    gettext_noop("the authorizer e-mail '{value}' has no @; enter a valid address such as name@company.com."),
    gettext_noop(
        "the authorizer e-mail '{value}' is not a valid address; correct it "
        "(e.g. name@company.com, one address only, no commas or spaces)."
    ),
)


def _email(value: str | None, cell: str, texts: tuple[str, str, str], code: str) -> list[Finding]:
    empty, no_at, malformed = texts
    if not value:
        return [on_declaration(f"{code}.missing", cell, empty)]
    if "@" not in value:
        # The template's Checker only tests for an @, and so counts this field as missing.
        return [on_declaration(f"{code}.missing", cell, no_at, {"value": value})]
    if not EMAIL_RE.match(value):
        return [on_declaration(f"{code}.malformed", cell, malformed, {"value": value})]
    return []


def _effective_date(result: InspectionResult, today: date) -> list[Finding]:
    d = result.declaration
    if d.effective_date is None:
        if d.effective_date_raw:
            return [
                on_declaration(
                    "company.effective_date.invalid",
                    "D22",
                    gettext_noop("'{value}' is not a date; enter the effective date as DD-MMM-YYYY, e.g. 10-May-2024."),
                    {"value": d.effective_date_raw},
                )
            ]
        return [
            on_declaration(
                "company.effective_date.missing",
                "D22",
                gettext_noop("the effective date is empty; enter it as DD-MMM-YYYY, e.g. 10-May-2024."),
            )
        ]
    shown = d.effective_date.strftime("%d-%b-%Y")
    if d.effective_date > today + timedelta(days=1):
        return [
            on_declaration(
                "company.effective_date.future",
                "D22",
                gettext_noop(
                    "the effective date {date} is in the future; "
                    "enter the date this declaration takes effect (today or earlier)."
                ),
                {"date": shown},
            )
        ]
    if d.effective_date < EARLIEST_DATE:
        return [
            on_declaration(
                "company.effective_date.too_old",
                "D22",
                gettext_noop(
                    "the effective date {date} is before 31-Dec-2006, which the template does not allow; "
                    "check the year."
                ),
                {"date": shown},
            )
        ]
    if d.effective_date < today - timedelta(days=730):
        return [
            on_declaration(
                "company.effective_date.stale",
                "D22",
                gettext_noop(
                    "the effective date {date} is more than two years old; please send a current declaration."
                ),
                {"date": shown},
            )
        ]
    return []
