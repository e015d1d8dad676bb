"""The supplier side of sign-in: a user for each supplier contact, links they ask for, colleagues they invite.

Here rather than in accounts because it knows suppliers and their contacts (accounts sits below them);
the link itself is accounts.services.sign_in_link.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.db import transaction

from accounts.models import User
from accounts.services import email_send_templated, sign_in_link, throttle_exceeded, user_create
from suppliers.models import Contact, Supplier

logger = logging.getLogger(__name__)


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


def _contact_language(email: str) -> str:
    contact = Contact.objects.filter(email__iexact=email).exclude(language="").first()
    return contact.language if contact else ""


def sign_in_link_request(*, email: str, client_ip: str) -> bool:
    """E-mail a new sign-in link to `email` if it is a supplier contact's; the caller answers the same either way.

    Throttled like password resets (SIGN_IN_LINK_LIMIT_*), counting known and unknown addresses alike.
    The link goes to an active supplier user with the address, or to a supplier contact with it (who
    gets their user now, on first use). Internal users get nothing: they sign in with their password,
    and a mailbox must not be enough to open an account that sees every supplier. Returns whether an
    e-mail went out.
    """
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
