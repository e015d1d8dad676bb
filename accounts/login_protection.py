"""Hooks that django-axes calls for the brute-force protection of both log-in pages.

Axes counts failed log-ins per (e-mail address, client address) and pauses that pair after
AXES_FAILURE_LIMIT failures for AXES_COOLOFF_TIME; see the settings for why that pair.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def lockout_username(request: HttpRequest, credentials: dict[str, Any] | None = None) -> str | None:
    """The address as the user logs in with it: case and surrounding spaces do not make a new count.

    A sign-in link counts against the address of the user its token names (whether or not the link is
    still good), so that failed links and failed passwords share one count per address and client;
    a token that names nobody counts against the client alone (an empty address).
    """
    if credentials is not None and credentials.get("sesame") is not None:
        return link_address(str(credentials["sesame"]))
    if credentials is not None and "username" in credentials:
        value = credentials["username"]
    else:
        value = request.POST.get("username")
    return value.strip().lower() if isinstance(value, str) else value


def lockout_response(
    request: HttpRequest, original_response: HttpResponse | None = None, credentials: dict[str, Any] | None = None
) -> HttpResponse:
    """The page shown instead of either log-in form while the pair is locked: what happened, when to retry."""
    from axes.helpers import get_failure_limit

    from accounts.selectors import login_lockout_ends_at

    username = lockout_username(request, credentials) or ""
    context = {
        "username": username,
        "by_link": bool(credentials and credentials.get("sesame") is not None),
        "failure_limit": get_failure_limit(request, credentials),
        "retry_at": login_lockout_ends_at(username=username, ip_address=str(getattr(request, "axes_ip_address", ""))),
    }
    return render(request, "registration/locked_out.html", context, status=429)


def link_address(token: str) -> str:
    """The e-mail address of the user a sign-in token names, "" when it names nobody.

    Read without checking the signature (only to count failures against that address), the way
    django-sesame itself reads the user before it checks the token.
    """
    import base64

    from sesame.packers import packer

    from accounts.models import User

    try:
        data = base64.urlsafe_b64decode(token.encode() + b"=" * (-len(token) % 4))
        user_pk, _rest = packer.unpack_pk(data)
    except Exception:  # garbage of any kind names nobody
        return ""
    email = User.objects.filter(pk=user_pk).values_list("email", flat=True).first()
    return (email or "").lower()
