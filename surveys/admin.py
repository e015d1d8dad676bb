"""The communications log in the admin: shown, never added, changed or deleted (it is evidence)."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from surveys.models import OutgoingEmail, OutreachStep, RequestEvent


class ReadOnlyAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """A model admin that only shows rows (no add, change or delete, bulk action included)."""

    actions = None

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(OutgoingEmail)
class OutgoingEmailAdmin(ReadOnlyAdmin):
    list_display = ("sent_at", "supplier", "to", "step", "template", "outcome")
    list_filter = ("outcome", "template")
    search_fields = ("to", "supplier__supplier_code", "supplier__name", "step")
    list_select_related = ("supplier",)


@admin.register(RequestEvent)
class RequestEventAdmin(ReadOnlyAdmin):
    list_display = ("at", "request", "kind", "from_status", "to_status", "outcome", "by")
    list_filter = ("kind",)
    list_select_related = ("request__campaign", "request__supplier", "by")


@admin.register(OutreachStep)
class OutreachStepAdmin(ReadOnlyAdmin):
    list_display = ("claimed_at", "request", "step", "kind")
    list_select_related = ("request__campaign", "request__supplier")
