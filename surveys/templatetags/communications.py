"""The communications log as a panel for pages outside surveys (the supplier's page), so that
suppliers' code does not import surveys (dependencies point one way)."""

from __future__ import annotations

from typing import Any

from django import template

from surveys.selectors import communications_log

register = template.Library()

LOG_ON_SUPPLIER_PAGE = 50


@register.inclusion_tag("surveys/_communications_log.html")
def supplier_communications(supplier: Any) -> dict[str, Any]:
    """The newest entries of the supplier's log across campaigns, with links to the full exports."""
    return {
        "log": communications_log(supplier=supplier, limit=LOG_ON_SUPPLIER_PAGE),
        "show_campaign": True,
        "export_url_name": "surveys:supplier_log_export",
        "export_id": supplier.public_id,
    }
