"""Benchmark: `import_suppliers` of a seeded ERP file of N suppliers (default 5,000).

    DATABASE_URL=postgres://... python benchmarks/bench_import.py [--rows 5000] [--seed 1] [--xlsx]

Runs against a throwaway SQLite database unless DATABASE_URL is set (then it deletes the suppliers
whose code starts with BENCH- first, so it can run again on the same database). The file looks like an
ERP export: codes, names with legal forms, one contact each, countries and categories with a long
tail, spend spread over orders of magnitude in a few currencies, an owner for most suppliers. It times
the command three times: the first import, a re-import of the unchanged file, and a re-import where 10%
of the rows changed (spend, name, or a new primary contact), and counts the queries of each.
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

COUNTRIES = ["China", "Taiwan", "Japan", "Germany", "United States", "Korea, Republic of", "Malaysia", "Mexico",
             "Viet Nam", "Thailand", "India", "Czechia", "Italy", "France", "Philippines", "Brazil"]  # fmt: skip
CATEGORIES = ["PCB", "Passive components", "Connectors", "Metal fabrication", "Plastics", "Cables",
              "Semiconductors", "Packaging", "Fasteners", "Magnetics", "Batteries", "Displays"]  # fmt: skip
WORDS = ["Summit", "Pacific", "Hanse", "Sakura", "Golden", "Delta", "Nova", "Apex", "Orient", "Union", "Star",
         "Precision", "United", "Global", "Eastern", "Alpha", "Vertex", "Sino", "Euro", "Metro"]  # fmt: skip
KINDS = ["Circuits", "Metals", "Electronics", "Plastics", "Components", "Technology", "Industrial", "Wire",
         "Ceramics", "Precision Parts", "Materials", "Trading"]  # fmt: skip
FORMS = ["Inc.", "Co., Ltd.", "GmbH", "K.K.", "Ltd.", "S.A. de C.V.", "Sdn. Bhd.", "s.r.o.", "S.p.A.", "LLC"]
HEADER = ["supplier_code", "name", "contact_email", "contact_name", "country", "category", "annual_spend",
          "currency", "in_scope", "owner_email"]  # fmt: skip


def supplier_rows(n: int, owners: list[str], rng: random.Random) -> list[dict[str, str]]:
    rows = []
    for i in range(1, n + 1):
        name = f"{rng.choice(WORDS)} {rng.choice(KINDS)} {rng.choice(FORMS)}"
        domain = name.split()[0].lower() + str(i)
        first = rng.choice(["anna", "ben", "chen", "david", "eva", "fumiko", "george", "hana", "ivan", "jun"])
        # A long tail: a few suppliers carry most of the spend.
        spend = "" if rng.random() < 0.05 else f"{rng.paretovariate(1.2) * 5000:,.2f}"
        rows.append(
            {
                "supplier_code": f"BENCH-{i:05d}",
                "name": name,
                "contact_email": f"{first}@{domain}.example",
                "contact_name": first.title() + " " + rng.choice(WORDS),
                "country": COUNTRIES[min(int(rng.expovariate(0.35)), len(COUNTRIES) - 1)],
                "category": CATEGORIES[min(int(rng.expovariate(0.3)), len(CATEGORIES) - 1)],
                "annual_spend": spend,
                "currency": rng.choices(["USD", "EUR", "JPY", "CNY"], weights=[70, 15, 10, 5])[0],
                "in_scope": rng.choice(["yes"] * 9 + ["no"]),
                "owner_email": "" if rng.random() < 0.1 else rng.choice(owners),
            }
        )
    return rows


def change_some(rows: list[dict[str, str]], share: float, rng: random.Random) -> list[dict[str, str]]:
    changed = [dict(r) for r in rows]
    for row in rng.sample(changed, int(len(changed) * share)):
        roll = rng.random()
        if roll < 0.5:
            row["annual_spend"] = f"{rng.paretovariate(1.2) * 5000:.2f}"
        elif roll < 0.75:
            row["name"] = row["name"].replace(" ", "  ", 1).strip() + " (Holdings)"
        else:  # a new primary contact: the old one stays, demoted
            row["contact_email"] = "purchasing@" + row["contact_email"].split("@")[1]
            row["contact_name"] = "Purchasing"
    return changed


def write(rows: list[dict[str, str]], path: Path, xlsx: bool) -> Path:
    if xlsx:
        import openpyxl

        book = openpyxl.Workbook(write_only=True)
        sheet = book.create_sheet("Suppliers")
        sheet.append(HEADER)
        for row in rows:
            sheet.append([row[c] for c in HEADER])
        book.save(path.with_suffix(".xlsx"))
        return path.with_suffix(".xlsx")
    with path.with_suffix(".csv").open("w", newline="", encoding="utf-8") as out:
        writer = csv.DictWriter(out, fieldnames=HEADER)
        writer.writeheader()
        writer.writerows(rows)
    return path.with_suffix(".csv")


def timed_import(path: Path) -> tuple[float, int, str]:
    from io import StringIO

    from django.core.management import call_command
    from django.db import connection

    queries = 0

    def count(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        nonlocal queries
        queries += 1
        return execute(sql, params, many, context)

    out = StringIO()
    with connection.execute_wrapper(count):
        start = time.perf_counter()
        call_command("import_suppliers", str(path), stdout=out)
        elapsed = time.perf_counter() - start
    return elapsed, queries, out.getvalue().strip()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=5000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--xlsx", action="store_true", help="write the file as XLSX instead of CSV")
    args = parser.parse_args()

    if "DATABASE_URL" not in os.environ:
        os.environ["DATABASE_URL"] = f"sqlite:///{tempfile.mkdtemp(prefix='cmrt-bench-')}/bench.sqlite3"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cmrt_portal.settings.test")
    import django

    django.setup()
    from django.core.management import call_command

    from accounts.models import User
    from suppliers.models import Supplier

    call_command("migrate", verbosity=0)
    Supplier.objects.filter(supplier_code__startswith="BENCH-").delete()
    owners = [f"buyer{i}@bench.example" for i in range(12)]
    for email in owners:
        User.objects.get_or_create(username=email, defaults={"email": email})

    rng = random.Random(args.seed)
    rows = supplier_rows(args.rows, owners, rng)
    folder = Path(tempfile.mkdtemp(prefix="cmrt-bench-import-"))
    first = write(rows, folder / "erp", args.xlsx)
    changed = write(change_some(rows, 0.10, rng), folder / "erp_changed", args.xlsx)

    print(f"import_suppliers, {args.rows} rows ({first.suffix[1:]}), {os.environ['DATABASE_URL'].split(':')[0]}")
    for label, path in (("first import", first), ("unchanged re-import", first), ("10% changed", changed)):
        elapsed, queries, output = timed_import(path)
        print(f"  {label:<20} {elapsed:6.2f} s  {queries:6d} queries  ({output})")


if __name__ == "__main__":
    main()
