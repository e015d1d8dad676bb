"""Writes for suppliers and their contacts."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models.functions import Lower
from django.utils import timezone

from accounts.models import User
from core.importing import ImportRefused, RowProblem
from core.tabular import TableError, TableRow, cell_text, fold_header, read_table
from suppliers.models import Contact, Supplier

logger = logging.getLogger(__name__)

REQUIRED_COLUMNS = ("supplier_code", "name", "contact_email")
COLUMN_ALIASES = {
    "supplier_code": ["code", "vendor_code", "supplier_id", "vendor_id", "erp_code"],
    "name": ["supplier_name", "vendor_name"],
    "contact_email": ["email", "contact_e_mail"],
    "annual_spend": ["spend"],
}
TRUE_WORDS = {"yes", "y", "true", "t", "1"}
FALSE_WORDS = {"no", "n", "false", "f", "0"}


@dataclass
class SupplierImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0


@dataclass(frozen=True)
class _ParsedRow:
    row: int
    supplier: Mapping[str, object]
    contact_email: str
    contact_name: str
    owner_email: str


def _parse_bool(text: str) -> bool | None:
    folded = text.strip().lower()
    if folded in TRUE_WORDS:
        return True
    if folded in FALSE_WORDS:
        return False
    return None


# Column → longest value the database keeps (PostgreSQL refuses longer ones; SQLite would not say).
MAX_LENGTHS = {"supplier_code": 64, "name": 255, "country": 100, "category": 100, "contact_name": 255,
               "contact_email": 254}  # fmt: skip
MAX_SPEND = Decimal("1e14")  # 16 digits, 2 of them decimals


def _parse_row(row: TableRow, owners: dict[str, User], columns: list[str]) -> tuple[_ParsedRow | None, list[str]]:
    reasons: list[str] = []
    for column in REQUIRED_COLUMNS:
        if not row.get(column):
            reasons.append(f"{column} is missing")
    for column, limit in MAX_LENGTHS.items():
        if len(row.get(column)) > limit:
            reasons.append(f"{column} is {len(row.get(column))} characters long; at most {limit} are kept")
    email = row.get("contact_email").strip()
    if email:
        try:
            validate_email(email)
        except ValidationError:
            reasons.append(f"contact_email '{email}' is not a valid e-mail address")
    spend: Decimal | None = None
    spend_text = row.get("annual_spend").replace(",", "").replace(" ", "")
    if spend_text:
        try:
            spend = Decimal(spend_text)
        except InvalidOperation:
            reasons.append(f"annual_spend '{row.get('annual_spend')}' is not a number")
        else:
            if not spend.is_finite():
                reasons.append(f"annual_spend '{row.get('annual_spend')}' is not a number")
                spend = None
            elif spend < 0:
                reasons.append(f"annual_spend {spend_text} is negative")
            elif spend >= MAX_SPEND:
                reasons.append(f"annual_spend {spend_text} is implausibly large (at most 14 digits before the point)")
            else:
                spend = spend.quantize(Decimal("0.01"))
    in_scope = True
    if row.get("in_scope"):
        parsed = _parse_bool(row.get("in_scope"))
        if parsed is None:
            reasons.append(f"in_scope '{row.get('in_scope')}' is not one of yes/no, true/false, 1/0")
        else:
            in_scope = parsed
    currency = (row.get("currency") or "USD").upper()
    if len(currency) != 3 or not currency.isalpha():
        reasons.append(f"currency '{row.get('currency')}' is not a three-letter code such as USD")
    owner_email = row.get("owner_email").strip().lower()
    if owner_email and owner_email not in owners:
        reasons.append(f"owner_email '{owner_email}' is not an internal user of the portal")
    if reasons:
        return None, reasons
    supplier: dict[str, object] = {
        "name": row.get("name"),
        "country": row.get("country"),
        "category": row.get("category"),
        "annual_spend": spend,
        "currency": currency,
        "in_scope": in_scope,
    }
    if "owner_email" in columns:  # a blank cell in a present column means "no owner"
        supplier["owner"] = owners[owner_email] if owner_email else None
    return (
        _ParsedRow(
            row=row.number,
            supplier=supplier,
            contact_email=email.lower(),
            contact_name=row.get("contact_name"),
            owner_email=owner_email,
        ),
        [],
    )


def supplier_row_check(
    *, values: Mapping[str, object], number: int, owners: dict[str, User], columns: list[str]
) -> tuple[dict[str, object], list[str]]:
    """Check one row of a supplier file by the import's rules (the admin import uses it too).

    Returns the normalised supplier fields (plus `contact_email`, `contact_name`) and the reasons the
    row is bad (empty when it is fine).
    """
    row = TableRow(number=number, values={fold_header(k): cell_text(v) for k, v in values.items()})
    parsed, reasons = _parse_row(row, owners, [fold_header(c) for c in columns])
    if parsed is None:
        return {}, reasons
    return {**parsed.supplier, "contact_email": parsed.contact_email, "contact_name": parsed.contact_name}, []


def internal_users_by_email() -> dict[str, User]:
    """Who may own a supplier: active internal users, by lower-case e-mail."""
    return {u.email.lower(): u for u in User.objects.filter(supplier__isnull=True, is_active=True)}


def supplier_import(
    *, path: Path | str | None = None, data: bytes | None = None, name: str | None = None
) -> SupplierImportResult:
    """Import the supplier master file (CSV or XLSX) by supplier code.

    All or nothing: when the file cannot be read or any row is bad, nothing is written and
    `core.importing.ImportRefused` lists every bad row with its number and reason. Re-importing the
    same file changes nothing; a changed file updates suppliers by code and makes the row's contact
    the primary one.
    """
    result = SupplierImportResult()
    source = data if data is not None else path
    if source is None:
        raise ValueError("supplier_import needs a path or data")
    label = name or (Path(path).name if path is not None else "upload")
    try:
        columns, rows = read_table(source, required=REQUIRED_COLUMNS, aliases=COLUMN_ALIASES, name=name)
        table_rows = list(rows)
    except TableError as exc:
        raise ImportRefused.bad_rows(label, [RowProblem.at_row(1, str(exc))]) from exc
    if not table_rows:
        raise ImportRefused.bad_rows(label, [RowProblem.at_row(2, "the file has a header but no supplier rows")])

    owners = internal_users_by_email()
    seen: dict[str, int] = {}
    parsed_rows: list[_ParsedRow] = []
    problems: list[RowProblem] = []
    for row in table_rows:
        parsed, reasons = _parse_row(row, owners, columns)
        code = row.get("supplier_code")
        # Codes are compared without case: 'sup-1' and 'SUP-1' are the same supplier.
        if code and code.lower() in seen:
            reasons.append(f"supplier_code '{code}' already appears in row {seen[code.lower()]}")
        elif code:
            seen[code.lower()] = row.number
        if reasons:
            problems.append(RowProblem.at_row(row.number, "; ".join(reasons)))
        elif parsed:
            parsed_rows.append(parsed)
    if problems:
        raise ImportRefused.bad_rows(label, problems)

    with transaction.atomic():
        _suppliers_write(parsed_rows, table_rows, result)
    return result


# Rows per UPDATE ... CASE statement: one statement for 5,000 rows would be planned slowly.
BULK_BATCH = 1000


def _suppliers_write(parsed_rows: list[_ParsedRow], table_rows: list[TableRow], result: SupplierImportResult) -> None:
    """Write the checked rows in set-based statements: a fixed number of queries per file, not per row.

    One query reads the suppliers the file names (by code, case ignored) and one their contacts; new
    suppliers and contacts are inserted in bulk, changed ones updated in bulk with only the columns
    that changed, and an unchanged file writes nothing at all.
    """
    codes = [row.get("supplier_code") for row in table_rows]
    existing: dict[str, Supplier] = {
        s.supplier_code.lower(): s
        for s in Supplier.objects.annotate(code_lower=Lower("supplier_code")).filter(
            code_lower__in=[c.lower() for c in codes]
        )
    }
    contacts: dict[int, dict[str, Contact]] = {}
    for known in Contact.objects.filter(supplier__in=list(existing.values())):
        contacts.setdefault(known.supplier_id, {})[known.email.lower()] = known

    now = timezone.now()
    new_suppliers: list[Supplier] = []
    changed_suppliers: list[Supplier] = []
    changed_fields: set[str] = set()
    for parsed, code in zip(parsed_rows, codes, strict=True):
        supplier = existing.get(code.lower())
        if supplier is None:
            new_suppliers.append(Supplier(supplier_code=code, **parsed.supplier))
            continue
        fields: set[str] = set()
        for attr, value in parsed.supplier.items():
            # The owner is compared by id: reading `supplier.owner` would load it, one query a row.
            current = supplier.owner_id if attr == "owner" else getattr(supplier, attr)
            wanted = value.pk if isinstance(value, User) else value
            if current != wanted:
                setattr(supplier, attr, value)
                fields.add(attr)
        if fields:
            supplier.updated_at = now
            changed_suppliers.append(supplier)
            changed_fields |= fields | {"updated_at"}
    Supplier.objects.bulk_create(new_suppliers, batch_size=BULK_BATCH)
    if changed_suppliers:
        Supplier.objects.bulk_update(changed_suppliers, sorted(changed_fields), batch_size=BULK_BATCH)
    result.created = len(new_suppliers)

    demote: list[int] = []  # ids of primary contacts that give way to another
    promote: list[Contact] = []  # existing contacts that become primary or get a new name
    insert: list[Contact] = []
    changed_ids = {s.pk for s in changed_suppliers}
    new_iter = iter(new_suppliers)
    for parsed, code in zip(parsed_rows, codes, strict=True):
        old = existing.get(code.lower())
        if old is None:
            supplier = next(new_iter)
            insert.append(
                Contact(supplier=supplier, email=parsed.contact_email, name=parsed.contact_name, is_primary=True)
            )
            continue
        own = contacts.get(old.pk, {})
        contact = own.get(parsed.contact_email)
        primary = next((c for c in own.values() if c.is_primary), None)
        contact_changed = False
        if contact is None:
            insert.append(Contact(supplier=old, email=parsed.contact_email, name=parsed.contact_name, is_primary=True))
            contact_changed = True
        else:
            if not contact.is_primary:
                contact.is_primary = True
                contact_changed = True
            if parsed.contact_name and contact.name != parsed.contact_name:
                contact.name = parsed.contact_name
                contact_changed = True
            if contact_changed:
                contact.updated_at = now
                promote.append(contact)
        if primary is not None and primary is not contact:
            demote.append(primary.pk)
        if contact_changed or old.pk in changed_ids:
            result.updated += 1
        else:
            result.unchanged += 1
    # Order matters: at most one primary contact per supplier is a constraint checked per statement,
    # so the old primaries step down before the new ones are promoted or inserted.
    if demote:
        Contact.objects.filter(pk__in=demote).update(is_primary=False, updated_at=now)
    if promote:
        Contact.objects.bulk_update(promote, ["is_primary", "name", "updated_at"], batch_size=BULK_BATCH)
    Contact.objects.bulk_create(insert, batch_size=BULK_BATCH)


def contact_make_primary(*, supplier: Supplier, email: str, name: str) -> bool:
    """Make `email` the supplier's primary contact (adding it if new); returns whether anything changed."""
    contact = Contact.objects.filter(supplier=supplier, email__iexact=email).first()
    changed = False
    if contact is None:
        Contact.objects.filter(supplier=supplier, is_primary=True).update(is_primary=False)
        Contact.objects.create(supplier=supplier, email=email, name=name, is_primary=True)
        return True
    if not contact.is_primary:
        Contact.objects.filter(supplier=supplier, is_primary=True).update(is_primary=False)
        contact.is_primary = True
        changed = True
    if name and contact.name != name:
        contact.name = name
        changed = True
    if changed:
        contact.save()
    return changed


def contact_language_remember(*, supplier: Supplier, email: str, language: str) -> int:
    """Remember the language a supplier's user chose on the page as their contact's language, so that the
    survey's e-mails reach them in it too. Returns how many contact rows changed (0 for an address that is
    no contact of the supplier, e.g. a colleague who only signs in)."""
    return (
        Contact.objects.filter(supplier=supplier, email__iexact=email)
        .exclude(language=language)
        .update(language=language)
    )
