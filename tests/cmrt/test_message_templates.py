"""Each finding keeps its message as a marked template and parameters, so that a page can show it in
another language; the English message is that template filled in, after the tab and cell."""

from __future__ import annotations

import pytest

from cmrt import inspect_workbook
from cmrt.text import join_items, render

from .builders import TODAY, build_messy_cmrt


@pytest.fixture(scope="module")
def messy():
    return inspect_workbook(build_messy_cmrt(), today=TODAY)


def test_the_messy_workbook_shows_findings_of_many_rules(messy):
    assert len({f.code for f in messy.findings}) >= 20


def test_every_finding_carries_its_template_and_the_message_is_the_template_filled_in(messy):
    for f in messy.findings:
        assert f.template, f.code
        body = render(f.template, f.params)
        prefix = f.message[: len(f.message) - len(body)]
        assert f.message.endswith(body), f.code
        assert (
            prefix in ("", "Smelter List tab: ")
            or prefix.endswith(f"tab, cell {f.cell}: ")
            or (prefix.endswith(f"tab, row {f.row}: "))
        ), (f.code, prefix)


def test_the_templates_hold_no_supplier_data_which_lives_in_the_params(messy):
    for f in messy.findings:
        for value in ("ABC", "anna at example", "Sometimes", "CID12", "Copper"):
            assert value not in f.template, (f.code, value)
    [duplicate] = [f for f in messy.findings if f.code == "smelter.duplicate"]
    assert duplicate.params["rows"] == [5, 6, 7]


def test_the_json_shape_keeps_template_and_params_for_a_later_rendering(messy):
    entry = messy.to_dict()["findings"][0]
    assert entry["template"] == messy.findings[0].template
    assert entry["params"] == messy.findings[0].params


def test_a_refusal_carries_its_template_and_params_too():
    [f] = inspect_workbook(b"\xff\xd8\xff\xe0 a photo", today=TODAY).findings
    assert f.params == {"kind": "a JPEG image"}
    assert (
        f.message
        == render(f.template, f.params)
        == (
            "This file is a JPEG image, not an Excel workbook, whatever its name says. "
            "Upload the completed CMRT as an .xlsx file."
        )
    )


def test_row_lists_read_like_a_sentence_in_english():
    assert join_items([39]) == "39"
    assert join_items([39, 45]) == "39 and 45"
    assert join_items([39, 45, 48]) == "39, 45 and 48"
    assert join_items([39, 45, 48], and_=" 和 ", comma="、") == "39、45 和 48"
