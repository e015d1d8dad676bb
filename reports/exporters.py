"""Exports of the read side: the request status table of a campaign (CSV and XLSX)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.utils.translation import gettext as _

from core.exporting import RowExporter
from surveys import selectors
from surveys.models import Campaign, SurveyRequest

CHUNK = 500


def _day(value: Any) -> str:
    return value.date().isoformat() if value else ""


class RequestStatusExporter(RowExporter):
    """The campaign page's table, one row per request, with the same filters: supplier, status, dates
    of the ladder, contact, owner and the current declaration with its findings."""

    def __init__(self, *, campaign: Campaign, **filters: str) -> None:
        self.campaign = campaign
        self.filters = filters
        safe = "".join(c if c.isalnum() else "-" for c in campaign.name).strip("-") or "campaign"
        self.filename = f"requests-{safe}"
        self._headers = [
            _("Supplier code"),
            _("Supplier"),
            _("Country"),
            _("Category"),
            _("Owner"),
            _("Contact"),
            _("Status"),
            _("Sent"),
            _("Opened"),
            _("Responded"),
            _("Last contact"),
            _("Decline reason"),
            _("Current declaration"),
            _("Declaration status"),
            _("CMRT version"),
            _("Errors"),
            _("Warnings"),
        ]

    def headers(self) -> list[str]:
        return self._headers

    def rows(self) -> Iterator[list[Any]]:
        qs = selectors.campaign_requests(campaign=self.campaign, **self.filters)
        chunk: list[SurveyRequest] = []
        for request in qs.iterator(chunk_size=CHUNK):
            chunk.append(request)
            if len(chunk) == CHUNK:
                yield from self._rows(chunk)
                chunk = []
        yield from self._rows(chunk)

    def _rows(self, chunk: list[SurveyRequest]) -> Iterator[list[Any]]:
        selectors.requests_attach_current_declaration(chunk)
        for r in chunk:
            d = r.current_declaration  # type: ignore[attr-defined]
            owner = r.supplier.owner
            yield [
                r.supplier.supplier_code,
                r.supplier.name,
                r.supplier.country,
                r.supplier.category,
                owner.email if owner else "",
                r.contact.email if r.contact else "",
                str(r.get_status_display()),
                _day(r.sent_at),
                _day(r.opened_at),
                _day(r.responded_at),
                _day(r.last_contact_at),
                str(r.get_decline_reason_display()) if r.decline_reason else "",
                d.original_name if d else "",
                str(d.get_status_display()) if d else "",
                (d.version or "") if d else "",
                d.error_count if d and d.is_done else "",
                d.warning_count if d and d.is_done else "",
            ]
