from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext, gettext_noop, ngettext
from django.utils.translation import gettext_lazy as _

from core.models import BaseModel

# The user-safe reasons stored in `Submission.failure`, kept in English there (a worker has no reader's
# language) and shown in the reader's language by `Submission.failure_text`.
CHECK_FAILED = gettext_noop(
    "The workbook could not be checked because of an error on our side. It is kept; "
    "please try again later or contact the supply-chain team."
)


def stopped_the_checker(count: int) -> str:
    return ngettext(
        "This file stopped the checker %(count)d time, so it was not checked. Please send it to the "
        "supply-chain team, who will look at it by hand.",
        "This file stopped the checker %(count)d times, so it was not checked. Please send it to the "
        "supply-chain team, who will look at it by hand.",
        count,
    ) % {"count": count}


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
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(duplicate_of__isnull=True) | Q(status="duplicate"),
                name="submission_duplicate_has_duplicate_status",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.original_name} ({self.get_status_display()})"

    @property
    def failure_text(self) -> str:
        """`failure` in the active language (it is stored in English)."""
        if self.failure == CHECK_FAILED:
            return gettext(CHECK_FAILED)
        if self.status == self.Status.REFUSED and self.failure and not self.result and self.attempts:
            return stopped_the_checker(self.attempts)
        return self.failure

    @property
    def is_done(self) -> bool:
        return self.status not in (self.Status.PENDING, self.Status.CHECKING)
