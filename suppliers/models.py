from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from core.models import BaseModel


class Supplier(BaseModel):
    """A direct supplier as known to the ERP; the unit that is surveyed each year."""

    supplier_code = models.CharField(_("ERP supplier code"), max_length=64, unique=True)
    name = models.CharField(_("name"), max_length=255)
    country = models.CharField(_("country"), max_length=100, blank=True)
    category = models.CharField(_("category"), max_length=100, blank=True, db_index=True)
    annual_spend = models.DecimalField(_("annual spend"), max_digits=16, decimal_places=2, null=True, blank=True)
    currency = models.CharField(_("currency"), max_length=3, default="USD")
    in_scope = models.BooleanField(_("in scope"), default=True, help_text=_("Surveyed for 3TG."))
    active = models.BooleanField(_("active"), default=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="owned_suppliers",
        verbose_name=_("internal owner"),
    )

    class Meta:
        ordering = ["name", "supplier_code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(annual_spend__isnull=True) | Q(annual_spend__gte=0),
                name="supplier_annual_spend_not_negative",
                violation_error_message=_("Annual spend cannot be negative."),
            ),
            models.UniqueConstraint(
                Lower("supplier_code"),
                name="supplier_code_unique_ignoring_case",
                violation_error_message=_("Another supplier has this code (codes are compared without case)."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.supplier_code})"


class Contact(BaseModel):
    """A person at a supplier who receives survey requests; one primary contact per supplier."""

    supplier = models.ForeignKey(Supplier, on_delete=models.CASCADE, related_name="contacts")
    name = models.CharField(_("name"), max_length=255, blank=True)
    email = models.EmailField(_("e-mail"))
    role = models.CharField(_("role"), max_length=100, blank=True)
    is_primary = models.BooleanField(_("primary"), default=False)

    class Meta:
        ordering = ["-is_primary", "name", "email"]
        constraints = [
            models.UniqueConstraint(fields=["supplier", "email"], name="contact_unique_email_per_supplier"),
            models.UniqueConstraint(
                fields=["supplier"], condition=Q(is_primary=True), name="contact_one_primary_per_supplier"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} <{self.email}>" if self.name else self.email


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
        Supplier,
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
            models.Index(fields=["supplier", "-created_at"]),
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
    def is_done(self) -> bool:
        return self.status not in (self.Status.PENDING, self.Status.CHECKING)
