"""The quirks of real CMRT files (CMRT_FORMAT.md §10), one test each."""

from __future__ import annotations

from datetime import date, datetime

from cmrt import inspect_workbook
from cmrt.normalise import parse_date, q6_text
from tests.conftest import require_module

from .builders import CHONGYI, TODAY, XIAMEN, build_cmrt, xlsx_to_xls
from .helpers import codes, inspect


def test_text_is_stripped_of_spaces_tabs_and_newlines():
    result = inspect(declaration={"company_name": "  ABC Corp.\t", "contact_name": "\tJane\n"})
    assert result.declaration.company_name == "ABC Corp."
    assert result.declaration.contact_name == "Jane"


def test_q6_stored_as_the_number_1_reads_as_100_percent():
    for stored in (1, 1.0, "1", "100%"):
        result = inspect(version="6.22", questions={"tungsten": {"6": stored}})
        assert result.questions["tungsten"]["6"] == "100%", stored
        assert result.valid


def test_q6_normaliser_leaves_other_answers_alone():
    assert q6_text("Greater than 90%") == "Greater than 90%"
    assert q6_text(None) is None


def test_effective_date_from_a_datetime():
    assert inspect().declaration.effective_date == date(2026, 1, 15)


def test_effective_date_from_an_excel_serial_number():
    result = inspect(declaration={"effective_date": 45422})
    assert result.declaration.effective_date == date(2024, 5, 10)


def test_effective_date_from_dd_mmm_yyyy_text():
    result = inspect(declaration={"effective_date": "02-May-2026"})
    assert result.declaration.effective_date == date(2026, 5, 2)
    assert result.to_dict()["declaration"]["effective_date"] == "2026-05-02"


def test_date_parser_accepts_iso_text_and_rejects_words():
    assert parse_date("2024-05-10 00:00:00") == date(2024, 5, 10)
    assert parse_date(datetime(2024, 5, 10, 13, 0)) == date(2024, 5, 10)
    assert parse_date("soon") is None


def test_cached_zero_in_formula_columns_reads_as_blank():
    result = inspect(smelters=[{**XIAMEN, "street": 0, "contact_name": "0", "comments": 0.0}])
    row = result.smelters[0]
    assert (row.street, row.contact_name, row.comments) == (None, None, None)


def test_dropdown_values_compare_case_insensitively():
    row = {"metal": "tungsten", "lookup_name": "Smelter Not Listed", "name": "New W", "country": "PERU"}
    result = inspect(smelters=[XIAMEN, row], questions={"tungsten": {"3": "no", "7": "YES"}})
    assert result.smelters[1].lookup_name == "Smelter not listed" and result.smelters[1].metal == "Tungsten"
    assert result.questions["tungsten"]["3"] == "No"
    assert "smelter.not_listed.incomplete" not in codes(result) and result.valid


def test_standard_name_comes_from_hidden_column_r_when_d_is_empty():
    result = inspect()
    assert result.smelters[0].name == "Xiamen Tungsten Co., Ltd."
    typed = inspect(smelters=[{**XIAMEN, "name": "Xiamen Tungsten (typed)"}])
    assert typed.smelters[0].name == "Xiamen Tungsten (typed)"


def test_smelter_id_typed_only_in_column_a_is_used():
    result = inspect(smelters=[{**XIAMEN, "smelter_id": None, "id_input": "CID002082"}])
    assert result.smelters[0].smelter_id == "CID002082"


def test_product_rows_stop_at_the_copyright_line():
    def after_copyright(wb):
        wb["Product List"]["B9"] = "not a product"

    result = inspect(products=[("P-1", "One", None), ("P-2", "Two", None)], copyright_row=8, tweak=after_copyright)
    assert [p.number for p in result.products] == ["P-1", "P-2"]


def test_cells_are_read_by_address_even_when_the_sheet_starts_below_a1():
    def strip_top(wb):
        for ref in ("D2", "D3", "B8"):
            wb["Declaration"][ref] = None
        wb["Revision"]["B2"] = None

    result = inspect(tweak=strip_top)
    assert result.declaration.company_name == "Example Metals GmbH"
    assert result.template == "CMRT"
    assert result.questions["tungsten"]["1"] == "Yes"


def test_translated_labels_do_not_matter():
    def chinese(wb):
        wb["Declaration"]["B8"] = "公司名称 (*):"
        wb["Declaration"]["D3"] = "中文 Chinese"

    assert inspect(tweak=chinese).valid


def test_phone_numbers_stored_as_numbers_read_as_digits():
    result = inspect(declaration={"contact_phone": 81332597226})
    assert result.declaration.contact_phone == "81332597226"


def test_the_comments_to_questions_1_to_8_are_read_and_kept_per_metal():
    def comment(wb):
        wb["Declaration"]["G41"] = "Two smelters in Rwanda"

    d = inspect(questions={"tungsten": {"3": "Yes"}}, tweak=comment).to_dict()
    assert d["question_comments"]["tungsten"]["3"] == "Two smelters in Rwanda"
    assert d["question_comments"]["tin"]["3"] is None


def test_to_dict_has_exactly_the_documented_shape():
    d = inspect(products=[("P-1", "One", "c")]).to_dict()
    assert list(d) == [
        "template",
        "version",
        "declaration",
        "questions",
        "question_comments",
        "company_questions",
        "smelters",
        "products",
        "findings",
        "valid",
    ]
    assert list(d["declaration"]) == [
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
    ]
    assert list(d["questions"]) == ["tantalum", "tin", "gold", "tungsten"]
    assert list(d["questions"]["tin"]) == [str(i) for i in range(1, 9)]
    assert list(d["company_questions"]) == list("ABCDEFGH")
    assert list(d["company_questions"]["B"]) == ["answer", "comment"]
    assert list(d["smelters"][0]) == [
        "row",
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
    ]
    assert d["products"] == [{"row": 6, "number": "P-1", "name": "One", "comment": "c"}]
    assert d["template"] == "CMRT" and d["version"] == "6.4" and d["valid"] is True
    assert d["declaration"]["scope"] == "A"


def test_a_legacy_xls_copy_of_a_cmrt_is_read_by_address(tmp_path):
    require_module("xlwt")  # in requirements-dev.txt: a failure, not a skip, under CI
    path = tmp_path / "cmrt.xls"
    path.write_bytes(xlsx_to_xls(build_cmrt(smelters=[XIAMEN, CHONGYI], products=[("P-1", "One", None)])))
    result = inspect_workbook(path, today=TODAY)
    assert not result.refused, result.findings
    assert result.valid, result.findings
    assert result.declaration.company_name == "Example Metals GmbH"
    assert result.declaration.effective_date == date(2026, 1, 15)
    assert [s.smelter_id for s in result.smelters] == ["CID002082", "CID000258"]
    assert [p.number for p in result.products] == ["P-1"]


def test_odd_cell_types_give_findings_not_crashes():
    result = inspect(
        declaration={"company_name": datetime(2020, 1, 1), "scope": 1, "effective_date": True, "authorizer": False},
        questions={"tungsten": {"1": 1, "6": 0.5}},
        company={"B": (True, 3)},
        smelters=[{"metal": 5, "lookup_name": True, "smelter_id": 12345}],
        products=[(123, 4.5, True)],
    )
    assert not result.refused
    assert result.declaration.authorizer == "FALSE"  # a row holding only False is not empty
    assert {
        "company.scope.invalid",
        "company.effective_date.invalid",
        "question.answer.invalid",
        "company_question.invalid",
        "smelter.metal.invalid",
    } <= set(codes(result))
    assert result.products[0].number == "123"


def test_a_bug_in_the_rules_becomes_a_refusal_not_a_traceback(monkeypatch):
    from cmrt import inspect as inspect_module

    def broken(*args, **kwargs):
        raise ZeroDivisionError

    monkeypatch.setattr(inspect_module, "validate", broken)
    result = inspect()
    assert result.refused and [f.code for f in result.findings] == ["file.unreadable"]
