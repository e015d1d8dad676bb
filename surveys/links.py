"""The personal link in a request's e-mails: one function, so that the sign-in token has one home."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from django.conf import settings
from django.urls import reverse

if TYPE_CHECKING:
    from surveys.models import SurveyRequest

logger = logging.getLogger(__name__)


def request_link(request: SurveyRequest) -> str:
    """The absolute URL that signs the request's contact in (once) and opens the request in the portal.

    The contact is the supplier's primary contact now, else the one the request was made to; their
    supplier user is created here on first use (one user per e-mail address, surveys.services.portal). The
    link is django-sesame's (accounts.services.sign_in_link: single use, expiring, for this one user).
    Without a contact, or when the address already belongs to someone who does not answer for this
    supplier, the link is the plain portal URL: the contact then signs in with "send me a link".
    """
    from accounts.services import sign_in_link
    from surveys.services.portal import SupplierUserConflict, supplier_user_for

    path = reverse("portal:request_detail", kwargs={"public_id": request.public_id})
    contact = request.supplier.contacts.filter(is_primary=True).first() or request.contact
    if contact is None or not contact.email:
        return f"{settings.PORTAL_BASE_URL.rstrip('/')}{path}"
    first, _sep, last = contact.name.partition(" ")
    try:
        user = supplier_user_for(email=contact.email, supplier=request.supplier, first_name=first, last_name=last)
    except SupplierUserConflict:
        logger.warning("request %s: %s is not this supplier's user; plain link sent", request.public_id, contact.email)
        return f"{settings.PORTAL_BASE_URL.rstrip('/')}{path}"
    if not user.is_active:
        return f"{settings.PORTAL_BASE_URL.rstrip('/')}{path}"
    return sign_in_link(user=user, next_path=path)
