"""Exports of the surveys app (rows through core.exporting's formula-safe base)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.utils.translation import gettext as _

from core.exporting import RowExporter
from surveys.selectors import LogEntry


class CommunicationsLogExporter(RowExporter):
    """The communications log as evidence of the inquiry: one row per e-mail or event, oldest first."""

    def __init__(self, entries: list[LogEntry], filename: str) -> None:
        self.entries = entries
        self.filename = filename

    def headers(self) -> list[str]:
        return [
            _("When (UTC)"),
            _("Supplier code"),
            _("Supplier"),
            _("Campaign"),
            _("Kind"),
            _("To"),
            _("Template"),
            _("Step"),
            _("Outcome"),
            _("Details"),
            _("By"),
        ]

    def rows(self) -> Iterable[list[Any]]:
        for e in reversed(self.entries):
            yield [
                e.at,
                e.supplier_code,
                e.supplier_name,
                e.campaign,
                e.kind_label,
                e.to,
                e.template,
                e.step,
                e.outcome_label,
                e.text,
                e.by,
            ]
