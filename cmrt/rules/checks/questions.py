"""Questions 1-8 per metal and the company questions A-H: required answers, dropdown values, the URL for B."""

from __future__ import annotations

import re

from ... import layout
from ...model import COMPANY_QUESTION_KEYS, METAL_LABELS, METALS, Finding, InspectionResult
from ...questions import QUESTION_TEXT, Scope
from ...text import gettext_noop
from .findings import on_declaration

QUESTION_VALUES = layout.QUESTION_VALUES
E_VALUES = layout.E_VALUES
COMPANY_VALUES = layout.COMPANY_VALUES
# Question B asks for "the URL" of the published policy (CMRT_FORMAT.md §2.4): a web address with a
# scheme, starting with www., or a bare domain with a path ("example.com/policy"). Words around it
# ("Yes, see https://...") are fine; words alone ("In all subcon's website") are not.
URL_RE = re.compile(
    r"(?:https?://|www\.)\S+|\b[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}/\S*|\b[a-z0-9-]+\.(?:com|org|net)\b",
    re.IGNORECASE,
)


def check_questions(result: InspectionResult) -> list[Finding]:
    out: list[Finding] = []
    for metal in METALS:
        label = METAL_LABELS[metal]
        answers = result.questions[metal]
        q1 = answers["1"]
        scope = result.scope_of(metal)
        for q, allowed in QUESTION_VALUES.items():
            value = answers[q]
            cell = layout.question_cell(q, metal)
            if value is not None:
                if value not in allowed:  # the reader already matched case-insensitively
                    out.append(
                        on_declaration(
                            "question.answer.invalid",
                            cell,
                            gettext_noop(
                                "the answer to question {q} for {label} "
                                "is '{value}', which is not an option; choose one of: {allowed}."
                            ),
                            {"q": q, "label": label, "value": value, "allowed": ", ".join(allowed)},
                            metal,
                        )
                    )
                if q == "2" and q1 == "No" or q not in ("1", "2") and scope is Scope.OUT:
                    out.append(
                        on_declaration(
                            "question.answer.not_applicable",
                            cell,
                            gettext_noop(
                                "question {q} is answered for "
                                "{label}, but {label} is declared out of scope (question 1 or 2 is 'No'); "
                                "the answer will be ignored. Clear it or correct questions 1 and 2."
                            ),
                            {"q": q, "label": label},
                            metal,
                        )
                    )
                continue
            if q == "1":
                out.append(
                    on_declaration(
                        "question.q1.missing",
                        cell,
                        gettext_noop(
                            "question 1 ({question}) is not answered for {label}; answer Yes or No. "
                            "Unless it is 'No', questions 2 to 8 must then be answered for {label} too."
                        ),
                        {"question": QUESTION_TEXT["1"], "label": label},
                        metal,
                    )
                )
            elif q == "2":
                if q1 != "No":
                    out.append(
                        on_declaration(
                            "question.q2.missing",
                            cell,
                            gettext_noop(
                                "question 2 ({question}) is not "
                                "answered for {label}; answer Yes or No (it is required unless question 1 "
                                "is 'No' for {label}). Unless it is 'No', questions 3 to 8 must then be answered "
                                "too."
                            ),
                            {"question": QUESTION_TEXT["2"], "label": label},
                            metal,
                        )
                    )
            elif scope is Scope.IN and q1 == "Yes" and answers["2"] == "Yes":
                # While question 1 or 2 is unanswered, its own finding says that 3-8 follow; listing
                # each of them too would bury that one instruction under six more lines per metal.
                out.append(
                    on_declaration(
                        "question.answer.missing",
                        cell,
                        gettext_noop(
                            "question {q} ({question}) is not answered for {label}, which is in scope "
                            "(questions 1 and 2 are 'Yes'); choose one of: {allowed}."
                        ),
                        {"q": q, "question": QUESTION_TEXT[q], "label": label, "allowed": ", ".join(allowed)},
                        metal,
                    )
                )
    return out


def check_company_questions(result: InspectionResult) -> list[Finding]:
    out: list[Finding] = []
    # Like the template's Checker, A-H are asked until every metal is declared out of scope: a metal whose
    # questions 1 and 2 are still blank is not in scope yet, but may turn out to be.
    required = any(result.scope_of(m) is not Scope.OUT for m in METALS)
    for key in COMPANY_QUESTION_KEYS:
        row = layout.COMPANY_QUESTION_ROWS[key]
        qa = result.company_questions[key]
        allowed = COMPANY_VALUES[key]
        if qa.answer is None:
            if required:
                out.append(
                    on_declaration(
                        "company_question.missing",
                        f"D{row}",
                        gettext_noop("company question {key} is not answered; choose one of: {allowed}."),
                        {"key": key, "allowed": ", ".join(allowed)},
                    )
                )
            continue
        if qa.answer not in allowed:
            out.append(
                on_declaration(
                    "company_question.invalid",
                    f"D{row}",
                    gettext_noop(
                        "the answer to company question {key} is "
                        "'{value}', which is not an option; choose one of: {allowed}."
                    ),
                    {"key": key, "value": qa.answer, "allowed": ", ".join(allowed)},
                )
            )
    b = result.company_questions["B"]
    if b.answer == "Yes" and len(b.comment or "") <= 1:
        out.append(
            on_declaration(
                "company_question.b_url.missing",
                "G77",
                gettext_noop(
                    "question B says your sourcing policy is on your "
                    "website; enter its web address (URL) in the comment field G77."
                ),
            )
        )
    elif b.answer == "Yes" and not URL_RE.search(b.comment or ""):
        out.append(
            on_declaration(
                "company_question.b_url.not_a_url",
                "G77",
                gettext_noop(
                    "question B says your sourcing policy is on your website, but the comment "
                    "'{value}' is not a web address; enter the policy's URL in G77 "
                    "(e.g. https://www.example.com/policy)."
                ),
                {"value": b.comment},
            )
        )
    e = result.company_questions["E"]
    if e.answer == E_VALUES[1] and not e.comment:
        out.append(
            on_declaration(
                "company_question.e_comment.missing",
                "G83",
                gettext_noop(
                    "question E says you survey suppliers using "
                    "another format; describe that format in the comment field G83."
                ),
            )
        )
    return out
