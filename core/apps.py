from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class CoreConfig(AppConfig):
    default = True  # "core" in INSTALLED_APPS; PortalAdminConfig below is named explicitly
    name = "core"
    verbose_name = "Core"


class PortalAdminConfig(admin_apps.AdminConfig):
    """django.contrib.admin with the portal's admin site as `admin.site`."""

    default = False
    default_site = "core.admin_site.PortalAdminSite"
