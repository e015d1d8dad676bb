from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from core.models import BaseModel


class Campaign(BaseModel):
    """One survey of the supply base for one reporting period (normally a calendar year).

    Drafted by the supply-chain team, opened once (which creates one request per chosen supplier and
    e-mails them), closed when the filing is done. Status changes go through surveys.services.campaigns.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")

    class Selection(models.TextChoices):
        ALL = "all", _("Every active supplier in scope")
        FILTERED = "filtered", _("Active suppliers in scope matching the filters")
        LISTED = "listed", _("The suppliers listed by code")

    name = models.CharField(_("name"), max_length=200, unique=True)
    period_start = models.DateField(_("reporting period start"))
    period_end = models.DateField(_("reporting period end"))
    due_date = models.DateField(_("due date"))
    time_zone = models.CharField(
        _("time zone"), max_length=64, default="UTC", help_text=_("Due dates and reminders are computed in it.")
    )
    minimum_version = models.CharField(
        _("minimum template version"),
        max_length=16,
        blank=True,
        help_text=_("Older CMRT versions are refused, e.g. 6.1. Empty: every version the checker reads."),
    )
    blank_template = models.FileField(_("blank CMRT"), upload_to="templates/", max_length=255, blank=True)
    blank_template_name = models.CharField(max_length=255, blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="owned_campaigns",
        verbose_name=_("owner"),
    )
    status = models.CharField(_("status"), max_length=8, choices=Status.choices, default=Status.DRAFT, db_index=True)
    # Which suppliers opening the campaign asks (read once, when it opens; the requests are the record).
    selection = models.CharField(_("suppliers"), max_length=8, choices=Selection.choices, default=Selection.ALL)
    selection_category = models.CharField(_("category"), max_length=100, blank=True)
    selection_country = models.CharField(_("country"), max_length=100, blank=True)
    selection_owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("internal owner"),
    )
    selection_codes = models.TextField(_("supplier codes"), blank=True, help_text=_("Separated by commas or lines."))
    opened_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    # The reminder ladder (surveys.services.outreach): a first reminder this many days after the
    # request, then one every `reminder_every_days` until the due date, in the campaign's time zone.
    reminder_first_after_days = models.PositiveSmallIntegerField(
        _("first reminder after (days)"), default=14, help_text=_("Days after the request was sent.")
    )
    reminder_every_days = models.PositiveSmallIntegerField(
        _("then a reminder every (days)"), default=7, help_text=_("Until the due date.")
    )

    class Meta:
        ordering = ["-period_start", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(reminder_first_after_days__gte=1) & Q(reminder_every_days__gte=1),
                name="campaign_reminder_days_positive",
                violation_error_message=_("Reminders are at least one day apart."),
            ),
            models.CheckConstraint(
                condition=Q(period_end__gt=F("period_start")),
                name="campaign_period_ends_after_it_starts",
                violation_error_message=_("The reporting period must end after it starts."),
            ),
            models.CheckConstraint(
                condition=Q(due_date__gt=F("period_start")),
                name="campaign_due_after_period_start",
                violation_error_message=_("The due date must lie after the start of the reporting period."),
            ),
            models.CheckConstraint(
                condition=Q(status="draft") | Q(opened_at__isnull=False),
                name="campaign_opened_has_opened_at",
            ),
            models.CheckConstraint(
                condition=~Q(status="closed") | Q(closed_at__isnull=False),
                name="campaign_closed_has_closed_at",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class SurveyRequest(BaseModel):
    """A campaign's request to one supplier: whom it went to, how far the supplier got, and why not.

    The status says where the supplier stands (see DOMAIN.md: "responded" is at least one
    submission). It changes only through surveys.services (requests, submissions, outreach), never here.
    """

    class Status(models.TextChoices):
        NOT_SENT = "not_sent", _("Not sent")
        SENT = "sent", _("Sent")
        OPENED = "opened", _("Opened")
        RESPONDED = "responded", _("Responded")
        VALID = "valid", _("Valid")
        INVALID = "invalid", _("Invalid")
        DECLINED = "declined", _("Declined")
        BOUNCED = "bounced", _("Bounced")

    class DeclineReason(models.TextChoices):
        NO_LONGER_SUPPLIER = "no_longer_supplier", _("We no longer supply you")
        NO_3TG = "no_3tg", _("Our products contain no 3TG")

    campaign = models.ForeignKey(Campaign, on_delete=models.PROTECT, related_name="requests")
    supplier = models.ForeignKey("suppliers.Supplier", on_delete=models.PROTECT, related_name="survey_requests")
    contact = models.ForeignKey(
        "suppliers.Contact",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="survey_requests",
        help_text=_("The primary contact when the campaign opened; e-mails go to the current primary contact."),
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.NOT_SENT, db_index=True
    )
    sent_at = models.DateTimeField(null=True, blank=True)
    opened_at = models.DateTimeField(null=True, blank=True, help_text=_("First time the supplier opened the link."))
    responded_at = models.DateTimeField(null=True, blank=True, help_text=_("First submission."))
    last_contact_at = models.DateTimeField(null=True, blank=True, help_text=_("Last e-mail sent to the supplier."))
    decline_reason = models.CharField(max_length=32, choices=DeclineReason.choices, blank=True)
    decline_comment = models.TextField(blank=True)
    declined_at = models.DateTimeField(null=True, blank=True)
    declined_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    paused_until = models.DateField(
        _("reminders paused until"),
        null=True,
        blank=True,
        help_text=_("No reminder goes out up to and including this day (in the campaign's time zone)."),
    )

    class Meta:
        ordering = ["supplier__name", "supplier__supplier_code"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "supplier"], name="request_one_per_supplier_and_campaign"),
            models.CheckConstraint(
                condition=~Q(status="declined") | (~Q(decline_reason="") & Q(declined_at__isnull=False)),
                name="request_declined_has_reason",
            ),
            models.CheckConstraint(
                condition=~Q(decline_reason="") | Q(decline_comment=""),
                name="request_decline_comment_has_reason",
            ),
        ]
        indexes = [models.Index(fields=["campaign", "status"], name="request_campaign_status")]

    def __str__(self) -> str:
        return f"{self.campaign} – {self.supplier}"


class AppendOnlyQuerySet(models.QuerySet[Any]):
    """Rows of evidence: added, never changed or removed through the application."""

    def update(self, **kwargs: Any) -> int:
        raise TypeError(f"{self.model.__name__} rows are append-only")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise TypeError(f"{self.model.__name__} rows are append-only")


class OutgoingEmail(models.Model):
    """Every e-mail the portal sent or tried to send about a request: the evidence that the inquiry
    was made (issue 11's communications log builds on it). Append-only: a later delivery outcome
    (bounce, complaint) is a new row, not an edit.
    """

    class Outcome(models.TextChoices):
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")
        BOUNCED = "bounced", _("Bounced")
        COMPLAINED = "complained", _("Complaint")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    request = models.ForeignKey(SurveyRequest, on_delete=models.PROTECT, null=True, blank=True, related_name="emails")
    supplier = models.ForeignKey(
        "suppliers.Supplier", on_delete=models.PROTECT, null=True, blank=True, related_name="emails"
    )
    to = models.EmailField(_("to"))
    template = models.CharField(_("template"), max_length=100)
    step = models.CharField(_("step"), max_length=40, help_text=_("invitation, link-again-1, reminder-1, …"))
    subject = models.CharField(_("subject"), max_length=255)
    language = models.CharField(_("language"), max_length=16, blank=True)
    sent_at = models.DateTimeField(_("sent at"))
    outcome = models.CharField(_("outcome"), max_length=16, choices=Outcome.choices)
    error = models.TextField(blank=True)
    # The provider's id for the message (django-anymail's anymail_status), to match its tracking events.
    message_id = models.CharField(max_length=255, blank=True, db_index=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("The internal user who asked for it; empty when the system sent it."),
    )

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        ordering = ["-sent_at", "-id"]
        constraints = [
            # A step goes out once per request (the reminder ladder relies on it; a second "link
            # again" is step link-again-2).
            models.UniqueConstraint(
                fields=["request", "step"], condition=Q(request__isnull=False), name="email_one_step_per_request"
            ),
        ]
        indexes = [models.Index(fields=["request", "-sent_at"], name="email_request_sent_at")]

    def __str__(self) -> str:
        return f"{self.step} → {self.to} ({self.get_outcome_display()})"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise TypeError("OutgoingEmail rows are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise TypeError("OutgoingEmail rows are append-only")


class _AppendOnly(models.Model):
    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise TypeError(f"{type(self).__name__} rows are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise TypeError(f"{type(self).__name__} rows are append-only")


class OutreachStep(_AppendOnly):
    """A step of the reminder ladder claimed for a request, before its e-mail goes out.

    The unique (request, step) constraint is what makes "never the same step twice" hold across
    passes running at once, restarts and redelivered tasks: a pass inserts the claim, and only the
    pass whose insert succeeded queues the e-mail. The e-mail itself is the OutgoingEmail of the same
    step, written once it was sent or finally failed.
    """

    class Kind(models.TextChoices):
        REMINDER = "reminder", _("Reminder")
        ESCALATION = "escalation", _("Escalation to the internal owner")
        FINAL_NOTICE = "final_notice", _("Final notice")
        INVALID_FOLLOW_UP = "invalid_follow_up", _("Follow-up on an invalid declaration")

    request = models.ForeignKey(SurveyRequest, on_delete=models.PROTECT, related_name="outreach_steps")
    step = models.CharField(max_length=40)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    submission = models.ForeignKey(
        "Submission", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        help_text=_("The invalid declaration a follow-up is about."),
    )  # fmt: skip
    claimed_at = models.DateTimeField()

    class Meta:
        ordering = ["claimed_at", "id"]
        constraints = [models.UniqueConstraint(fields=["request", "step"], name="outreach_one_step_per_request")]

    def __str__(self) -> str:
        return f"{self.request_id} {self.step}"


class RequestEvent(_AppendOnly):
    """The communications log's entries besides the e-mails themselves: a status change of a request,
    a note an internal user added, a delivery outcome reported by the mail provider. Evidence of the
    inquiry: append-only, like OutgoingEmail."""

    class Kind(models.TextChoices):
        STATUS = "status", _("Status change")
        NOTE = "note", _("Note")
        DELIVERY = "delivery", _("Delivery outcome")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    request = models.ForeignKey(SurveyRequest, on_delete=models.PROTECT, related_name="events")
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    at = models.DateTimeField(_("at"))
    from_status = models.CharField(max_length=16, blank=True)
    to_status = models.CharField(max_length=16, blank=True)
    text = models.TextField(_("text"), blank=True)
    email = models.ForeignKey(OutgoingEmail, on_delete=models.PROTECT, null=True, blank=True, related_name="events")
    outcome = models.CharField(max_length=16, choices=OutgoingEmail.Outcome.choices, blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["request", "-at"], name="event_request_at")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.at:%Y-%m-%d %H:%M}"


class Submission(BaseModel):
    """One uploaded CMRT workbook and what was read and found in it.

    Every upload is kept, even a refused one, so that nothing a supplier sent is lost and every figure
    can be traced back to the file behind it. Validation is long work: it runs in a task and its state
    lives here (status, result, user-safe error), not in the broker.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting to be checked")
        CHECKING = "checking", _("Being checked")
        VALID = "valid", _("Valid")
        INVALID = "invalid", _("Needs corrections")
        REFUSED = "refused", _("Refused")
        FAILED = "failed", _("Could not be checked")
        DUPLICATE = "duplicate", _("Same file as an earlier one")

    supplier = models.ForeignKey(
        "suppliers.Supplier",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="submissions",
        help_text=_("Empty for a workbook checked on the checker page without a supplier."),
    )
    request = models.ForeignKey(
        SurveyRequest,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="submissions",
        help_text=_("The campaign request answered; empty for a workbook checked on the checker page."),
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="submissions"
    )
    file = models.FileField(upload_to="submissions/", max_length=255)
    original_name = models.CharField(max_length=255)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PENDING, db_index=True)
    template = models.CharField(max_length=8, blank=True)
    version = models.CharField(max_length=16, blank=True)
    company_name = models.CharField(max_length=255, blank=True)
    error_count = models.PositiveIntegerField(default=0)
    warning_count = models.PositiveIntegerField(default=0)
    result = models.JSONField(null=True, blank=True, help_text=_("What was read and found (cmrt_inspect JSON)."))
    failure = models.TextField(blank=True, help_text=_("User-safe reason when checking itself failed."))
    checked_at = models.DateTimeField(null=True, blank=True)
    duplicate_of = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="duplicates",
        help_text=_("The earlier submission of the same supplier with the very same file (SHA-256)."),
    )
    # Delivery bookkeeping (see submission_enqueue / submission_validate): when the check was handed to
    # the broker (empty while it could not be, e.g. with the broker down), and how many times a worker
    # started it, counted before the work so that an attempt that kills its worker is counted too.
    enqueued_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["supplier", "-created_at"], name="suppliers_s_supplie_8aa69d_idx"),
            models.Index(fields=["supplier", "sha256"], name="submission_supplier_sha256"),
            models.Index(fields=["request", "-created_at"], name="submission_request_created"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(duplicate_of__isnull=True) | Q(status="duplicate"),
                name="submission_duplicate_has_duplicate_status",
            ),
            models.CheckConstraint(
                condition=Q(request__isnull=True) | Q(supplier__isnull=False),
                name="submission_for_a_request_has_supplier",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.original_name} ({self.get_status_display()})"

    @property
    def is_done(self) -> bool:
        return self.status not in (self.Status.PENDING, self.Status.CHECKING)
