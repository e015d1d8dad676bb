"""The Declaration tab's questions: their wording, and the one definition of a metal *in scope*.

The wording is the template's own English (CMRT_FORMAT.md §2.2, without the "1)" and "(*)" decoration).
The strings are marked with `gettext_noop` (a no-op here: the library imports no Django) so that Django's
`makemessages` collects them; a page shows them through `gettext`/`gettext_lazy`, and the rules' messages,
the command line and the JSON keep the English.
"""

from __future__ import annotations

from enum import Enum

from .text import gettext_noop

QUESTION_TEXT: dict[str, str] = {
    "1": gettext_noop("Is any 3TG intentionally added or used in the product(s) or in the production process?"),
    "2": gettext_noop("Does any 3TG remain in the product(s)?"),
    "3": gettext_noop("Do any of the smelters in your supply chain source the 3TG from the covered countries?"),
    "4": gettext_noop(
        "Do any of the smelters in your supply chain source the 3TG from conflict-affected and high-risk areas?"
    ),
    "5": gettext_noop("Does 100 percent of the 3TG originate from recycled or scrap sources?"),
    "6": gettext_noop("What percentage of relevant suppliers have provided a response to your supply chain survey?"),
    "7": gettext_noop("Have you identified all of the smelters supplying the 3TG to your supply chain?"),
    "8": gettext_noop(
        "Has all applicable smelter information received by your company been reported in this declaration?"
    ),
}
COMPANY_QUESTION_TEXT: dict[str, str] = {
    "A": gettext_noop("Have you established a responsible minerals sourcing policy?"),
    "B": gettext_noop("Is your responsible minerals sourcing policy publicly available on your website?"),
    "C": gettext_noop("Do you require your direct suppliers to source the 3TG from audited smelters?"),
    "D": gettext_noop("Have you implemented due diligence measures for responsible sourcing?"),
    "E": gettext_noop("Does your company conduct Conflict Minerals survey(s) of your relevant supplier(s)?"),
    "F": gettext_noop("Do you review due diligence information received from your suppliers?"),
    "G": gettext_noop("Does your review process include corrective action management?"),
    "H": gettext_noop("Is your company required to file an annual conflict minerals disclosure?"),
}


class Scope(Enum):
    """What questions 1 and 2 say about one metal."""

    IN = "in"  # question 1 or 2 is "Yes" and neither is "No"
    OUT = "out"  # question 1 or 2 is "No": the metal is declared out of scope
    UNDECIDED = "undecided"  # neither "Yes" nor "No" yet (blank, or a value outside the dropdown)


def metal_scope(q1: str | None, q2: str | None) -> Scope:
    """The one definition (DOMAIN.md): a metal is in scope when question 1 or 2 is answered "Yes" for it
    and neither is "No". "Yes"/"No" (used, but does not remain in the product) is out of scope."""
    answers = (q1, q2)
    if "No" in answers:
        return Scope.OUT
    if "Yes" in answers:
        return Scope.IN
    return Scope.UNDECIDED


def metal_in_scope(q1: str | None, q2: str | None) -> bool:
    """Whether a metal is in scope by its answers to questions 1 and 2 (see `metal_scope`)."""
    return metal_scope(q1, q2) is Scope.IN
