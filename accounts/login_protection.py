"""Hooks that django-axes calls for the brute-force protection of both log-in pages.

Axes counts failed log-ins per (e-mail address, client address) and pauses that pair after
AXES_FAILURE_LIMIT failures for AXES_COOLOFF_TIME; see the settings for why that pair.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def lockout_username(request: HttpRequest, credentials: dict[str, Any] | None = None) -> str | None:
    """The address as the user logs in with it: case and surrounding spaces do not make a new count."""
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
        "failure_limit": get_failure_limit(request, credentials),
        "retry_at": login_lockout_ends_at(username=username, ip_address=str(getattr(request, "axes_ip_address", ""))),
    }
    return render(request, "registration/locked_out.html", context, status=429)
