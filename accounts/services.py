"""Writes for users and roles, and the sign-in of supplier contacts by link."""

from __future__ import annotations

import hashlib
import logging
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth.forms import PasswordResetForm
from django.contrib.auth.models import Group, Permission
from django.core.cache import cache
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from accounts.models import User
from core.access import ROLE_CAPABILITIES, Capability, Role, role_uses_admin

logger = logging.getLogger(__name__)

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
        ("surveys", "view_submission"),
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


def _throttle_count(*, key: str, window_seconds: int) -> int:
    """Count one more event under `key` and return the count in the current window.

    A fixed window that opens at the first event (add + incr are atomic in Redis and in local memory),
    so concurrent requests cannot both slip under the limit.
    """
    cache.add(key, 0, timeout=window_seconds)
    try:
        return cache.incr(key)
    except ValueError:  # the window closed between add and incr: this event opens a new one
        cache.set(key, 1, timeout=window_seconds)
        return 1


def throttle_exceeded(
    *, kind: str, email: str, client_ip: str, per_address: int, per_client: int, window_minutes: int
) -> bool:
    """Count one more e-mail of `kind` asked for `email` from `client_ip`; True when either is over its limit.

    Every request counts, for known and unknown addresses alike, so neither the limit nor the answer
    tells which addresses have an account. A throttled request is logged; the caller sends nothing.
    """
    email = email.strip().lower()
    window = window_minutes * 60
    # Hashed: the cache holds no e-mail addresses, and keys stay short whatever was typed.
    address_key = f"{kind}:address:" + hashlib.sha256(email.encode()).hexdigest()
    client_key = f"{kind}:client:" + hashlib.sha256(client_ip.encode()).hexdigest()
    per_client_count = _throttle_count(key=client_key, window_seconds=window)
    per_address_count = _throttle_count(key=address_key, window_seconds=window)
    if per_address_count > per_address or per_client_count > per_client:
        logger.warning(
            "%s throttled, no e-mail sent: address %r (request %d in the window), client %s (request %d)",
            kind.replace("-", " "),
            email,
            per_address_count,
            client_ip,
            per_client_count,
        )
        return True
    return False


def password_reset_request(*, form: PasswordResetForm, client_ip: str, **send_options: Any) -> bool:
    """Send the password-reset e-mail of a valid `form` unless its address or client asked too often.

    At most PASSWORD_RESET_LIMIT_PER_ADDRESS e-mails per address and PASSWORD_RESET_LIMIT_PER_CLIENT per
    client address go out in PASSWORD_RESET_LIMIT_WINDOW_MINUTES, so the form cannot flood a mailbox or
    be used to send mail in bulk. Every request counts, for known and unknown addresses alike, and the
    caller shows the same page whatever happened, so neither the limit nor the answer tells which
    addresses have an account. A throttled request is logged and sends nothing. Returns whether the
    e-mail was handed to Django's form (which sends it only if an active account has the address).
    """
    if throttle_exceeded(
        kind="password-reset",
        email=form.cleaned_data["email"],
        client_ip=client_ip,
        per_address=settings.PASSWORD_RESET_LIMIT_PER_ADDRESS,
        per_client=settings.PASSWORD_RESET_LIMIT_PER_CLIENT,
        window_minutes=settings.PASSWORD_RESET_LIMIT_WINDOW_MINUTES,
    ):
        return False
    form.save(**send_options)
    return True


# --- Supplier users and sign-in by link -------------------------------------------------------------

# The scope of every sign-in token: a token made by django-sesame for another purpose cannot sign in here.
SIGN_IN_SCOPE = "supplier-portal"


def sign_in_link(*, user: User, next_path: str = "") -> str:
    """The absolute URL that signs `user` (a supplier's user) in once, then opens `next_path`.

    The token is django-sesame's: signed, naming this one user, valid for SESAME_MAX_AGE and spent by
    the sign-in it gives (SESAME_ONE_TIME), or by a password change.
    """
    from sesame.utils import get_token

    if not user.supplier_id:
        raise ValueError("sign-in links are only for users who answer for a supplier")
    query = {settings.SESAME_TOKEN_NAME: get_token(user, scope=SIGN_IN_SCOPE)}
    if next_path:
        query["next"] = next_path
    return f"{settings.PORTAL_BASE_URL.rstrip('/')}{reverse('link_sign_in')}?{urlencode(query)}"


def email_send_templated(*, to: str, template: str, context: dict[str, Any], language: str = "") -> None:
    """Send templates/emails/<template>_subject.txt, .txt and .html to `to`, in `language` when given."""
    with translation.override(language or settings.LANGUAGE_CODE):
        subject = " ".join(render_to_string(f"emails/{template}_subject.txt", context).split())
        text = render_to_string(f"emails/{template}.txt", context)
        html = render_to_string(f"emails/{template}.html", context)
    message = EmailMultiAlternatives(subject=subject, body=text, to=[to])
    message.attach_alternative(html, "text/html")
    message.send()
