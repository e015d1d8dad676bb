"""Reads of campaigns, requests and CMRT submissions that cross an access boundary, and the one
definition of a request's current declaration."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

from django.db.models import Case, Count, IntegerField, OuterRef, Q, QuerySet, Subquery, Value, When
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from core.access import is_internal, supplier_id_of
from suppliers.models import Supplier
from surveys.models import Campaign, OutgoingEmail, RequestEvent, Submission, SurveyRequest

# A request's current declaration (DOMAIN.md): its latest submission that passed validation; if none
# passed, its latest submission. A re-upload of the very same file is not a declaration of its own
# (its earlier twin in the same request is), so duplicates are left out.
_DECLARATION_ORDER = (
    Case(When(status=Submission.Status.VALID, then=Value(0)), default=Value(1), output_field=IntegerField()),
    "-created_at",
    "-id",
)


def _declarations() -> QuerySet[Submission]:
    return Submission.objects.exclude(status=Submission.Status.DUPLICATE)


def current_declaration_id() -> Subquery:
    """An expression for annotating requests with the id of their current declaration (or None); the
    one definition that the campaign page, the dashboard and the reports use."""
    return Subquery(
        _declarations().filter(request=OuterRef("pk")).order_by(*_DECLARATION_ORDER).values("id")[:1],
        output_field=IntegerField(),
    )


def current_declaration(*, survey_request: SurveyRequest) -> Submission | None:
    """The request's current declaration (see current_declaration_id), or None before any submission."""
    return _declarations().filter(request=survey_request).order_by(*_DECLARATION_ORDER).first()


def requests_attach_current_declaration(requests: list[SurveyRequest]) -> list[SurveyRequest]:
    """Set `.current_declaration` on requests annotated with `current_declaration_id` (one query)."""
    ids = [r.current_declaration_id for r in requests if getattr(r, "current_declaration_id", None)]
    found = Submission.objects.in_bulk(ids)
    for r in requests:
        r.current_declaration = found.get(getattr(r, "current_declaration_id", None) or 0)  # type: ignore[attr-defined]
    return requests


def campaigns_visible_to(user: Any) -> QuerySet[Campaign]:
    """Campaigns are internal: every internal user sees them all, nobody else any."""
    return Campaign.objects.select_related("owner") if is_internal(user) else Campaign.objects.none()


def campaign_list(*, user: Any) -> QuerySet[Campaign]:
    """Campaigns, newest period first, with their number of requests and of valid ones."""
    return campaigns_visible_to(user).annotate(
        request_count=Count("requests"),
        valid_count=Count("requests", filter=Q(requests__status=SurveyRequest.Status.VALID)),
    )


def campaign_get_for_user(*, user: Any, public_id: UUID) -> Campaign:
    """The campaign if `user` may see it; 404 otherwise."""
    return get_object_or_404(campaigns_visible_to(user), public_id=public_id)


def campaign_requests(
    *,
    campaign: Campaign,
    status: str = "",
    category: str = "",
    owner: str = "",
    country: str = "",
    search: str = "",
) -> QuerySet[SurveyRequest]:
    """A campaign's requests for its page, filtered, by supplier name, annotated with their current
    declaration's id (attach the rows with requests_attach_current_declaration). `owner` is a user's
    e-mail (as on the supplier list), or "none" for suppliers without an owner."""
    qs = (
        SurveyRequest.objects.filter(campaign=campaign)
        .select_related("supplier", "supplier__owner", "contact")
        .annotate(current_declaration_id=current_declaration_id())
        .order_by("supplier__name", "supplier__supplier_code", "id")
    )
    if status:
        qs = qs.filter(status=status)
    if category:
        qs = qs.filter(supplier__category=category)
    if country:
        qs = qs.filter(supplier__country=country)
    if owner == "none":
        qs = qs.filter(supplier__owner__isnull=True)
    elif owner:
        qs = qs.filter(supplier__owner__email=owner)
    if search:
        qs = qs.filter(
            Q(supplier__name__icontains=search)
            | Q(supplier__supplier_code__icontains=search)
            | Q(contact__email__icontains=search)
        )
    return qs


def campaign_status_counts(*, campaign: Campaign) -> list[tuple[str, str, int]]:
    """(status, label, number of requests) for every request status, in the ladder's order."""
    counts = dict(
        SurveyRequest.objects.filter(campaign=campaign)
        .values_list("status")
        .annotate(n=Count("id"))
        .values_list("status", "n")
    )
    return [(value, str(label), counts.get(value, 0)) for value, label in SurveyRequest.Status.choices]


def campaign_filter_choices(*, campaign: Campaign) -> dict[str, list[tuple[str, str]]]:
    """The categories, countries and owners among a campaign's suppliers, for its filters."""
    rows = SurveyRequest.objects.filter(campaign=campaign)
    categories = sorted(set(rows.exclude(supplier__category="").values_list("supplier__category", flat=True)))
    countries = sorted(set(rows.exclude(supplier__country="").values_list("supplier__country", flat=True)))
    owners = sorted(
        set(
            rows.filter(supplier__owner__isnull=False).values_list(
                "supplier__owner__email", "supplier__owner__first_name", "supplier__owner__last_name"
            )
        )
    )
    return {
        "categories": [(c, c) for c in categories],
        "countries": [(c, c) for c in countries],
        "owners": [(email, f"{first} {last}".strip() or email) for email, first, last in owners],
    }


def request_get_for_user(*, user: Any, public_id: UUID) -> SurveyRequest:
    """A campaign's request if `user` may see it: internal users any, a supplier's user only its own;
    404 otherwise (missing and forbidden look alike)."""
    qs = SurveyRequest.objects.select_related("campaign", "supplier", "contact")
    if not is_internal(user):
        supplier_id = supplier_id_of(user)
        qs = qs.filter(supplier_id=supplier_id) if supplier_id else qs.none()
    return get_object_or_404(qs, public_id=public_id)


def submissions_visible_to(user: Any) -> QuerySet[Submission]:
    """Internal users see every submission; a supplier-side user only their supplier's."""
    qs = Submission.objects.select_related("supplier", "uploaded_by")
    if is_internal(user):
        return qs
    supplier_id = supplier_id_of(user)
    return qs.filter(supplier_id=supplier_id) if supplier_id else qs.none()


def submission_get_for_user(*, user: Any, public_id: UUID) -> Submission:
    """The submission if `user` may see it; 404 otherwise (missing and forbidden look alike)."""
    return get_object_or_404(submissions_visible_to(user), public_id=public_id)


def submission_search(*, user: Any, search: str = "") -> QuerySet[Submission]:
    """Earlier checks for the checker page, newest first, found by file, company or supplier name or code."""
    qs = submissions_visible_to(user).order_by("-created_at", "-id")
    if search:
        qs = qs.filter(
            Q(original_name__icontains=search)
            | Q(company_name__icontains=search)
            | Q(supplier__name__icontains=search)
            | Q(supplier__supplier_code__icontains=search)
        )
    return qs


def submission_kept_for_user(*, user: Any, public_id: UUID) -> Submission:
    """An unfiled check this user uploaded, which the checker may now file under a supplier; 404 otherwise."""
    return get_object_or_404(submissions_visible_to(user), public_id=public_id, uploaded_by=user, supplier__isnull=True)


# --- The supplier portal: a supplier's user sees their own supplier's requests and answers, nothing else.


def portal_requests(user: Any) -> QuerySet[SurveyRequest]:
    """The requests of the supplier `user` answers for (none for anyone else), open campaigns first,
    then by due date."""
    supplier_id = supplier_id_of(user)
    if not supplier_id:
        return SurveyRequest.objects.none()
    return (
        SurveyRequest.objects.filter(supplier_id=supplier_id, campaign__status__in=["open", "closed"])
        .select_related("campaign", "supplier")
        .order_by("-campaign__status", "campaign__due_date", "id")  # descending: "open" before "closed"
    )


def portal_request_get(*, user: Any, public_id: UUID) -> SurveyRequest:
    """One of the user's supplier's requests; 404 for another supplier's, exactly as for a missing one."""
    return get_object_or_404(portal_requests(user), public_id=public_id)


def portal_submission_get(*, user: Any, public_id: UUID) -> Submission:
    """One of the user's supplier's answers to a request; 404 for anything else (missing and forbidden
    look alike). Checks made by the team on the checker page are not the supplier's to see."""
    supplier_id = supplier_id_of(user)
    qs = Submission.objects.select_related("request__campaign", "duplicate_of")
    qs = qs.filter(supplier_id=supplier_id, request__isnull=False) if supplier_id else qs.none()
    return get_object_or_404(qs, public_id=public_id)


def portal_request_submissions(*, survey_request: SurveyRequest) -> QuerySet[Submission]:
    """Every version the supplier sent for the request, newest first (all kept, none overwritten)."""
    return survey_request.submissions.select_related("uploaded_by", "duplicate_of").order_by("-created_at", "-id")


def portal_colleagues(user: Any) -> QuerySet[Any]:
    """The users who answer for the same supplier as `user`."""
    from accounts.models import User

    supplier_id = supplier_id_of(user)
    return User.objects.filter(supplier_id=supplier_id).order_by("email") if supplier_id else User.objects.none()


# --- The communications log (e-mails, status changes, notes, delivery outcomes) ----------------------


@dataclass(frozen=True)
class LogEntry:
    """One line of a communications log, whichever row it comes from."""

    at: datetime
    kind: str  # "email", "status", "note", "delivery"
    kind_label: str
    supplier_code: str
    supplier_name: str
    campaign: str
    request_public_id: UUID | None
    to: str = ""
    template: str = ""
    step: str = ""
    outcome: str = ""
    outcome_label: str = ""
    text: str = ""
    by: str = ""


def communications_log(
    *,
    supplier: Supplier | None = None,
    campaign: Campaign | None = None,
    survey_request: SurveyRequest | None = None,
    limit: int | None = None,
) -> list[LogEntry]:
    """Every e-mail and every event (status change, note, delivery outcome) of a supplier's, a
    campaign's or one request's requests, newest first; two queries whatever the size. `limit` keeps
    the newest entries only (a page shows the latest, the export has them all)."""
    emails = OutgoingEmail.objects.select_related("request__campaign", "supplier", "sent_by")
    events = RequestEvent.objects.select_related("request__campaign", "request__supplier", "by")
    if supplier is not None:
        emails, events = emails.filter(supplier=supplier), events.filter(request__supplier=supplier)
    if campaign is not None:
        emails, events = emails.filter(request__campaign=campaign), events.filter(request__campaign=campaign)
    if survey_request is not None:
        emails, events = emails.filter(request=survey_request), events.filter(request=survey_request)
    if limit is not None:
        emails, events = emails.order_by("-sent_at", "-id")[:limit], events.order_by("-at", "-id")[:limit]
    entries = [
        LogEntry(
            at=e.sent_at,
            kind="email",
            kind_label=str(_("E-mail")),
            supplier_code=e.supplier.supplier_code if e.supplier else "",
            supplier_name=e.supplier.name if e.supplier else "",
            campaign=e.request.campaign.name if e.request else "",
            request_public_id=e.request.public_id if e.request else None,
            to=e.to,
            template=e.template,
            step=e.step,
            outcome=e.outcome,
            outcome_label=str(e.get_outcome_display()),
            text=e.error or e.subject,
            by=str(e.sent_by) if e.sent_by else "",
        )
        for e in emails
    ]
    for ev in events:
        text = ev.text
        if ev.kind == RequestEvent.Kind.STATUS:
            labels = dict(SurveyRequest.Status.choices)
            change = f"{labels.get(ev.from_status, ev.from_status)} → {labels.get(ev.to_status, ev.to_status)}"
            text = f"{change}: {ev.text}" if ev.text else change
        entries.append(
            LogEntry(
                at=ev.at,
                kind=ev.kind,
                kind_label=str(ev.get_kind_display()),
                supplier_code=ev.request.supplier.supplier_code,
                supplier_name=ev.request.supplier.name,
                campaign=ev.request.campaign.name,
                request_public_id=ev.request.public_id,
                to=ev.email.to if ev.email_id and ev.email else "",
                step=ev.email.step if ev.email_id and ev.email else "",
                outcome=ev.outcome,
                outcome_label=str(ev.get_outcome_display()) if ev.outcome else "",
                text=text,
                by=str(ev.by) if ev.by else "",
            )
        )
    entries.sort(key=lambda entry: entry.at, reverse=True)
    return entries[:limit] if limit is not None else entries
