"""Reads for users and sign-in."""

from __future__ import annotations

from datetime import datetime

from django.db.models import Max
from django.utils import timezone


def login_lockout_ends_at(*, username: str, ip_address: str) -> datetime:
    """When a locked (address, client) pair may log in again: the cool-off after its last counted failure.

    Attempts made during the lockout are not counted (AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT is
    off), so this time does not move while the user keeps trying.
    """
    from axes.helpers import get_cool_off
    from axes.models import AccessAttempt

    cool_off = get_cool_off()
    assert cool_off is not None, "the portal always configures a cool-off (AXES_COOLOFF_TIME)"
    last = AccessAttempt.objects.filter(username=username, ip_address=ip_address).aggregate(last=Max("attempt_time"))
    return (last["last"] or timezone.now()) + cool_off
