"""Internal pages of outreach: a request's page with its communications log, notes and pause, and the
log's exports (per request, supplier and campaign)."""

from __future__ import annotations

from uuid import UUID

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from accounts.models import User
from core.access import Capability, capability_required, may
from suppliers.selectors import supplier_get_for_user
from surveys import selectors, services
from surveys.exporters import CommunicationsLogExporter

LOG_ON_PAGE = 100
EXPORT_FORMATS = ("csv", "xlsx")


class NoteForm(forms.Form):
    text = forms.CharField(label=gettext_lazy("Note"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3}))


class PauseForm(forms.Form):
    until = forms.DateField(
        label=gettext_lazy("Pause reminders until"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=gettext_lazy("Empty: resume the reminders."),
    )


@require_GET
@capability_required(Capability.READ)
def request_detail(request: HttpRequest, public_id: UUID) -> HttpResponse:
    """A request's page for the team: where it stands, its communications log, a note, a pause."""
    survey_request = selectors.request_get_for_user(user=request.user, public_id=public_id)
    return render(
        request,
        "surveys/request_detail.html",
        {
            "survey_request": survey_request,
            "log": selectors.communications_log(survey_request=survey_request, limit=LOG_ON_PAGE),
            "note_form": NoteForm(),
            "pause_form": PauseForm(initial={"until": survey_request.paused_until}),
            "may_run": may(request.user, Capability.RUN_CAMPAIGNS),
        },
    )


@require_POST
@capability_required(Capability.RUN_CAMPAIGNS)
def request_note_add(request: HttpRequest, public_id: UUID) -> HttpResponse:
    survey_request = selectors.request_get_for_user(user=request.user, public_id=public_id)
    form = NoteForm(request.POST)
    if form.is_valid():
        user = request.user
        assert isinstance(user, User)
        services.request_note_add(survey_request=survey_request, text=form.cleaned_data["text"], by=user)
        messages.success(request, _("The note is in the log."))
    else:
        messages.error(request, _("Write the note first."))
    return redirect("surveys:request_detail", public_id=survey_request.public_id)


@require_POST
@capability_required(Capability.RUN_CAMPAIGNS)
def request_pause(request: HttpRequest, public_id: UUID) -> HttpResponse:
    survey_request = selectors.request_get_for_user(user=request.user, public_id=public_id)
    form = PauseForm(request.POST)
    if form.is_valid():
        user = request.user
        assert isinstance(user, User)
        until = form.cleaned_data["until"]
        services.request_pause(survey_request=survey_request, until=until, by=user)
        messages.success(request, _("Reminders are paused.") if until else _("Reminders are on again."))
    else:
        messages.error(request, _("Enter a date as YYYY-MM-DD."))
    return redirect("surveys:request_detail", public_id=survey_request.public_id)


def _export(entries: list[selectors.LogEntry], filename: str, file_format: str) -> HttpResponse:
    if file_format not in EXPORT_FORMATS:
        raise Http404
    content, content_type, name = CommunicationsLogExporter(entries, filename).render(file_format)
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@require_GET
@capability_required(Capability.READ)
def request_log_export(request: HttpRequest, public_id: UUID, file_format: str) -> HttpResponse:
    survey_request = selectors.request_get_for_user(user=request.user, public_id=public_id)
    entries = selectors.communications_log(survey_request=survey_request)
    return _export(entries, f"communications-{survey_request.supplier.supplier_code}", file_format)


@require_GET
@capability_required(Capability.READ)
def supplier_log_export(request: HttpRequest, public_id: UUID, file_format: str) -> HttpResponse:
    supplier = supplier_get_for_user(user=request.user, public_id=public_id)
    return _export(
        selectors.communications_log(supplier=supplier), f"communications-{supplier.supplier_code}", file_format
    )


@require_GET
@capability_required(Capability.READ)
def campaign_log_export(request: HttpRequest, public_id: UUID, file_format: str) -> HttpResponse:
    campaign = selectors.campaign_get_for_user(user=request.user, public_id=public_id)
    return _export(selectors.communications_log(campaign=campaign), "communications-campaign", file_format)
