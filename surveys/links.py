"""The personal link in a request's e-mails: one function, so that the sign-in token has one home."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.urls import NoReverseMatch, reverse

if TYPE_CHECKING:
    from surveys.models import SurveyRequest


def request_link(request: SurveyRequest) -> str:
    """The absolute URL that takes the request's contact to the request in the supplier portal.

    For now the portal's own URL (the contact signs in); the portal's link sign-in adds its token here.
    """
    try:
        path = reverse("portal:request_detail", kwargs={"public_id": request.public_id})
    except NoReverseMatch:  # the portal is not wired yet: the portal's home
        path = "/portal/"
    return f"{settings.PORTAL_BASE_URL.rstrip('/')}{path}"
