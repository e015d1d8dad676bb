"""Turn a submission's stored result (the cmrt_inspect JSON) into what the pages show."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext, pgettext
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

import cmrt
from cmrt import METALS
from cmrt.text import TRANSLATED_PARAMS, join_items, render
from surveys.models import Submission

# The template's wording lives in the library (marked there for makemessages); the page shows it translated.
QUESTIONS = {n: _(text) for n, text in cmrt.QUESTION_TEXT.items()}
COMPANY_QUESTIONS = {key: _(text) for key, text in cmrt.COMPANY_QUESTION_TEXT.items()}
DECLARATION_LABELS = {
    "company_name": _("Company name"),
    "scope": _("Declaration scope"),
    "scope_description": _("Description of scope"),
    "unique_id": _("Company unique ID"),
    "unique_id_authority": _("Unique ID authority"),
    "address": _("Address"),
    "contact_name": _("Contact name"),
    "contact_email": _("Contact e-mail"),
    "contact_phone": _("Contact phone"),
    "authorizer": _("Authorizer"),
    "authorizer_title": _("Authorizer title"),
    "authorizer_email": _("Authorizer e-mail"),
    "authorizer_phone": _("Authorizer phone"),
    "effective_date": _("Effective date"),
}
SCOPES = {
    "A": _("A. Company"),
    "B": _("B. Product (or List of Products)"),
    "C": _("C. User defined"),
}
SHEET_ORDER = ["(file)", "Declaration", "Smelter List", "Product List"]
# The tabs' names as the RMI's translated templates give them ("申报", "冶炼厂列表", "产品列表").
SHEET_LABELS = {
    "Declaration": _("Declaration"),
    "Smelter List": _("Smelter List"),
    "Product List": _("Product List"),
}
METAL_NAMES = {"tantalum": _("Tantalum"), "tin": _("Tin"), "gold": _("Gold"), "tungsten": _("Tungsten")}


@dataclass
class FindingGroup:
    sheet: str
    findings: list[dict[str, Any]] = field(default_factory=list)

    @property
    def label(self) -> str:
        return str(SHEET_LABELS.get(self.sheet, self.sheet))


@dataclass(frozen=True)
class Answer:
    """One answer to questions 1-8 for one metal, with the supplier's comment and whether it signals risk."""

    value: str | None
    comment: str | None = None
    risky: bool = False


# Answers that say 3TG may come from where the due-diligence rules look hardest: Q3 (the Covered
# Countries) and Q4 (conflict-affected and high-risk areas); "Unknown" is no reassurance either.
RISKY_ANSWERS = {"3": ("Yes", "Unknown"), "4": ("Yes", "Unknown")}


@dataclass
class SubmissionReport:
    errors: list[FindingGroup]
    warnings: list[FindingGroup]
    # Labels and question texts stay lazy (translated when the page renders).
    declaration: list[tuple[StrOrPromise, Any]]
    questions: list[tuple[str, StrOrPromise, list[Answer]]]
    company_questions: list[tuple[str, StrOrPromise, Any, Any]]
    smelters: list[dict[str, Any]]
    products: list[dict[str, Any]]
    metals: tuple[str, ...] = METALS
    metal_names: dict[str, Any] = field(default_factory=lambda: dict(METAL_NAMES))
    in_scope: dict[str, bool] = field(default_factory=dict)
    # False while no smelter reference list has been imported: then no row can be matched at all.
    reference_loaded: bool = True
    matched_rows: bool = False  # the rows were recorded for a supplier and matched

    @property
    def has_matches(self) -> bool:
        return self.matched_rows and self.reference_loaded

    # What the page counts is what it lists: one line may stand for the same finding on several rows.
    @property
    def error_lines(self) -> int:
        return sum(len(g.findings) for g in self.errors)

    @property
    def error_findings(self) -> int:
        return sum(len(f["places"]) or 1 for g in self.errors for f in g.findings)

    @property
    def warning_lines(self) -> int:
        return sum(len(g.findings) for g in self.warnings)

    @property
    def warning_findings(self) -> int:
        return sum(len(f["places"]) or 1 for g in self.warnings for f in g.findings)

    @property
    def risky_answers(self) -> list[tuple[str, str, str]]:
        """(question number, answer, "Tin and Gold") for the Q3/Q4 answers that signal risk, one line per
        question and answer, naming the in-scope metals that gave it."""
        grouped: dict[tuple[str, str], list[str]] = {}
        for n, _text, answers in self.questions:
            for metal, answer in zip(self.metals, answers, strict=True):
                if answer.risky and self.in_scope.get(metal):
                    grouped.setdefault((n, answer.value or ""), []).append(str(METAL_NAMES[metal]))
        return [(n, value, _metal_list(metals)) for (n, value), metals in grouped.items()]

    @property
    def risk_counts(self) -> list[tuple[str, str, int]]:
        """(flag, label, number of smelter rows) for each risk flag of the matched smelters."""
        from smelters.selectors import Risk

        counts: dict[str, int] = defaultdict(int)
        for row in self.smelters:
            for flag in row["matched"].risks if row.get("matched") else []:
                counts[flag] += 1
        return [(flag, str(label), counts[flag]) for flag, label in Risk.LABELS.items() if counts.get(flag)]

    @property
    def unmatched_rows(self) -> int:
        if not self.reference_loaded:
            return 0  # nothing could be matched yet; the smelter table says so once
        return sum(1 for row in self.smelters if row.get("matched") and not row["matched"].match.smelter)


def _metal_list(metals: list[str]) -> str:
    return join_items(metals, gettext(" and "), pgettext("between the items of a list", ", "))


def finding_text(finding: dict[str, Any]) -> str:
    """A finding's message in the active language, without its tab and cell (the page shows those apart).

    Rendered from the template and parameters the library keeps (cmrt/text.py): `gettext(template)`,
    with the library's own words among the parameters (a metal, a question) translated too. A result
    stored before findings kept their template shows its English message.
    """
    template = finding.get("template")
    if not template:
        return _without_location(finding["message"])
    params = {
        key: gettext(value) if key in TRANSLATED_PARAMS and isinstance(value, str) else value
        for key, value in (finding.get("params") or {}).items()
    }
    list_words = {"and_": gettext(" and "), "comma": pgettext("between the items of a list", ", ")}
    try:
        text = render(gettext(template), params, **list_words)
    except (KeyError, IndexError, ValueError):  # a translation that names a field the template lacks
        text = render(template, params)
    return text[:1].upper() + text[1:]


def _position(finding: dict[str, Any]) -> tuple[int, int, str]:
    """Sort key in reading order: D8 before D15 (row number, then column), not text order."""
    match = re.fullmatch(r"([A-Z]+)(\d+)", finding.get("cell") or "")
    row = int(match.group(2)) if match else (finding.get("row") or 0)
    column = match.group(1) if match else ""
    return (row, len(column), column)


_LOCATION_PREFIX = re.compile(r"^[\w ]+ tab(?:, (?:cell [A-Z]+\d+|row \d+)(?:, [\w ]+)?)?: ")


def _without_location(message: str) -> str:
    """The messages name their tab and cell so they stand alone (e-mail, CLI); on the page the group
    heading and the cell badge already say where, so the prefix is dropped there."""
    short = _LOCATION_PREFIX.sub("", message, count=1)
    return short[:1].upper() + short[1:] if short != message else message


def _group(findings: list[dict[str, Any]]) -> list[FindingGroup]:
    groups: dict[str, FindingGroup] = defaultdict(lambda: FindingGroup(sheet=""))
    for finding in findings:
        finding = {
            **finding,
            "display": finding_text(finding),
            "metal_name": METAL_NAMES.get(finding.get("metal") or "", finding.get("metal")),
        }
        sheet = finding.get("sheet") or "(file)"
        groups[sheet].sheet = sheet
        groups[sheet].findings.append(finding)
    order = {name: i for i, name in enumerate(SHEET_ORDER)}
    for group in groups.values():
        group.findings = _merge_repeats(sorted(group.findings, key=_position))
    return sorted(groups.values(), key=lambda g: order.get(g.sheet, len(order)))


def _merge_repeats(findings: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One line for the same finding on several rows ("rows 39, 45, 48"), in reading order."""
    merged: dict[tuple[Any, ...], dict[str, Any]] = {}
    for finding in findings:
        key = (finding["code"], finding["display"], finding.get("metal"))
        place = finding.get("cell") or (gettext("row %(row)s") % {"row": finding["row"]} if finding.get("row") else "")
        if key in merged:
            merged[key]["places"].append(place)
        else:
            merged[key] = {**finding, "places": [place] if place else []}
    return list(merged.values())


def submission_report(
    submission: Submission, *, matches: dict[int, Any] | None = None, reference_loaded: bool = True
) -> SubmissionReport | None:
    """None until the submission has been read; `matches` (row → smelter match, None when the rows were
    not recorded) adds the matched SORs with their status and risk flags."""
    result = submission.result
    if not result:
        return None
    findings = result.get("findings", [])
    questions = result.get("questions", {})
    comments = result.get("question_comments", {})  # absent in results stored before comments were kept
    in_scope = {m: cmrt.metal_in_scope(questions.get(m, {}).get("1"), questions.get(m, {}).get("2")) for m in METALS}

    def answer(n: str, metal: str) -> Answer:
        value = questions.get(metal, {}).get(n)
        # An answer for a metal out of scope is ignored (the rules say so), so it signals no risk either.
        risky = in_scope[metal] and value in RISKY_ANSWERS.get(n, ())
        return Answer(value, (comments.get(metal) or {}).get(n), risky)

    return SubmissionReport(
        errors=_group([f for f in findings if f["severity"] == "error"]),
        warnings=_group([f for f in findings if f["severity"] != "error"]),
        declaration=[
            (label, SCOPES.get(value, value) if key == "scope" else value)
            for key, label in DECLARATION_LABELS.items()
            for value in [result.get("declaration", {}).get(key)]
        ],
        questions=[(n, text, [answer(n, m) for m in METALS]) for n, text in QUESTIONS.items()],
        company_questions=[
            (
                key,
                text,
                (result.get("company_questions", {}).get(key) or {}).get("answer"),
                (result.get("company_questions", {}).get(key) or {}).get("comment"),
            )
            for key, text in COMPANY_QUESTIONS.items()
        ],
        smelters=[{**row, "matched": (matches or {}).get(row["row"])} for row in result.get("smelters", [])],
        products=result.get("products", []),
        in_scope=in_scope,
        reference_loaded=reference_loaded,
        matched_rows=matches is not None,
    )
