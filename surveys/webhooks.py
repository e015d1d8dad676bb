"""The mail provider's delivery events, as django-anymail hands them over after checking the call's
authentication (basic auth with ANYMAIL_WEBHOOK_SECRET, and the provider's signature where it signs)."""

from __future__ import annotations

from typing import Any


def tracking_event_received(sender: Any, event: Any, esp_name: str, **kwargs: Any) -> None:
    """anymail's `tracking` signal: a bounce or complaint goes to the service; the rest is ignored."""
    from surveys.services import email_delivery_outcome

    email_delivery_outcome(
        event_type=str(event.event_type or ""),
        message_id=str(event.message_id or ""),
        recipient=str(event.recipient or ""),
        metadata=dict(event.metadata or {}),
        description=str(event.description or event.mta_response or event.reject_reason or ""),
    )
