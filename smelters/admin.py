from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import URLPattern, path
from django.utils.translation import gettext as _

from accounts.http import AuthenticatedHttpRequest
from core.importing import ImportRefused, RowProblem
from smelters.forms import ReferenceUploadForm
from smelters.models import (
    MatchDecision,
    ReferenceImport,
    ReportedSmelter,
    Smelter,
    SmelterAlias,
    SmelterMatch,
    SmelterOrigin,
    StatusSnapshot,
)
from smelters.services import smelter_reference_import


class AliasInline(admin.TabularInline[SmelterAlias, Smelter]):
    model = SmelterAlias
    extra = 0
    fields = ("name", "source")


class StatusInline(admin.TabularInline[StatusSnapshot, Smelter]):
    model = StatusSnapshot
    extra = 0
    can_delete = False
    fields = ("as_of", "status", "category", "assessment_program", "last_audit_date", "source_name")
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(Smelter)
class SmelterAdmin(admin.ModelAdmin[Smelter]):
    list_display = ("cid", "metal", "standard_name", "country", "reference_as_of")
    list_filter = ("metal",)
    search_fields = ("cid", "standard_name", "aliases__name", "country")
    inlines = [AliasInline, StatusInline]
    change_list_template = "smelters/admin_change_list.html"

    def get_urls(self) -> list[URLPattern]:
        own = [path("import/", self.admin_site.admin_view(self.import_view), name="smelters_smelter_import")]
        return own + super().get_urls()

    def import_view(self, request: AuthenticatedHttpRequest) -> HttpResponse:
        """Upload an RMI file; the same service as `manage.py import_smelters`."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = ReferenceUploadForm(request.POST or None, request.FILES or None)
        problems: list[RowProblem] = []
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["file"]
            if upload.size > settings.CMRT_MAX_UPLOAD_BYTES:
                form.add_error("file", _("The file is larger than the upload limit."))
            else:
                try:
                    outcome = smelter_reference_import(
                        source=upload.read(), name=upload.name, as_of=form.cleaned_data["as_of"], user=request.user
                    )
                except ImportRefused as exc:
                    messages.error(request, str(exc))
                    problems = exc.problems
                else:
                    summary = ", ".join(f"{k.replace('_', ' ')}: {v}" for k, v in outcome.counts.items())
                    messages.success(
                        request,
                        _("%(name)s imported as of %(day)s (date from %(origin)s). %(summary)s")
                        % {
                            "name": upload.name,
                            "day": outcome.as_of,
                            "origin": outcome.as_of_origin,
                            "summary": summary,
                        },
                    )
                    for skipped in outcome.skipped:
                        messages.info(request, _("Skipped %(row)s") % {"row": skipped})
                    for warning in outcome.warnings:
                        messages.warning(request, str(warning))
                    return redirect("admin:smelters_smelter_changelist")
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Import smelter reference data"),
            "form": form,
            "problems": problems,
        }
        return TemplateResponse(request, "smelters/admin_import.html", context)


@admin.register(StatusSnapshot)
class StatusSnapshotAdmin(admin.ModelAdmin[StatusSnapshot]):
    list_display = ("smelter", "status", "category", "as_of", "source_name")
    list_filter = ("category", "as_of", "source_name")
    search_fields = ("smelter__cid", "smelter__standard_name", "status")
    list_select_related = ("smelter",)

    # Snapshots are history: never edited in place.
    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(ReferenceImport)
class ReferenceImportAdmin(admin.ModelAdmin[ReferenceImport]):
    list_display = ("source_name", "kind", "sheet", "as_of", "as_of_origin", "imported_by", "created_at")
    readonly_fields = [f.name for f in ReferenceImport._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False


@admin.register(SmelterOrigin)
class SmelterOriginAdmin(admin.ModelAdmin[SmelterOrigin]):
    list_display = ("smelter", "recycled_scrap", "as_of", "source_name")
    autocomplete_fields = ("smelter",)


@admin.register(MatchDecision)
class MatchDecisionAdmin(admin.ModelAdmin[MatchDecision]):
    list_display = ("metal", "example_name", "country_key", "verdict", "smelter", "decided_by", "decided_at")
    list_filter = ("verdict", "metal")
    search_fields = ("name_key", "example_name")
    readonly_fields = ("decided_by", "decided_at")


class MatchInline(admin.StackedInline[SmelterMatch, ReportedSmelter]):
    model = SmelterMatch
    extra = 0
    readonly_fields = (
        "smelter",
        "method",
        "score",
        "flags",
        "needs_review",
        "decision",
        "confirmed_by",
        "confirmed_at",
    )


@admin.register(ReportedSmelter)
class ReportedSmelterAdmin(admin.ModelAdmin[ReportedSmelter]):
    list_display = ("supplier", "source_label", "row_number", "metal", "cid_as_typed", "name", "country")
    list_filter = ("metal",)
    search_fields = ("name", "cid_as_typed", "supplier__name")
    list_select_related = ("supplier",)
    inlines = [MatchInline]
