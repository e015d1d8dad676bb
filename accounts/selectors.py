"""Reads for users and sign-in."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db.models import Max
from django.utils import timezone


def login_lockout_ends_at(*, username: str, ip_address: str) -> datetime:
    """When a locked (address, client) pair may log in again: the cool-off after its last counted failure.

    Attempts made during the lockout are not counted (AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT is
    off), so this time does not move while the user keeps trying.
    """
    from axes.helpers import get_cool_off
    from axes.models import AccessAttempt

    cool_off: timedelta | None = get_cool_off()  # django-axes has no type hints
    assert cool_off is not None, "the portal always configures a cool-off (AXES_COOLOFF_TIME)"
    attempts = AccessAttempt.objects.filter(username=username, ip_address=ip_address)
    last: datetime | None = attempts.aggregate(last=Max("attempt_time"))["last"]
    return (last or timezone.now()) + cool_off
