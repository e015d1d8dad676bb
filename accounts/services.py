"""Writes for users and roles."""

from django.contrib.auth.models import Group, Permission
from django.db import transaction

from accounts.models import User
from core.access import Role

# What each role may do in the admin (the portal pages check roles through core.access).
ROLE_PERMISSIONS: dict[Role, list[tuple[str, str]]] = {
    Role.SUPPLY_CHAIN: [
        ("suppliers", "view_supplier"),
        ("suppliers", "add_supplier"),
        ("suppliers", "change_supplier"),
        ("suppliers", "view_contact"),
        ("suppliers", "add_contact"),
        ("suppliers", "change_contact"),
        ("suppliers", "delete_contact"),
        ("suppliers", "view_submission"),
        # Reference data: the supply-chain team imports RMI lists and keeps aliases and decisions.
        ("smelters", "view_smelter"),
        ("smelters", "add_smelter"),
        ("smelters", "change_smelter"),
        ("smelters", "view_smelteralias"),
        ("smelters", "add_smelteralias"),
        ("smelters", "change_smelteralias"),
        ("smelters", "view_statussnapshot"),
        ("smelters", "view_referenceimport"),
        ("smelters", "view_smelterorigin"),
        ("smelters", "add_smelterorigin"),
        ("smelters", "change_smelterorigin"),
        ("smelters", "view_matchdecision"),
        ("smelters", "view_reportedsmelter"),
    ],
    Role.LEGAL: [
        ("suppliers", "view_supplier"),
        ("suppliers", "view_contact"),
        ("suppliers", "view_submission"),
        ("smelters", "view_smelter"),
        ("smelters", "view_statussnapshot"),
        ("smelters", "view_referenceimport"),
    ],
    Role.ADMINISTRATOR: [],  # administrators are superusers or get every permission below
}


@transaction.atomic
def roles_sync() -> None:
    """Create the role groups and give them their permissions (idempotent; runs after migrate)."""
    for role, perms in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=role.value)
        if role is Role.ADMINISTRATOR:
            group.permissions.set(Permission.objects.all())
            continue
        wanted = [
            p
            for app_label, codename in perms
            for p in Permission.objects.filter(content_type__app_label=app_label, codename=codename)
        ]
        group.permissions.set(wanted)


def user_create(
    *,
    email: str,
    password: str | None,
    first_name: str = "",
    last_name: str = "",
    roles: list[Role] | tuple[Role, ...] = (),
    is_staff: bool | None = None,
    is_superuser: bool = False,
) -> User:
    """Create a user with the given roles; internal users may use the admin (is_staff)."""
    user = User(
        username=email.lower(),
        email=email.lower(),
        first_name=first_name,
        last_name=last_name,
        is_superuser=is_superuser,
        is_staff=bool(roles) or is_superuser if is_staff is None else is_staff,
    )
    user.set_password(password) if password else user.set_unusable_password()
    user.save()
    if roles:
        roles_sync()
        user.groups.set(Group.objects.filter(name__in=[r.value for r in roles]))
    return user
