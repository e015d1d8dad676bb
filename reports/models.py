"""The filing package: the legal team's Form SD cover data and narrative for one campaign, and the
report runs that freeze a campaign's figures and build the zip filed (or kept) from them."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from core.models import BaseModel

# The narrative sections the company writes itself, in the order of Exhibit 1.01 (the OECD five steps
# between the overview and the future steps). The keys are the JSON keys of FilingPackage.narrative.
NARRATIVE_SECTIONS: tuple[tuple[str, StrOrPromise], ...] = (
    ("company_overview", _("Company and products covered")),
    ("rcoi", _("Reasonable country of origin inquiry")),
    ("step1", _("Step 1: Establish strong company management systems")),
    ("step2", _("Step 2: Identify and assess risk in the supply chain")),
    ("step3", _("Step 3: Design and implement a strategy to respond to identified risks")),
    ("step4", _("Step 4: Independent third-party audits of smelters and refiners")),
    ("step5", _("Step 5: Report on supply chain due diligence")),
    ("conclusion", _("Conclusion of the due diligence (the company's determination)")),
    ("future_steps", _("Future steps to mitigate risk")),
)


class FilingMode(models.TextChoices):
    CMR = "cmr", _("Form SD with the Conflict Minerals Report (Exhibit 1.01)")
    RCOI = "rcoi", _("Form SD with the reasonable country of origin disclosure only")


class FilingPackage(BaseModel):
    """One campaign's Form SD: cover data, mode and narrative, as the legal team keeps them."""

    campaign = models.OneToOneField("surveys.Campaign", on_delete=models.PROTECT, related_name="filing_package")
    registrant = models.CharField(_("registrant (exact name as in its charter)"), max_length=200, blank=True)
    state = models.CharField(_("state of incorporation"), max_length=100, blank=True)
    file_number = models.CharField(_("Commission File Number"), max_length=20, blank=True)
    irs_number = models.CharField(_("IRS Employer Identification No."), max_length=20, blank=True)
    address = models.CharField(_("address of principal executive offices"), max_length=300, blank=True)
    zip_code = models.CharField(_("zip code"), max_length=20, blank=True)
    contact_name = models.CharField(_("contact person"), max_length=200, blank=True)
    contact_phone = models.CharField(_("contact phone, with area code"), max_length=40, blank=True)
    signer_name = models.CharField(_("signer name"), max_length=200, blank=True)
    signer_title = models.CharField(_("signer title"), max_length=200, blank=True)
    website_url = models.URLField(_("website where the disclosure is published"), max_length=300, blank=True)
    mode = models.CharField(_("what is filed"), max_length=4, choices=FilingMode.choices, default=FilingMode.CMR)
    narrative = models.JSONField(_("narrative sections"), default=dict, blank=True)
    carried_over_from = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", editable=False
    )

    COVER_FIELDS = (
        "registrant",
        "state",
        "file_number",
        "irs_number",
        "address",
        "zip_code",
        "contact_name",
        "contact_phone",
        "signer_name",
        "signer_title",
        "website_url",
    )

    def __str__(self) -> str:
        return f"Filing package: {self.campaign}"


class ReportRun(BaseModel):
    """One build of the filing package. `inputs` holds everything the files are rendered from (figures,
    Appendix A, workpaper rows, cover data, narrative, source hashes), frozen when the run is created,
    so a rebuild years later gives the same bytes whatever was submitted or imported since."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Building")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    package = models.ForeignKey(FilingPackage, on_delete=models.PROTECT, related_name="runs")
    as_of = models.DateField(_("status date"))
    mode = models.CharField(max_length=4, choices=FilingMode.choices)
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.QUEUED, db_index=True)
    progress = models.PositiveSmallIntegerField(default=0)
    error = models.TextField(blank=True, help_text=_("User-safe reason when the build failed."))
    inputs = models.JSONField(null=True, blank=True, editable=False)
    inputs_sha256 = models.CharField(max_length=64, blank=True, editable=False)
    file = models.FileField(upload_to="filings/", max_length=255, blank=True)
    sha256 = models.CharField(max_length=64, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(progress__lte=100), name="report_run_progress_at_most_100"),
        ]

    def __str__(self) -> str:
        return f"Report run {self.public_id} ({self.status})"
