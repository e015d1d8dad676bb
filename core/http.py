"""Request helpers shared by the apps."""

from __future__ import annotations

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def _valid_ip(value: str | None) -> str | None:
    try:
        return str(ipaddress.ip_address((value or "").strip()))
    except ValueError:
        return None


def client_ip(request: HttpRequest) -> str | None:
    """The address of the client, as the log-in lockout and the reset throttle count it (None if unknown).

    Behind `TRUSTED_PROXY_COUNT` reverse proxies the client is the address those proxies appended to
    X-Forwarded-For (counted from the right, so a client cannot pick its own address by sending the
    header); with no proxy configured the header is ignored and the peer address is the client. Only
    well-formed addresses are returned: the lockout stores them in an address column (inet on PostgreSQL).
    """
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies > 0:
        forwarded = [part for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
        if len(forwarded) >= proxies and (address := _valid_ip(forwarded[-proxies])):
            return address
    return _valid_ip(request.META.get("REMOTE_ADDR"))
