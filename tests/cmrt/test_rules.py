"""One test per rule of the catalogue (cmrt/rules/), on workbooks built in code."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from cmrt import RULES, inspect_workbook

from .builders import CHONGYI, XIAMEN, build_cmrt
from .helpers import codes, inspect, only


def test_the_default_built_workbook_is_valid_without_findings():
    result = inspect()
    assert result.findings == []
    assert result.valid


def test_every_rule_in_the_catalogue_has_a_test():
    tests = "".join(p.read_text() for p in Path(__file__).parent.glob("test_*.py"))
    untested = [code for code in RULES if f'"{code}"' not in tests]
    assert untested == []


def test_every_rule_has_a_stable_dotted_code_and_a_known_severity():
    for code, rule in RULES.items():
        assert re.fullmatch(r"[a-z_]+(\.[a-z0-9_]+)+", code)
        assert rule.severity in ("error", "warning")


# -- company block -----------------------------------------------------------------------------
def test_missing_company_name_is_an_error_pointing_at_d8():
    result = inspect(declaration={"company_name": None})
    [f] = only(result, "company.name.missing")
    assert (f.sheet, f.cell, f.severity) == ("Declaration", "D8", "error")
    assert not result.valid


def test_missing_scope_is_an_error():
    assert "company.scope.missing" in codes(inspect(declaration={"scope": None}))


def test_scope_outside_the_dropdown_is_an_error():
    result = inspect(declaration={"scope": "Division level"})
    [f] = only(result, "company.scope.invalid")
    assert "Division level" in f.message


def test_scope_c_without_description_is_an_error():
    result = inspect(declaration={"scope": "C. User defined [Specify in 'Description of scope']"})
    assert [f.cell for f in only(result, "company.scope_description.missing")] == ["D10"]
    assert result.declaration.scope == "C"


def test_scope_c_with_description_is_fine():
    result = inspect(
        declaration={"scope": "C. User defined [Specify in 'Description of scope']", "scope_description": "Division X"}
    )
    assert result.valid


def test_missing_contact_name_is_an_error():
    assert "company.contact_name.missing" in codes(inspect(declaration={"contact_name": None}))


def test_contact_email_without_at_sign_counts_as_missing_like_the_checker():
    result = inspect(declaration={"contact_email": "n/a"})
    [f] = only(result, "company.contact_email.missing")
    assert f.severity == "error" and "'n/a'" in f.message


def test_contact_email_with_a_comma_is_a_warning_that_says_what_to_change():
    result = inspect(declaration={"contact_email": "x,y@z.com"})
    [f] = only(result, "company.contact_email.malformed")
    assert f.severity == "warning"
    assert f.message.startswith("Declaration tab, cell D16: the contact e-mail 'x,y@z.com' is not a valid address")
    assert result.valid


def test_missing_contact_phone_is_an_error():
    assert "company.contact_phone.missing" in codes(inspect(declaration={"contact_phone": None}))


def test_missing_authorizer_is_an_error():
    assert "company.authorizer.missing" in codes(inspect(declaration={"authorizer": None}))


def test_authorizer_written_as_same_is_a_warning():
    assert "company.authorizer.placeholder" in codes(inspect(declaration={"authorizer": "Same"}))


@pytest.mark.parametrize("value", ["ABC", "abc", "N/A", "test", "xxx", "X", "TBD", "-", "..."])
def test_a_placeholder_company_name_is_a_warning(value):
    [f] = only(inspect(declaration={"company_name": value}), "company.name.placeholder")
    assert (f.cell, f.severity) == ("D8", "warning")


@pytest.mark.parametrize("value", ["ABC Metals Ltd.", "Xiamen Tungsten", "Test Industries GmbH", "3M", "NA Corp"])
def test_a_real_company_name_that_contains_a_placeholder_word_is_fine(value):
    assert only(inspect(declaration={"company_name": value}), "company.name.placeholder") == []


def test_a_placeholder_contact_name_is_a_warning():
    [f] = only(inspect(declaration={"contact_name": "ABC"}), "company.contact_name.placeholder")
    assert f.cell == "D15" and "'ABC'" in f.message


def test_authorizer_written_as_abc_is_a_placeholder_warning():
    assert "company.authorizer.placeholder" in codes(inspect(declaration={"authorizer": "ABC"}))


@pytest.mark.parametrize("phone", ["+0000000000", "1111111", "123456789", "N/A", "test"])
def test_a_dummy_contact_phone_is_a_warning(phone):
    [f] = only(inspect(declaration={"contact_phone": phone}), "company.contact_phone.placeholder")
    assert f.cell == "D17"


@pytest.mark.parametrize("phone", ["+49 30 123456", "82-10-9656-9674", "+81-3-3259-7226", "(555) 010-0000"])
def test_a_real_contact_phone_is_fine(phone):
    assert only(inspect(declaration={"contact_phone": phone}), "company.contact_phone.placeholder") == []


def test_a_dummy_authorizer_phone_is_a_warning_but_not_applicable_is_an_honest_answer():
    assert "company.authorizer_phone.placeholder" in codes(inspect(declaration={"authorizer_phone": "+0000000000"}))
    assert "company.authorizer_phone.placeholder" not in codes(inspect(declaration={"authorizer_phone": "N/A"}))


def test_missing_authorizer_email_is_an_error():
    assert "company.authorizer_email.missing" in codes(inspect(declaration={"authorizer_email": None}))


def test_malformed_authorizer_email_is_a_warning():
    assert "company.authorizer_email.malformed" in codes(inspect(declaration={"authorizer_email": "b @x.com"}))


def test_missing_effective_date_is_an_error():
    assert "company.effective_date.missing" in codes(inspect(declaration={"effective_date": None}))


def test_effective_date_text_that_is_not_a_date_is_an_error():
    result = inspect(declaration={"effective_date": "sometime in May"})
    [f] = only(result, "company.effective_date.invalid")
    assert "sometime in May" in f.message


def test_effective_date_in_the_future_is_an_error():
    assert "company.effective_date.future" in codes(inspect(declaration={"effective_date": datetime(2027, 1, 1)}))


def test_effective_date_before_2007_is_an_error():
    assert "company.effective_date.too_old" in codes(inspect(declaration={"effective_date": datetime(2001, 1, 1)}))


def test_effective_date_more_than_two_years_old_is_a_warning():
    result = inspect(declaration={"effective_date": datetime(2023, 1, 1)})
    assert "company.effective_date.stale" in codes(result)
    assert result.valid


def test_effective_date_goes_stale_after_exactly_730_days():
    data = build_cmrt(declaration={"effective_date": datetime(2026, 1, 15)})
    for days_old, stale in ((729, False), (730, False), (731, True)):
        today = date(2026, 1, 15) + timedelta(days=days_old)
        found = "company.effective_date.stale" in codes(inspect_workbook(data, today=today))
        assert found is stale, f"{days_old} days old"


# -- questions 1-8 -------------------------------------------------------------------------------
def test_q1_unanswered_is_an_error_per_metal():
    result = inspect(questions={"gold": {"1": None}})
    [f] = only(result, "question.q1.missing")
    assert (f.cell, f.metal) == ("D28", "gold")


def test_q2_is_required_unless_q1_is_no():
    result = inspect(questions={"tungsten": {"2": None}})
    assert [f.cell for f in only(result, "question.q2.missing")] == ["D35"]
    assert "question.q2.missing" not in codes(inspect())  # tantalum Q1 = No, Q2 blank: fine


def test_q3_to_q8_are_required_for_a_metal_in_scope():
    result = inspect(questions={"tungsten": {"3": None, "8": None}})
    assert [f.cell for f in only(result, "question.answer.missing")] == ["D41", "D71"]


def test_q3_to_q8_are_not_required_when_q2_is_no():
    result = inspect(
        questions={"tungsten": {"2": "No", "3": None, "4": None, "5": None, "6": None, "7": None, "8": None}},
        smelters=[],
    )
    assert "question.answer.missing" not in codes(result)
    # Q2 'No' takes tungsten out of scope, so no tungsten smelter rows are required either.
    assert only(result, "smelter_list.metal.missing") == []
    assert result.valid, result.findings


def test_blank_q1_still_asks_for_the_metals_answers_and_smelters_like_the_checker():
    result = inspect(questions={"gold": {"1": None}})
    [q1] = only(result, "question.q1.missing")
    assert q1.cell == "D28" and "questions 2 to 8 must then be answered for Gold" in q1.message
    assert "gold" in [f.metal for f in only(result, "smelter_list.metal.missing")]


def test_questions_3_to_8_are_not_listed_one_by_one_while_question_1_or_2_is_unanswered():
    result = inspect(questions={"gold": {"1": None}, "tin": {"1": "Yes", "2": None}})
    assert [f.metal for f in only(result, "question.answer.missing")] == []
    assert only(result, "question.q2.missing")[0].metal == "tin"
    assert result.valid is False


def test_an_answer_outside_the_dropdown_is_an_error():
    result = inspect(questions={"tungsten": {"3": "Maybe"}})
    [f] = only(result, "question.answer.invalid")
    assert f.cell == "D41" and "Maybe" in f.message and "Yes, No, Unknown" in f.message


def test_an_answer_for_an_out_of_scope_metal_is_a_warning():
    result = inspect(questions={"gold": {"3": "Yes"}})
    [f] = only(result, "question.answer.not_applicable")
    assert (f.cell, f.severity) == ("D40", "warning")


# -- company questions A-H -------------------------------------------------------------------------
def test_company_questions_are_required_when_a_metal_is_in_scope():
    result = inspect(company={"C": (None, None)})
    assert [f.cell for f in only(result, "company_question.missing")] == ["D79"]


def test_company_questions_are_optional_when_every_metal_is_out_of_scope():
    result = inspect(
        questions={
            "tungsten": {"1": "No", "2": None, "3": None, "4": None, "5": None, "6": None, "7": None, "8": None}
        },
        company={k: (None, None) for k in "ABCDEFGH"},
        smelters=[],
    )
    assert result.valid, result.findings


def test_company_question_outside_the_dropdown_is_an_error():
    assert "company_question.invalid" in codes(inspect(company={"H": ("Yes", None)}))


def test_question_b_yes_without_url_is_an_error():
    result = inspect(company={"B": ("Yes", None)})
    [f] = only(result, "company_question.b_url.missing")
    assert f.cell == "G77"


@pytest.mark.parametrize("comment", ["In all subcon's website", "Yes", "on our homepage", "see website"])
def test_question_b_yes_with_words_instead_of_a_url_is_a_warning(comment):
    [f] = only(inspect(company={"B": ("Yes", comment)}), "company_question.b_url.not_a_url")
    assert (f.cell, f.severity) == ("G77", "warning") and comment in f.message


@pytest.mark.parametrize(
    "comment",
    [
        "https://www.skspecialty.com/new/kor/html/sustainability/supplychain.asp",
        "Yes, www.example.com/policy",
        "Yes: http://example.com",
        "example.com/conflict-minerals",
        "example.com",
    ],
)
def test_question_b_yes_with_a_url_is_fine(comment):
    assert only(inspect(company={"B": ("Yes", comment)}), "company_question.b_url.not_a_url") == []


def test_question_b_no_needs_no_url():
    assert only(inspect(company={"B": ("No", "not published")}), "company_question.b_url.not_a_url") == []


def test_question_e_other_format_without_description_is_a_warning():
    assert "company_question.e_comment.missing" in codes(
        inspect(company={"E": ("Yes, using other format (describe)", None)})
    )


# -- Product List --------------------------------------------------------------------------------
def test_scope_b_without_products_is_an_error():
    result = inspect(declaration={"scope": "B. Product (or List of Products)"})
    [f] = only(result, "product_list.missing")
    assert (f.sheet, f.cell) == ("Product List", "B6")


def test_scope_b_with_a_product_number_is_fine():
    result = inspect(declaration={"scope": "B. Product (or List of Products)"}, products=[("P-1", "Widget", None)])
    assert result.valid and result.products[0].number == "P-1"


def test_a_product_without_number_is_a_warning():
    result = inspect(products=[("P-1", "Bolt", None), (None, "WF6", "For WF6 gas")])
    [f] = only(result, "product.number.missing")
    assert (f.row, f.severity) == (7, "warning")


def test_a_missing_first_product_number_under_scope_b_is_one_error_not_an_error_and_a_warning():
    result = inspect(declaration={"scope": "B. Product (or List of Products)"}, products=[(None, "WF6", None)])
    assert [(f.code, f.cell) for f in result.findings] == [("product_list.missing", "B6")]


# -- Smelter List --------------------------------------------------------------------------------
def test_a_metal_in_scope_without_smelter_rows_is_an_error():
    result = inspect(smelters=[])
    [f] = only(result, "smelter_list.metal.missing")
    assert f.metal == "tungsten"


def test_a_row_without_lookup_does_not_count_for_its_metal():
    result = inspect(smelters=[{"metal": "Tungsten"}])
    assert "smelter.lookup.missing" in codes(result)
    assert "smelter_list.metal.missing" in codes(result)


def test_a_row_without_metal_is_an_error():
    result = inspect(smelters=[XIAMEN, {"lookup_name": "Alpha"}])
    [f] = only(result, "smelter.metal.missing")
    assert f.row == 6


def test_a_metal_that_is_not_3tg_is_an_error():
    assert "smelter.metal.invalid" in codes(inspect(smelters=[XIAMEN, {"metal": "Cobalt", "lookup_name": "X"}]))


def test_smelter_not_listed_needs_name_and_country():
    result = inspect(smelters=[XIAMEN, {"metal": "Tungsten", "lookup_name": "Smelter not listed", "name": "New W"}])
    [f] = only(result, "smelter.not_listed.incomplete")
    assert f.row == 6 and "country (column E)" in f.message


def test_smelter_row_for_an_out_of_scope_metal_is_a_warning():
    result = inspect(smelters=[XIAMEN, {"metal": "Gold", "lookup_name": "Aurubis AG", "smelter_id": "CID000113"}])
    [f] = only(result, "smelter.metal.out_of_scope")
    assert (f.metal, f.severity) == ("gold", "warning")


def test_smelter_not_yet_identified_is_a_warning():
    row = {"metal": "Tungsten", "lookup_name": "Smelter not yet identified", "country": "Unknown"}
    result = inspect(smelters=[XIAMEN, row], questions={"tungsten": {"7": "No"}})
    assert "smelter.not_yet_identified" in codes(result) and result.valid


def test_smelter_id_not_in_cid_format_is_an_error():
    result = inspect(smelters=[{**XIAMEN, "smelter_id": "CID0020823"}])
    [f] = only(result, "smelter.id.malformed")
    assert "CID0020823" in f.message


def test_smelter_id_unknown_to_the_lookup_is_a_warning():
    assert "smelter.id.unknown" in codes(inspect(smelters=[{**XIAMEN, "smelter_id": "CID999999"}]))


def test_smelter_id_of_another_metal_is_an_error():
    assert "smelter.id.wrong_metal" in codes(inspect(smelters=[{**XIAMEN, "smelter_id": "CID000113"}]))


def test_typed_smelter_id_that_differs_from_the_looked_up_one_is_a_warning():
    assert "smelter.id.mismatch" in codes(inspect(smelters=[{**XIAMEN, "id_input": "CID000258"}]))


def test_the_same_smelter_twice_is_a_warning_naming_both_rows():
    result = inspect(smelters=[XIAMEN, CHONGYI, XIAMEN])
    [f] = only(result, "smelter.duplicate")
    assert f.row == 7 and "rows 5 and 7 list the same Tungsten smelter" in f.message
    assert "keep one and delete the other." in f.message


def test_five_copies_of_a_smelter_are_one_finding_naming_every_row():
    result = inspect(smelters=[XIAMEN, CHONGYI, XIAMEN, XIAMEN, CHONGYI, XIAMEN, XIAMEN])
    xiamen, chongyi = only(result, "smelter.duplicate")
    assert "rows 5, 7, 8, 10 and 11 list the same Tungsten smelter" in xiamen.message
    assert "keep one and delete the others" in xiamen.message
    assert "rows 6 and 9" in chongyi.message
    assert "already listed" not in xiamen.message


def test_the_same_unlisted_smelter_twice_without_an_id_is_a_duplicate_by_name():
    new = {"metal": "Tungsten", "lookup_name": "Smelter not listed", "name": "New W Smelter", "country": "PERU"}
    other = {**new, "name": "Other W Smelter"}
    result = inspect(smelters=[XIAMEN, new, other, {**new, "name": "new w smelter"}])
    [f] = only(result, "smelter.duplicate")
    assert f.row == 8 and "rows 6 and 8" in f.message


def test_several_unidentified_smelter_rows_are_not_duplicates():
    unknown = {"metal": "Tungsten", "lookup_name": "Smelter not yet identified", "country": "Unknown"}
    result = inspect(smelters=[XIAMEN, unknown, unknown, unknown], questions={"tungsten": {"7": "No"}})
    assert [f.row for f in only(result, "smelter.not_yet_identified")] == [6, 7, 8]
    assert only(result, "smelter.duplicate") == []


def test_recycled_column_outside_yes_no_unknown_is_an_error():
    assert "smelter.recycled.invalid" in codes(inspect(smelters=[{**XIAMEN, "recycled_scrap": "Partly"}]))


def test_malformed_smelter_contact_email_is_a_warning():
    assert "smelter.contact_email.malformed" in codes(inspect(smelters=[{**XIAMEN, "contact_email": "see website"}]))


def test_smelter_contact_cell_with_several_addresses_is_checked_address_by_address():
    good = inspect(smelters=[{**XIAMEN, "contact_email": "a@xiamen.cn; b@xiamen.cn, c@xiamen.cn"}])
    assert "smelter.contact_email.malformed" not in codes(good)
    bad = inspect(smelters=[{**XIAMEN, "contact_email": "a@xiamen.cn; b@xiamen"}])
    [f] = only(bad, "smelter.contact_email.malformed")
    assert (f.row, f.cell) == (5, "L5")


# -- contradictions ------------------------------------------------------------------------------
def test_q5_all_recycled_while_a_smelter_is_not_recycled_is_flagged():
    result = inspect(questions={"tungsten": {"5": "Yes"}})
    [f] = only(result, "contradiction.q5_recycled")
    assert (f.row, f.cell) == (5, "P5")


def test_q5_contradiction_needs_q5_yes_and_a_row_that_says_no():
    # XIAMEN's column P says 'No': only a Q5 of 'Yes' contradicts it.
    for q5 in ("No", "Unknown"):
        assert only(inspect(questions={"tungsten": {"5": q5}}), "contradiction.q5_recycled") == [], q5
    # Q5 'Yes' with rows that say 'Yes', 'Unknown' or nothing in column P: no contradiction either.
    rows = [{**XIAMEN, "recycled_scrap": "Yes"}, {**CHONGYI, "recycled_scrap": "Unknown"}]
    assert only(inspect(questions={"tungsten": {"5": "Yes"}}, smelters=rows), "contradiction.q5_recycled") == []
    blank = inspect(questions={"tungsten": {"5": "Yes"}}, smelters=[{**XIAMEN, "recycled_scrap": None}])
    assert only(blank, "contradiction.q5_recycled") == []


def test_q7_all_identified_with_an_unidentified_row_is_flagged():
    row = {"metal": "Tungsten", "lookup_name": "Smelter not yet identified"}
    result = inspect(smelters=[XIAMEN, row])
    [f] = only(result, "contradiction.q7_unidentified")
    assert f.row == 6
