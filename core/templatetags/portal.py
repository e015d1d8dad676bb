from django import template
from django.http import QueryDict

register = template.Library()


@register.simple_tag(takes_context=True)
def sort_url(context: template.Context, field: str) -> str:
    """Query string that sorts by `field`, toggling the direction when already sorted by it."""
    query: QueryDict = context["request"].GET.copy()
    current = query.get("sort", "name")
    query["sort"] = f"-{field}" if current == field else field
    query.pop("page", None)
    return "?" + query.urlencode()


@register.simple_tag(takes_context=True)
def sort_mark(context: template.Context, field: str) -> str:
    current = context["request"].GET.get("sort", "name")
    return "▲" if current == field else "▼" if current == f"-{field}" else ""


@register.filter
def get_item(mapping: dict[str, object] | None, key: str) -> object:
    return mapping.get(key) if mapping else None
