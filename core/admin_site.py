"""The admin site of the portal: Django's, with the entry rule of core.access."""

from django.contrib import admin
from django.http import HttpRequest

from core.access import may_enter_admin


class PortalAdminSite(admin.AdminSite):
    """Every admin page (and django-import-export's import and export views) asks `has_permission`,
    so the one rule in core.access keeps a supplier's user out of all of them."""

    def has_permission(self, request: HttpRequest) -> bool:
        return may_enter_admin(request.user)
