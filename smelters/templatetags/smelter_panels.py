"""Smelter facts that other apps' pages show, so that those apps need not import this one (the supplier
page is drawn by `suppliers`, which sits beside `smelters`, not above it)."""

from django import template

from smelters.selectors import open_questions_count

register = template.Library()


@register.simple_tag
def supplier_open_questions(supplier_id: int) -> int:
    """How many smelter names decided "unknown, ask the supplier" this supplier's rows carry."""
    return open_questions_count(supplier_id=supplier_id)
