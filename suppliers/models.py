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
    language = models.CharField(
        _("language"),
        max_length=16,
        blank=True,
        help_text=_("A language code such as en or zh-hans; e-mails go out in it. Empty: the default language."),
    )
    # Set when the mail provider reports a bounce or a complaint for this address (surveys.services.outreach).
    unreachable_at = models.DateTimeField(_("unreachable since"), null=True, blank=True)
    unreachable_reason = models.CharField(_("why unreachable"), max_length=255, blank=True)

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
