"""The one definition of a metal in scope (DOMAIN.md): question 1 or 2 answered "Yes" for it, and neither "No".

"Yes" then "No" (used in production, but does not remain in the product) is out of scope; a metal whose
questions 1 and 2 are both blank is not in scope either, but, as in the template's Checker, its answers and
smelter rows are still asked for until question 1 or 2 says "No"."""

from __future__ import annotations

import pytest

from cmrt import Scope, metal_in_scope, metal_scope

from .builders import XIAMEN
from .helpers import codes, inspect, only

TIN_ROW = {**XIAMEN, "metal": "Tin", "lookup_name": "Smelter not yet identified", "smelter_id": None}


@pytest.mark.parametrize(
    ("q1", "q2", "scope"),
    [
        ("Yes", "Yes", Scope.IN),
        ("Yes", None, Scope.IN),
        (None, "Yes", Scope.IN),
        ("Yes", "No", Scope.OUT),  # the 3TG is used but does not remain in the product
        ("No", "Yes", Scope.OUT),
        ("No", None, Scope.OUT),
        ("No", "No", Scope.OUT),
        (None, None, Scope.UNDECIDED),
        ("Unknown", "Yes", Scope.IN),  # "Unknown" is not a Q1 option (its own error), and is no "No"
        ("Unknown", "Unknown", Scope.UNDECIDED),
        ("Unknown", "No", Scope.OUT),
    ],
)
def test_a_metal_is_in_scope_when_question_1_or_2_is_yes_and_neither_is_no(q1, q2, scope):
    assert metal_scope(q1, q2) is scope
    assert metal_in_scope(q1, q2) is (scope is Scope.IN)


def test_tin_used_but_not_remaining_in_the_product_is_out_of_scope_to_the_rules():
    result = inspect(questions={"tin": {"1": "Yes", "2": "No", "3": "Yes"}}, smelters=[XIAMEN, TIN_ROW])

    assert result.scope_of("tin") is Scope.OUT
    [row] = only(result, "smelter.metal.out_of_scope")
    assert (row.metal, row.row) == ("tin", 6)
    assert [f.cell for f in only(result, "question.answer.not_applicable")] == ["D39"]
    assert "tin" not in [f.metal for f in only(result, "smelter_list.metal.missing")]
    assert "tin" not in [f.metal for f in only(result, "question.answer.missing")]


def test_tin_answered_yes_and_yes_is_in_scope_to_the_rules():
    result = inspect(questions={"tin": {"1": "Yes", "2": "Yes", "3": None}})

    assert result.scope_of("tin") is Scope.IN
    assert [f.cell for f in only(result, "question.answer.missing")][:1] == ["D39"]
    [missing] = only(result, "smelter_list.metal.missing")
    assert missing.metal == "tin" and "Tin is in scope on the Declaration tab" in missing.message


def test_a_metal_with_questions_1_and_2_blank_is_undecided_and_still_needs_its_answers_and_smelters():
    result = inspect(questions={"gold": {"1": None, "2": None}})

    assert result.scope_of("gold") is Scope.UNDECIDED
    assert "question.q1.missing" in codes(result) and "question.q2.missing" in codes(result)
    [missing] = only(result, "smelter_list.metal.missing")
    assert missing.metal == "gold"
    assert "Gold is not declared out of scope on the Declaration tab" in missing.message  # not "in scope"
