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


def has_role(user: Any, *roles: Role) -> bool:
    held = user_roles(user)
    return Role.ADMINISTRATOR in held or bool(held.intersection(roles))


def is_internal(user: Any) -> bool:
    return bool(user_roles(user))


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
