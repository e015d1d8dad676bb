import pytest

from core.exporting import escape_cell, escape_row


@pytest.mark.parametrize(
    ("cell", "escaped"),
    [
        ("=FX5", "'=FX5"),
        ("+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("'=already quoted", "'=already quoted"),
        ("Acme = Best", "Acme = Best"),
        ("", ""),
    ],
)
def test_a_cell_that_would_run_as_a_formula_gets_a_leading_quote_and_nothing_else_changes(cell, escaped):
    assert escape_cell(cell) == escaped


@pytest.mark.parametrize("number", ["-12.5", "+49301234567", "-3", "-1e3"])
def test_a_plain_number_is_not_a_formula_and_is_exported_as_it_is(number):
    assert escape_cell(number) == number


def test_values_that_are_not_text_are_never_touched():
    assert escape_row([-5, None, True, "=1"]) == [-5, None, True, "'=1"]
