"""Plain data classes for what is read from a CMRT workbook and what is found wrong with it.

Nothing here knows about files or Django; `InspectionResult.to_dict()` is the JSON shape the
`cmrt_inspect` command prints and the checker page shows.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal

from .questions import Scope, metal_scope

Severity = Literal["error", "warning"]

METALS: tuple[str, ...] = ("tantalum", "tin", "gold", "tungsten")
METAL_LABELS: dict[str, str] = {m: m.capitalize() for m in METALS}
COMPANY_QUESTION_KEYS: tuple[str, ...] = ("A", "B", "C", "D", "E", "F", "G", "H")
DECLARATION_FIELDS: tuple[str, ...] = (
    "company_name",
    "scope",
    "scope_description",
    "unique_id",
    "unique_id_authority",
    "address",
    "contact_name",
    "contact_email",
    "contact_phone",
    "authorizer",
    "authorizer_title",
    "authorizer_email",
    "authorizer_phone",
    "effective_date",
)
SMELTER_FIELDS: tuple[str, ...] = (
    "metal",
    "smelter_id",
    "lookup_name",
    "name",
    "country",
    "source",
    "street",
    "city",
    "state",
    "contact_name",
    "contact_email",
    "next_steps",
    "mine_name",
    "mine_country",
    "recycled_scrap",
    "comments",
)


@dataclass(frozen=True)
class Finding:
    """One problem found in a workbook (or the reason it was refused).

    `message` is the English text, naming its tab and cell so that it stands alone (command line, JSON).
    `template` and `params` are the same text without the tab and cell, as a marked template with named
    fields and their values (see `text.py`): what a page renders in the reader's language.
    """

    code: str
    severity: Severity
    message: str
    sheet: str | None = None
    cell: str | None = None
    row: int | None = None
    metal: str | None = None
    template: str | None = None
    params: dict[str, Any] = field(default_factory=dict, hash=False)

    def to_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "severity": self.severity,
            "sheet": self.sheet,
            "cell": self.cell,
            "row": self.row,
            "metal": self.metal,
            "message": self.message,
            "template": self.template,
            "params": dict(self.params),
        }


@dataclass
class Declaration:
    """The company block of the Declaration tab (D8..D22), normalised to text."""

    company_name: str | None = None
    scope: str | None = None  # "A" | "B" | "C" | None
    scope_raw: str | None = None  # the full dropdown text, for messages
    scope_description: str | None = None
    unique_id: str | None = None
    unique_id_authority: str | None = None
    address: str | None = None
    contact_name: str | None = None
    contact_email: str | None = None
    contact_phone: str | None = None
    authorizer: str | None = None
    authorizer_title: str | None = None
    authorizer_email: str | None = None
    authorizer_phone: str | None = None
    effective_date: date | None = None
    effective_date_raw: str | None = None  # set when the cell holds something that is not a date

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {name: getattr(self, name) for name in DECLARATION_FIELDS}
        out["effective_date"] = self.effective_date.isoformat() if self.effective_date else None
        return out


@dataclass
class CompanyAnswer:
    answer: str | None = None
    comment: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"answer": self.answer, "comment": self.comment}


@dataclass
class SmelterRow:
    """One data row of the Smelter List tab (columns A..Q, standard name from hidden R)."""

    row: int
    metal: str | None = None
    smelter_id: str | None = None
    lookup_name: str | None = None
    name: str | None = None
    country: str | None = None
    source: str | None = None
    street: str | None = None
    city: str | None = None
    state: str | None = None
    contact_name: str | None = None
    contact_email: str | None = None
    next_steps: str | None = None
    mine_name: str | None = None
    mine_country: str | None = None
    recycled_scrap: str | None = None
    comments: str | None = None
    # Not in the JSON shape, kept for the rules:
    id_input: str | None = None  # column A, the typed Smelter ID
    typed_name: str | None = None  # column D as typed (None when the name came from hidden R)

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"row": self.row}
        out.update({name: getattr(self, name) for name in SMELTER_FIELDS})
        return out


@dataclass
class ProductRow:
    row: int
    number: str | None = None
    name: str | None = None
    comment: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"row": self.row, "number": self.number, "name": self.name, "comment": self.comment}


@dataclass(frozen=True)
class LookupRow:
    """One row of the 'Smelter Look-up' tab (the RMI smelter reference shipped in the template)."""

    row: int
    metal: str | None
    lookup_name: str | None
    standard_name: str | None
    country: str | None
    smelter_id: str | None
    source: str | None
    street: str | None
    city: str | None
    state: str | None


@dataclass
class InspectionResult:
    """Everything read from one workbook plus the findings; `refused` means nothing was read."""

    template: str | None = None
    version: str | None = None
    declaration: Declaration = field(default_factory=Declaration)
    questions: dict[str, dict[str, str | None]] = field(
        default_factory=lambda: {m: {str(q): None for q in range(1, 9)} for m in METALS}
    )
    question_comments: dict[str, dict[str, str | None]] = field(
        default_factory=lambda: {m: {str(q): None for q in range(1, 9)} for m in METALS}
    )
    company_questions: dict[str, CompanyAnswer] = field(
        default_factory=lambda: {k: CompanyAnswer() for k in COMPANY_QUESTION_KEYS}
    )
    smelters: list[SmelterRow] = field(default_factory=list)
    products: list[ProductRow] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    refused: bool = False
    # Smelter ID -> metal from the workbook's own Smelter Look-up tab (for the ID rules).
    lookup_metals: dict[str, str] = field(default_factory=dict, repr=False)

    def scope_of(self, metal: str) -> Scope:
        """In, out of or not yet decided on scope, by questions 1 and 2 (`questions.metal_scope`)."""
        return metal_scope(self.questions[metal]["1"], self.questions[metal]["2"])

    @property
    def valid(self) -> bool:
        return not self.refused and not any(f.severity == "error" for f in self.findings)

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "error"]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "warning"]

    def to_dict(self) -> dict[str, Any]:
        return {
            "template": self.template,
            "version": self.version,
            "declaration": self.declaration.to_dict(),
            "questions": {m: dict(answers) for m, answers in self.questions.items()},
            "question_comments": {m: dict(comments) for m, comments in self.question_comments.items()},
            "company_questions": {k: v.to_dict() for k, v in self.company_questions.items()},
            "smelters": [s.to_dict() for s in self.smelters],
            "products": [p.to_dict() for p in self.products],
            "findings": [f.to_dict() for f in self.findings],
            "valid": self.valid,
        }
