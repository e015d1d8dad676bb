"""Writes for users and roles, and the sign-in of supplier contacts by link."""

from __future__ import annotations

import hashlib
import logging
from typing import TYPE_CHECKING, Any
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

if TYPE_CHECKING:
    from suppliers.models import Supplier

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


class SupplierUserConflict(ValueError):
    """The address already belongs to an account that is not this supplier's (another supplier's, or staff)."""


def supplier_user_for(*, email: str, supplier: Supplier, first_name: str = "", last_name: str = "") -> User:
    """The user who answers for `supplier` under `email`, created (without a password) when there is none.

    One user per e-mail address, and a user belongs to exactly one supplier: an address already used by
    another supplier's user or by an internal user is refused with SupplierUserConflict rather than
    moved, since moving it would hand that person's access to a different company.
    """
    email = email.strip().lower()
    user = User.objects.filter(email__iexact=email).first()
    if user is None:
        user = user_create(email=email, password=None, first_name=first_name[:150], last_name=last_name[:150])
        user.supplier = supplier
        user.save(update_fields=["supplier"])
        return user
    if user.supplier_id != supplier.id:
        raise SupplierUserConflict(
            f"{email} already has an account that does not answer for {supplier.supplier_code}; it was left as it is."
        )
    return user


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


def _contact_language(email: str) -> str:
    from suppliers.models import Contact

    contact = Contact.objects.filter(email__iexact=email).exclude(language="").first()
    return contact.language if contact else ""


def email_send_templated(*, to: str, template: str, context: dict[str, Any], language: str = "") -> None:
    """Send templates/emails/<template>_subject.txt, .txt and .html to `to`, in `language` when given."""
    with translation.override(language or settings.LANGUAGE_CODE):
        subject = " ".join(render_to_string(f"emails/{template}_subject.txt", context).split())
        text = render_to_string(f"emails/{template}.txt", context)
        html = render_to_string(f"emails/{template}.html", context)
    message = EmailMultiAlternatives(subject=subject, body=text, to=[to])
    message.attach_alternative(html, "text/html")
    message.send()


def sign_in_link_request(*, email: str, client_ip: str) -> bool:
    """E-mail a new sign-in link to `email` if it is a supplier contact's; the caller answers the same either way.

    Throttled like password resets (SIGN_IN_LINK_LIMIT_*), counting known and unknown addresses alike.
    The link goes to an active supplier user with the address, or to a supplier contact with it (who
    gets their user now, on first use). Internal users get nothing: they sign in with their password,
    and a mailbox must not be enough to open an account that sees every supplier. Returns whether an
    e-mail went out.
    """
    from suppliers.models import Contact

    email = email.strip().lower()
    if throttle_exceeded(
        kind="sign-in-link",
        email=email,
        client_ip=client_ip,
        per_address=settings.SIGN_IN_LINK_LIMIT_PER_ADDRESS,
        per_client=settings.SIGN_IN_LINK_LIMIT_PER_CLIENT,
        window_minutes=settings.SIGN_IN_LINK_LIMIT_WINDOW_MINUTES,
    ):
        return False
    user = User.objects.filter(email__iexact=email).first()
    if user is None:
        contacts = list(Contact.objects.filter(email__iexact=email).select_related("supplier")[:2])
        if len(contacts) != 1:
            return False  # unknown, or a contact of two suppliers (which one it meant is for the team to say)
        contact = contacts[0]
        first, _sep, last = contact.name.partition(" ")
        user = supplier_user_for(email=email, supplier=contact.supplier, first_name=first, last_name=last)
    if not user.is_active or not user.supplier_id:
        return False
    email_send_templated(
        to=user.email,
        template="sign_in_link",
        context={"user": user, "link": sign_in_link(user=user), "days": settings.SESAME_MAX_AGE.days},
        language=_contact_language(user.email),
    )
    return True


def colleague_invite(*, invited_by: User, email: str, first_name: str = "", last_name: str = "") -> User:
    """Give a colleague of `invited_by` access to the same supplier and e-mail them a sign-in link.

    An address that is already this supplier's user gets a fresh link; one that belongs to anybody
    else raises SupplierUserConflict (a supplier's user can only ever add people to its own supplier).
    """
    if invited_by.supplier is None:
        raise ValueError("only a supplier's users invite colleagues")
    with transaction.atomic():
        user = supplier_user_for(email=email, supplier=invited_by.supplier, first_name=first_name, last_name=last_name)
    email_send_templated(
        to=user.email,
        template="colleague_invite",
        context={
            "user": user,
            "invited_by": invited_by,
            "supplier": invited_by.supplier,
            "link": sign_in_link(user=user),
            "days": settings.SESAME_MAX_AGE.days,
        },
        language=_contact_language(user.email),
    )
    logger.info("%s invited %s to answer for supplier %s", invited_by.email, user.email, invited_by.supplier_id)
    return user
