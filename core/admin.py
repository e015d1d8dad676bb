from django.contrib import admin
from django.http import HttpRequest
from import_export.admin import ImportExportModelAdmin

from core.access import has_model_permissions
from core.models import WorkerHeartbeat


# django-import-export ships no type hints, so its classes are Any to mypy.
class PermissionedImportExportAdmin(ImportExportModelAdmin):  # type: ignore[misc]
    """Import and export in the admin, each behind the model permissions it uses.

    django-import-export lets anyone who reaches the admin import and export unless told otherwise.
    An import creates and updates rows, so it needs the add and the change permission; an export
    reads, so it needs the view permission. Every admin offering import or export inherits this.
    """

    def has_import_permission(self, request: HttpRequest) -> bool:
        return has_model_permissions(request.user, self.opts, "add", "change")

    def has_export_permission(self, request: HttpRequest) -> bool:
        return has_model_permissions(request.user, self.opts, "view")


@admin.register(WorkerHeartbeat)
class WorkerHeartbeatAdmin(admin.ModelAdmin[WorkerHeartbeat]):
    list_display = ("hostname", "seen_at")
    readonly_fields = ("hostname", "seen_at")
