from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from suppliers.models import Contact, Supplier

pytestmark = pytest.mark.django_db

HEADER = "supplier_code,name,contact_email,contact_name,country,category,annual_spend,in_scope,owner_email\n"
GOOD_ROWS = (
    "SUP-1,Acme Circuits Inc.,jane@acme.example,Jane Doe,United States,PCB,120000.50,yes,\n"
    "SUP-2,Hanse Metall GmbH,info@hanse.example,,Germany,Metal fabrication,80000,NO,\n"
    "SUP-3,Sakura Ceramics K.K.,k.sato@sakura.example,Kenji Sato,Japan,Passive components,,True,\n"
)


def write(tmp_path: Path, text: str, name: str = "suppliers.csv", encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding=encoding)
    return path


def test_a_good_csv_creates_suppliers_with_their_primary_contacts(tmp_path):
    call_command("import_suppliers", write(tmp_path, HEADER + GOOD_ROWS))

    acme = Supplier.objects.get(supplier_code="SUP-1")
    assert acme.name == "Acme Circuits Inc."
    assert acme.annual_spend == Decimal("120000.50")
    assert acme.in_scope is True
    assert Supplier.objects.get(supplier_code="SUP-2").in_scope is False
    assert Supplier.objects.get(supplier_code="SUP-3").annual_spend is None
    contact = acme.contacts.get()
    assert (contact.email, contact.name, contact.is_primary) == ("jane@acme.example", "Jane Doe", True)


def test_a_csv_with_a_byte_order_mark_and_capitalised_headers_is_read(tmp_path):
    text = HEADER.replace("supplier_code", "Supplier Code").replace("name,", "Name,", 1) + GOOD_ROWS
    call_command("import_suppliers", write(tmp_path, text, encoding="utf-8-sig"))
    assert Supplier.objects.count() == 3


def test_in_scope_defaults_to_yes_when_the_column_is_absent(tmp_path):
    call_command("import_suppliers", write(tmp_path, "supplier_code,name,contact_email\nS9,Nine,a@nine.example\n"))
    assert Supplier.objects.get(supplier_code="S9").in_scope is True


def test_an_xlsx_file_is_imported_by_header_name_whatever_the_column_order(tmp_path):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["name", "annual_spend", "supplier_code", "contact_email", "in_scope"])
    sheet.append(["Acme Circuits Inc.", 1000, "SUP-1", "jane@acme.example", "yes"])
    sheet.append(["Hanse Metall GmbH", 2000.5, "SUP-2", "info@hanse.example", 0])
    path = tmp_path / "suppliers.xlsx"
    workbook.save(path)

    call_command("import_suppliers", path)

    assert Supplier.objects.get(supplier_code="SUP-2").annual_spend == Decimal("2000.50")
    assert Supplier.objects.get(supplier_code="SUP-2").in_scope is False


def test_reimporting_the_same_file_changes_nothing(tmp_path, capsys):
    path = write(tmp_path, HEADER + GOOD_ROWS)
    call_command("import_suppliers", path)
    before = list(Supplier.objects.values_list("supplier_code", "updated_at").order_by("supplier_code"))

    call_command("import_suppliers", path)

    assert "0 created, 0 updated, 3 unchanged" in capsys.readouterr().out
    assert list(Supplier.objects.values_list("supplier_code", "updated_at").order_by("supplier_code")) == before
    assert Contact.objects.count() == 3


def test_a_changed_file_updates_suppliers_by_code_and_switches_the_primary_contact(tmp_path, capsys):
    call_command("import_suppliers", write(tmp_path, HEADER + GOOD_ROWS))
    changed = GOOD_ROWS.replace("Acme Circuits Inc.", "Acme Circuits LLC").replace("jane@acme", "joe@acme")

    call_command("import_suppliers", write(tmp_path, HEADER + changed, name="v2.csv"))

    assert "0 created, 1 updated, 2 unchanged" in capsys.readouterr().out
    acme = Supplier.objects.get(supplier_code="SUP-1")
    assert acme.name == "Acme Circuits LLC"
    assert acme.contacts.get(is_primary=True).email == "joe@acme.example"
    assert acme.contacts.get(is_primary=False).email == "jane@acme.example"


def test_a_file_with_bad_rows_imports_nothing_and_names_each_bad_row(tmp_path, capsys, run_command):
    bad = (
        HEADER
        + "SUP-1,Acme,jane@acme.example,,,,100,yes,\n"  # row 2: fine
        + ",No Code Ltd,x@y.example,,,,,,\n"  # row 3: missing code
        + "SUP-4,Bad Mail,not-an-email,,,,,,\n"  # row 4: malformed e-mail
        + "SUP-5,Refund Co,ok@refund.example,,,,-5,,\n"  # row 5: negative spend
        + "SUP-1,Acme Twice,jane@acme.example,,,,,,\n"  # row 6: duplicate code
        + "SUP-7,Maybe Co,ok@maybe.example,,,,,perhaps,\n"  # row 7: unknown in_scope word
    )
    status = run_command("import_suppliers", str(write(tmp_path, bad)))

    err = capsys.readouterr().err
    assert status == 1
    assert Supplier.objects.count() == 0
    assert "row 3: supplier_code is missing" in err
    assert "row 4: contact_email 'not-an-email' is not a valid e-mail address" in err
    assert "row 5: annual_spend -5 is negative" in err
    assert "row 6: supplier_code 'SUP-1' already appears in row 2" in err
    assert "row 7: in_scope 'perhaps'" in err
    assert "row 2:" not in err


def test_a_file_without_the_required_columns_is_refused_with_the_columns_it_has(tmp_path, capsys, run_command):
    status = run_command("import_suppliers", str(write(tmp_path, "vendor,mail\nAcme,a@b.example\n")))
    err = capsys.readouterr().err
    assert status == 1
    assert "supplier_code" in err and "vendor, mail" in err


def test_an_unknown_owner_email_is_a_bad_row(tmp_path, capsys, supply_chain_user, run_command):
    text = HEADER + "SUP-1,Acme,jane@acme.example,,,,,,ghost@example.com\n"
    assert run_command("import_suppliers", str(write(tmp_path, text))) == 1
    assert "owner_email 'ghost@example.com' is not an internal user" in capsys.readouterr().err


def test_the_owner_is_linked_by_email(tmp_path, supply_chain_user):
    text = HEADER + "SUP-1,Acme,jane@acme.example,,,,,,SAM@example.com\n"
    call_command("import_suppliers", write(tmp_path, text))
    assert Supplier.objects.get().owner == supply_chain_user


def test_a_missing_file_is_reported_with_status_1(tmp_path, capsys, run_command):
    assert run_command("import_suppliers", str(tmp_path / "nope.csv")) == 1
    assert "no such file" in capsys.readouterr().err


def test_a_hostile_workbook_is_refused_with_a_reason_instead_of_crashing_the_process(tmp_path, capsys, run_command):
    from tests.cmrt.builders import far_cell_lying_dimension_xlsx

    path = tmp_path / "suppliers.xlsx"
    path.write_bytes(far_cell_lying_dimension_xlsx())  # python-calamine alone would abort the process

    assert run_command("import_suppliers", str(path)) == 1
    assert "could not be read safely" in capsys.readouterr().err
    assert Supplier.objects.count() == 0


def test_a_password_protected_or_macro_workbook_gets_a_plain_reason(tmp_path, capsys, run_command):
    from tests.cmrt.builders import macro_xlsx

    path = tmp_path / "suppliers.xlsx"
    path.write_bytes(macro_xlsx())
    assert run_command("import_suppliers", str(path)) == 1
    assert "the workbook contains macros; save it as a plain .xlsx" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("spend", "reason"),
    [("NaN", "is not a number"), ("Infinity", "is not a number"), ("1e30", "implausibly large")],
)
def test_a_spend_that_is_no_amount_is_a_bad_row_not_a_crash(tmp_path, capsys, run_command, spend, reason):
    text = "supplier_code,name,contact_email,annual_spend\nS1,Acme,a@acme.example," + spend + "\n"
    assert run_command("import_suppliers", str(write(tmp_path, text))) == 1
    err = capsys.readouterr().err
    assert "row 2: annual_spend" in err and reason in err


def test_values_longer_than_the_database_keeps_are_bad_rows(tmp_path, capsys, run_command):
    text = f"supplier_code,name,contact_email\nS1,{'A' * 300},a@acme.example\n"
    assert run_command("import_suppliers", str(write(tmp_path, text))) == 1
    assert "row 2: name is 300 characters long; at most 255 are kept" in capsys.readouterr().err


def test_a_blank_owner_in_a_present_column_clears_the_owner(tmp_path, supply_chain_user):
    header = "supplier_code,name,contact_email,owner_email\n"
    call_command("import_suppliers", write(tmp_path, header + "S1,Acme,a@acme.example,sam@example.com\n"))
    call_command("import_suppliers", write(tmp_path, header + "S1,Acme,a@acme.example,\n", name="v2.csv"))
    assert Supplier.objects.get().owner is None


def test_supplier_codes_are_the_same_whatever_their_case(tmp_path, capsys, run_command):
    call_command("import_suppliers", write(tmp_path, "supplier_code,name,contact_email\nSUP-1,Acme,a@acme.example\n"))
    call_command(
        "import_suppliers",
        write(tmp_path, "supplier_code,name,contact_email\nsup-1,Acme Two,a@acme.example\n", name="v2.csv"),
    )
    assert list(Supplier.objects.values_list("supplier_code", "name")) == [("SUP-1", "Acme Two")]

    twice = "supplier_code,name,contact_email\nZZ8,A,a@a.example\nzz8,B,b@b.example\n"
    assert run_command("import_suppliers", str(write(tmp_path, twice, name="twice.csv"))) == 1
    assert "row 3: supplier_code 'zz8' already appears in row 2" in capsys.readouterr().err


def test_switching_back_to_an_earlier_contact_makes_it_primary_again_and_updates_its_name(tmp_path):
    header = "supplier_code,name,contact_email,contact_name\n"
    call_command("import_suppliers", write(tmp_path, header + "S1,Acme,jane@acme.example,Jane\n"))
    call_command("import_suppliers", write(tmp_path, header + "S1,Acme,joe@acme.example,Joe\n", name="2.csv"))
    call_command("import_suppliers", write(tmp_path, header + "S1,Acme,jane@acme.example,Jane Doe\n", name="3.csv"))

    contacts = {c.email: c for c in Supplier.objects.get().contacts.all()}
    assert [e for e, c in contacts.items() if c.is_primary] == ["jane@acme.example"]
    assert contacts["jane@acme.example"].name == "Jane Doe"


def _erp_file(tmp_path, prefix, count, *, changed=False):
    lines = [
        f"{prefix}-{i},Supplier {i}{' Ltd.' if changed else ''},"
        f"{'buyer' if changed else 'sales'}{i}@{prefix.lower()}.example,Person {i},Japan,PCB,{1000 + i + changed},yes,"
        for i in range(count)
    ]
    return write(tmp_path, HEADER + "\n".join(lines) + "\n", name=f"{prefix}-{count}-{changed}.csv")


def _queries_of_import(path):
    with CaptureQueriesContext(connection) as queries:
        call_command("import_suppliers", path)
    return len(queries)


def test_the_number_of_queries_of_an_import_does_not_grow_with_the_number_of_rows(tmp_path):
    # 5 rows against 50 (SQLite splits an INSERT at 999 parameters, so not 100 rows here).
    small, large = (_erp_file(tmp_path, "S", 5), _erp_file(tmp_path, "L", 50))
    assert _queries_of_import(small) == _queries_of_import(large)
    # Every row changed: new name and spend, a new primary contact (the old one is demoted).
    small, large = (_erp_file(tmp_path, "S", 5, changed=True), _erp_file(tmp_path, "L", 50, changed=True))
    assert _queries_of_import(small) == _queries_of_import(large)
    assert Contact.objects.filter(supplier__supplier_code="L-7", is_primary=True).get().email == "buyer7@l.example"
    assert Contact.objects.filter(supplier__supplier_code="L-7").count() == 2


def test_reimporting_an_unchanged_file_writes_nothing(tmp_path):
    path = _erp_file(tmp_path, "U", 20)
    call_command("import_suppliers", path)
    with CaptureQueriesContext(connection) as queries:
        call_command("import_suppliers", path)
    writes = [q["sql"] for q in queries if not q["sql"].lstrip().upper().startswith(("SELECT", "SAVEPOINT", "RELEASE"))]
    assert writes == []
