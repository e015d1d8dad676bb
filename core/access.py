"""Who may do what: the one place where roles are defined and checked.

Internal users hold one or more roles through Django groups. Supplier-side users (with
`user.supplier` set) hold none of them and never pass an internal check, in the portal or the
admin. Anonymous users are sent to the login page; a logged-in user without the role gets 403.
"""

from collections.abc import Callable, Iterable
from enum import StrEnum
from functools import wraps
from typing import Any

from django.contrib.auth import get_permission_codename
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse


class Role(StrEnum):
    SUPPLY_CHAIN = "Supply chain"
    LEGAL = "Legal"
    ADMINISTRATOR = "Administrators"


INTERNAL_ROLES = frozenset(Role)


class Capability(StrEnum):
    """What a role may do; the values are the rows of the table in README's "Roles and access"."""

    READ = "Read suppliers, contacts, checked CMRTs and smelters"
    CHECK_CMRT = "Check CMRTs and file them under suppliers"
    REVIEW_SMELTERS = "Decide smelter matches in the review queue"
    MANAGE_SUPPLIERS = "Admin: add and change suppliers and contacts, ERP import and export"
    MANAGE_REFERENCE = "Admin: import RMI reference lists, keep aliases and origins"
    MANAGE_USERS = "Admin: users, groups and everything else"
    RUN_CAMPAIGNS = "Run survey campaigns: draft, open, close, send a supplier's link again"
    UPLOAD_BLANK_TEMPLATE = "Upload the blank CMRT a campaign hands out"


# The roles table. Legal reads and will get the reports; it files nothing and keeps out of the admin,
# so that every CMRT on file was filed by the team that answers to the supplier. The RMI lists change
# a few times a year and the supply-chain team is the one that needs them current, so it imports
# them; administrators alone manage users (and may do everything else). The blank CMRT that a
# campaign hands out is the RMI's file, which an administrator fetches and uploads (it is not shipped).
ROLE_CAPABILITIES: dict[Role, frozenset[Capability]] = {
    Role.SUPPLY_CHAIN: frozenset(
        {
            Capability.READ,
            Capability.CHECK_CMRT,
            Capability.REVIEW_SMELTERS,
            Capability.MANAGE_SUPPLIERS,
            Capability.MANAGE_REFERENCE,
            Capability.RUN_CAMPAIGNS,
        }
    ),
    Role.LEGAL: frozenset({Capability.READ}),
    Role.ADMINISTRATOR: frozenset(Capability),
}
ADMIN_CAPABILITIES = frozenset({Capability.MANAGE_SUPPLIERS, Capability.MANAGE_REFERENCE, Capability.MANAGE_USERS})


def user_roles(user: Any) -> frozenset[Role]:
    """The roles of `user`; superusers are administrators whatever their groups."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return frozenset()
    if getattr(user, "supplier_id", None):
        # A supplier's user is never internal, even if someone puts it in an internal group by mistake.
        return frozenset()
    cached = getattr(user, "_cmrt_roles", None)
    if cached is None:
        names = set(user.groups.values_list("name", flat=True))
        cached = frozenset(role for role in Role if role.value in names)
        if user.is_superuser:
            cached = cached | {Role.ADMINISTRATOR}
        user._cmrt_roles = cached
    return cached


def supplier_id_of(user: Any) -> int | None:
    """The id of the supplier `user` answers for; None for anonymous, inactive and internal users."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    return getattr(user, "supplier_id", None) or None


def has_role(user: Any, *roles: Role) -> bool:
    held = user_roles(user)
    return Role.ADMINISTRATOR in held or bool(held.intersection(roles))


def is_internal(user: Any) -> bool:
    return bool(user_roles(user))


def may(user: Any, capability: Capability) -> bool:
    """Whether one of `user`'s roles has `capability` in the roles table."""
    return any(capability in ROLE_CAPABILITIES[role] for role in user_roles(user))


def role_uses_admin(role: Role) -> bool:
    """Whether members of `role` work in the admin (and so are made staff)."""
    return bool(ROLE_CAPABILITIES[role] & ADMIN_CAPABILITIES)


def may_enter_admin(user: Any) -> bool:
    """Whether `user` may use the admin site: an active staff member with at least one admin permission.

    A supplier's user never enters, even with is_staff, is_superuser or an internal group given by
    mistake: the admin shows every supplier's data. The admin site asks this and nothing else.
    """
    if not getattr(user, "is_authenticated", False) or not user.is_active or not user.is_staff:
        return False
    if getattr(user, "supplier_id", None):
        return False
    return bool(user.is_superuser or user.get_all_permissions())


def has_model_permissions(user: Any, opts: Any, *actions: str) -> bool:
    """Whether `user` holds every one of the model permissions `actions` ("add", "view", ...) on the
    model whose `_meta` is `opts` (the admin's own permissions, given to the role groups at migrate)."""
    return all(user.has_perm(f"{opts.app_label}.{get_permission_codename(action, opts)}") for action in actions)


def capability_required(capability: Capability) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    """View decorator: anonymous → login page; logged in without `capability` in the roles table → 403."""

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not may(request.user, capability):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def role_required(*roles: Role) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    """View decorator: anonymous → login page; logged in without any of `roles` → 403.

    With no roles given, any internal role is enough. Administrators pass every check.
    """
    wanted: Iterable[Role] = roles or tuple(INTERNAL_ROLES)

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not has_role(request.user, *wanted):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def supplier_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """View decorator for the supplier portal: anonymous → login page; a user who does not answer for a
    supplier (internal staff, no role) → 403, and the 403 page says that this is the suppliers' side.

    Which supplier's objects the user then sees is the selectors' business (another supplier's → 404).
    """

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if supplier_id_of(request.user) is None:
            raise PermissionDenied("supplier-portal")
        return view(request, *args, **kwargs)

    return wrapped
