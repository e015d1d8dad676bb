"""The rule catalogue: every finding the library can report, with a stable code and a severity.

Each rule has a stable code (used by the portal, tests and suppliers' support tickets), a
severity (`error` makes the declaration invalid, `warning` does not) and a summary; the checks
(`checks/`) write the message itself for a supplier who has never seen this code: which tab,
which cell, what to change.

Three groups:
* refusals (`file.*`, `template.*` errors): the workbook is not read at all (texts in `refusals.py`);
* the template's own Checker (CMRT_FORMAT.md §3): required fields and gating of Q1-Q8, A-H,
  the product list and the smelter list;
* what the Checker misses: values outside the dropdowns, malformed e-mails, implausible dates,
  smelters for metals declared out of scope, Smelter ID format, duplicates, contradictions.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..model import Severity


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
    # -- the campaign's checks (cmrt.campaign: they need the campaign's facts) ----------------------
    Rule("campaign.version_below_minimum", "error", "The CMRT version is older than the campaign's minimum."),
    Rule("campaign.company_name_differs", "warning", "The company name differs markedly from the supplier's."),
    Rule(
        "campaign.effective_date_outside_period",
        "warning",
        "The effective date (D22) lies outside the reporting period's window.",
    ),
]
RULES: dict[str, Rule] = {r.code: r for r in _RULES}
