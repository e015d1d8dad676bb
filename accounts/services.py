"""Writes for users and roles."""

from django.contrib.auth.models import Group, Permission
from django.db import transaction

from accounts.models import User
from core.access import ROLE_CAPABILITIES, Capability, Role, role_uses_admin

# The admin permissions that carry out each capability of the roles table (core.access); the
# portal's own pages check capabilities directly. Reading is done in the portal, not the admin.
# MANAGE_USERS is every permission there is (administrators are also superusers in practice).
CAPABILITY_PERMISSIONS: dict[Capability, list[tuple[str, str]]] = {
    Capability.MANAGE_SUPPLIERS: [
        ("suppliers", "view_supplier"),
        ("suppliers", "add_supplier"),
        ("suppliers", "change_supplier"),
        ("suppliers", "view_contact"),
        ("suppliers", "add_contact"),
        ("suppliers", "change_contact"),
        ("suppliers", "delete_contact"),
        ("suppliers", "view_submission"),
    ],
    Capability.MANAGE_REFERENCE: [
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
    ],
    Capability.REVIEW_SMELTERS: [
        ("smelters", "view_matchdecision"),
        ("smelters", "view_reportedsmelter"),
    ],
}


@transaction.atomic
def roles_sync() -> None:
    """Create the role groups and give them the admin permissions of their capabilities (idempotent;
    runs after migrate, so a changed roles table reaches existing groups)."""
    for role, capabilities in ROLE_CAPABILITIES.items():
        group, _ = Group.objects.get_or_create(name=role.value)
        if Capability.MANAGE_USERS in capabilities:
            group.permissions.set(Permission.objects.all())
            continue
        wanted = [
            p
            for capability in sorted(capabilities)
            for app_label, codename in CAPABILITY_PERMISSIONS.get(capability, [])
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
    """Create a user with the given roles; members of roles that work in the admin are made staff."""
    user = User(
        username=email.lower(),
        email=email.lower(),
        first_name=first_name,
        last_name=last_name,
        is_superuser=is_superuser,
        is_staff=any(role_uses_admin(r) for r in roles) or is_superuser if is_staff is None else is_staff,
    )
    user.set_password(password) if password else user.set_unusable_password()
    user.save()
    if roles:
        roles_sync()
        user.groups.set(Group.objects.filter(name__in=[r.value for r in roles]))
    return user
