"""Request helpers shared by the apps."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str:
    """The address of the client, as the log-in lockout and the reset throttle count it.

    Behind `TRUSTED_PROXY_COUNT` reverse proxies the client is the address those proxies appended to
    X-Forwarded-For (counted from the right, so a client cannot pick its own address by sending the
    header); with no proxy configured the header is ignored and the peer address is the client.
    """
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies > 0:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return str(request.META.get("REMOTE_ADDR") or "unknown")
