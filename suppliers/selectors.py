"""Reads of supplier data that cross an access boundary."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.db.models import Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404

from core.access import is_internal, supplier_id_of
from suppliers.models import Contact, Supplier


def suppliers_visible_to(user: Any) -> QuerySet[Supplier]:
    """Internal users see every supplier; a supplier-side user only their own; others nothing."""
    qs = Supplier.objects.all()
    if is_internal(user):
        return qs
    supplier_id = supplier_id_of(user)
    return qs.filter(id=supplier_id) if supplier_id else qs.none()


def supplier_get_for_user(*, user: Any, public_id: UUID) -> Supplier:
    """The supplier if `user` may see it; 404 otherwise (missing and forbidden look alike)."""
    return get_object_or_404(suppliers_visible_to(user), public_id=public_id)


def supplier_list(
    *,
    user: Any,
    search: str = "",
    category: str = "",
    in_scope: str = "",
    owner: str = "",
    active: str = "yes",
    ordering: str = "name",
) -> QuerySet[Supplier]:
    """Suppliers for the list page, filtered, with owner and primary contact loaded in one go."""
    qs = (
        suppliers_visible_to(user)
        .select_related("owner")
        .prefetch_related(
            Prefetch("contacts", queryset=Contact.objects.filter(is_primary=True), to_attr="primary_contacts")
        )
    )
    if search:
        qs = qs.filter(
            Q(name__icontains=search)
            | Q(supplier_code__icontains=search)
            | Q(contacts__email__icontains=search)
            | Q(contacts__name__icontains=search)
        ).distinct()
    if category:
        qs = qs.filter(category=category)
    if in_scope in ("yes", "no"):
        qs = qs.filter(in_scope=in_scope == "yes")
    if active in ("yes", "no"):
        qs = qs.filter(active=active == "yes")
    if owner == "none":
        qs = qs.filter(owner__isnull=True)
    elif owner:
        qs = qs.filter(owner__email=owner)
    allowed = {
        "name",
        "-name",
        "supplier_code",
        "-supplier_code",
        "country",
        "-country",
        "category",
        "-category",
        "annual_spend",
        "-annual_spend",
    }
    return qs.order_by(ordering if ordering in allowed else "name", "supplier_code")


def supplier_categories() -> list[str]:
    return list(
        Supplier.objects.exclude(category="").order_by("category").values_list("category", flat=True).distinct()
    )


def supplier_countries() -> list[str]:
    return list(Supplier.objects.exclude(country="").order_by("country").values_list("country", flat=True).distinct())


def supplier_owners() -> list[tuple[str, str]]:
    """(e-mail, display name) of the internal users who own at least one supplier."""
    from accounts.models import User

    owners = User.objects.filter(owned_suppliers__isnull=False).distinct().order_by("first_name", "email")
    return [(u.email, str(u)) for u in owners]


def supplier_find(*, user: Any, text: str) -> Supplier | None:
    """The supplier whose code is `text`, else the only one with that name (case ignored); None otherwise."""
    visible = suppliers_visible_to(user)
    by_code = visible.filter(supplier_code__iexact=text).first()
    if by_code is not None:
        return by_code
    by_name = list(visible.filter(name__iexact=text)[:2])
    return by_name[0] if len(by_name) == 1 else None


def supplier_choices(*, user: Any) -> list[tuple[str, str]]:
    """(code, name) of the active suppliers `user` may file under, for the checker's searchable field."""
    qs = suppliers_visible_to(user).filter(active=True).order_by("name", "supplier_code")
    return list(qs.values_list("supplier_code", "name"))
