"""Smelters and refiners (SORs), their dated RMAP statuses, and what suppliers reported.

Reference data (Smelter, SmelterAlias, StatusSnapshot, SmelterOrigin) comes from RMI files through
`smelters.services.smelter_reference_import`; statuses are kept as dated snapshots, never rewritten,
so that a report built "as of" a date stays reproducible. Reported rows (ReportedSmelter) are what a
supplier typed; each has one SmelterMatch; MatchDecision holds what the supply-chain team decided
for a (metal, name, country) and is re-applied to every identical row.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from cmrt import CID_PATTERN
from core.models import BaseModel
from smelters import matching


class Metal(models.TextChoices):
    GOLD = "gold", _("Gold")
    TANTALUM = "tantalum", _("Tantalum")
    TIN = "tin", _("Tin")
    TUNGSTEN = "tungsten", _("Tungsten")
    # EMRT minerals: their look-ups import too; 3TG reports filter on METALS_3TG.
    COBALT = "cobalt", _("Cobalt")
    COPPER = "copper", _("Copper")
    GRAPHITE = "graphite", _("Graphite")
    LITHIUM = "lithium", _("Lithium")
    MICA = "mica", _("Mica")
    NICKEL = "nickel", _("Nickel")


METALS_3TG = (Metal.GOLD, Metal.TANTALUM, Metal.TIN, Metal.TUNGSTEN)
assert tuple(Metal.values) == matching.METALS


class StatusCategory(models.TextChoices):
    """How a published status word counts in Appendix A and the summary."""

    CONFORMANT = "conformant", _("Conformant")
    ACTIVE = "active", _("Active")
    NOT_ENROLLED = "not_enrolled", _("Not Enrolled")
    UNKNOWN = "unknown", _("No status")


def status_category(word: str | None) -> str:
    """Conformant (also the CFSP-era "Compliant" and re-audits in progress), Active, or the rest."""
    folded = matching.fold(word)
    if not folded:
        return str(StatusCategory.UNKNOWN)
    if folded.startswith(("conformant", "compliant")) or folded in ("cross-recognized", "cross recognized"):
        return str(StatusCategory.CONFORMANT)
    if folded.startswith("active"):
        return str(StatusCategory.ACTIVE)
    if folded in ("not sure", "unknown", "n/a"):  # consultant lists' "don't know", not an RMI status
        return str(StatusCategory.UNKNOWN)
    return str(StatusCategory.NOT_ENROLLED)


# Status words that signal an RMI due-diligence problem rather than mere non-participation.
DUE_DILIGENCE_WORDS = ("due diligence", "unable to proceed", "suspended", "non conformant", "non-conformant")


class Smelter(BaseModel):
    """A smelter or refiner (SOR) as the RMI identifies it: one metal, one Smelter ID (CID)."""

    metal = models.CharField(_("metal"), max_length=16, choices=Metal.choices)
    cid = models.CharField(_("Smelter ID"), max_length=16, help_text=_("CID followed by 6 digits."))
    standard_name = models.CharField(_("standard smelter name"), max_length=255)
    country = models.CharField(_("facility country"), max_length=100, blank=True)
    state_province = models.CharField(_("state / province"), max_length=100, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    street = models.CharField(_("street"), max_length=255, blank=True)
    # The location and name come from the newest file seen; an older file imported later must not
    # overwrite them, so the date they are "as of" is kept.
    reference_as_of = models.DateField(_("reference data as of"), null=True, blank=True)
    reference_source = models.CharField(_("reference data source"), max_length=255, blank=True)
    # Denormalised: counting distinct suppliers over every match on each view of the list is a scan of
    # all reported rows (400k at a real supply base), so the count is kept here, by one function only:
    # smelters.services.counts.smelter_supplier_counts_refresh, called wherever matches change.
    supplier_count = models.PositiveIntegerField(_("suppliers reporting it"), default=0, editable=False)

    class Meta:
        ordering = ["metal", "standard_name"]
        verbose_name = _("smelter or refiner")
        verbose_name_plural = _("smelters and refiners")
        constraints = [
            models.UniqueConstraint(fields=["metal", "cid"], name="smelter_unique_cid_per_metal"),
            models.CheckConstraint(condition=Q(cid__regex=CID_PATTERN), name="smelter_cid_format"),
            models.CheckConstraint(condition=Q(metal__in=Metal.values), name="smelter_metal_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.standard_name} ({self.cid}, {self.get_metal_display()})"

    @property
    def other_names(self) -> list[str]:
        """Look-up names other than the standard name (uses prefetched aliases when present)."""
        return [a.name for a in self.aliases.all() if a.name != self.standard_name]


class SmelterAlias(models.Model):
    """A look-up name ("Smelter Look-up (*)") the RMI lists for a SOR; the standard name is one too."""

    smelter = models.ForeignKey(Smelter, on_delete=models.CASCADE, related_name="aliases")
    name = models.CharField(_("name"), max_length=255)
    source = models.CharField(_("first seen in"), max_length=255, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("smelter alias")
        constraints = [models.UniqueConstraint(fields=["smelter", "name"], name="smelter_alias_unique")]

    def __str__(self) -> str:
        return self.name


class ReferenceImport(BaseModel):
    """One import of an RMI file: what it was, as of when, what it changed, who ran it."""

    class Kind(models.TextChoices):
        LOOKUP = "lookup", _("CMRT/EMRT Smelter Look-up")
        STATUS_LIST = "status_list", _("Status list")
        APPENDIX_A = "appendix_a", _("Appendix A layout")

    source_name = models.CharField(_("file name"), max_length=255)
    sha256 = models.CharField(max_length=64)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    sheet = models.CharField(_("sheet"), max_length=100, blank=True)
    as_of = models.DateField(_("as of"))
    as_of_origin = models.CharField(_("as-of date taken from"), max_length=100)
    counts = models.JSONField(_("counts"), default=dict)
    imported_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("reference import")

    def __str__(self) -> str:
        return f"{self.source_name} as of {self.as_of}"


class StatusSnapshot(models.Model):
    """A SOR's status as one file published it on one date. Never updated after it is written."""

    smelter = models.ForeignKey(Smelter, on_delete=models.CASCADE, related_name="statuses")
    status = models.CharField(_("status as published"), max_length=100)
    category = models.CharField(_("category"), max_length=16, choices=StatusCategory.choices)
    assessment_program = models.CharField(_("assessment program / cycle"), max_length=100, blank=True)
    last_audit_date = models.DateField(_("last audit"), null=True, blank=True)
    next_audit_date = models.DateField(_("next audit"), null=True, blank=True)
    as_of = models.DateField(_("as of"), db_index=True)
    source_name = models.CharField(_("source file"), max_length=255)
    reference_import = models.ForeignKey(
        ReferenceImport, on_delete=models.SET_NULL, null=True, blank=True, related_name="snapshots"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-as_of", "-created_at"]
        get_latest_by = ["as_of", "created_at"]
        verbose_name = _("status snapshot")
        constraints = [
            models.UniqueConstraint(fields=["smelter", "as_of", "source_name"], name="status_snapshot_once_per_file"),
        ]

    def __str__(self) -> str:
        return f"{self.smelter.cid}: {self.status} as of {self.as_of}"


class SmelterOrigin(models.Model):
    """Country-of-origin data for a SOR, where a deployment holds RMI member data (optional)."""

    class RecycledScrap(models.TextChoices):
        NONE = "none", _("None")
        PARTIAL = "partial", _("Partly recycled or scrap")
        ONLY = "only", _("Only recycled or scrap")

    smelter = models.ForeignKey(Smelter, on_delete=models.CASCADE, related_name="origins")
    countries = models.JSONField(_("countries of origin"), default=list, blank=True)
    recycled_scrap = models.CharField(_("recycled / scrap"), max_length=8, choices=RecycledScrap.choices, blank=True)
    as_of = models.DateField(_("as of"))
    source_name = models.CharField(_("source file"), max_length=255, blank=True)

    class Meta:
        ordering = ["-as_of"]
        verbose_name = _("country-of-origin record")
        constraints = [models.UniqueConstraint(fields=["smelter", "as_of"], name="smelter_origin_once_per_date")]

    def __str__(self) -> str:
        return f"{self.smelter.cid} origins as of {self.as_of}"


class MatchMethod(models.TextChoices):
    ID = matching.ID, _("Smelter ID")
    ALIAS = matching.ALIAS, _("Name")
    FUZZY = matching.FUZZY, _("Similar name")
    MANUAL = matching.MANUAL, _("Decided by a reviewer")
    NONE = matching.NONE, _("No match")


class ReportedSmelter(BaseModel):
    """One smelter row as a supplier reported it.

    `source_ref` groups the rows of one source: the public_id of the CMRT submission (surveys.Submission)
    they were read from; `source_label` says what it was. It is a plain UUID rather than a foreign key
    so that smelters does not depend on surveys (dependencies point surveys -> smelters).
    """

    supplier = models.ForeignKey("suppliers.Supplier", on_delete=models.CASCADE, related_name="reported_smelters")
    source_ref = models.UUIDField(
        _("source reference"),
        db_index=True,
        help_text=_("The public_id of the submission (surveys.Submission) the rows were read from."),
    )
    source_label = models.CharField(_("source"), max_length=255, blank=True)
    row_number = models.PositiveIntegerField(_("row"))
    metal = models.CharField(_("metal"), max_length=16, blank=True, help_text=_("Blank when the metal is unknown."))
    metal_as_typed = models.CharField(_("metal as typed"), max_length=100, blank=True)
    cid_as_typed = models.CharField(_("Smelter ID as typed"), max_length=100, blank=True)
    name = models.CharField(_("name as typed"), max_length=255, blank=True)
    country = models.CharField(_("country as typed"), max_length=100, blank=True)
    # The keys a review decision is taken on: identical rows share them.
    name_key = models.CharField(max_length=255, db_index=True)
    country_key = models.CharField(max_length=100, blank=True)

    class Meta:
        ordering = ["source_ref", "row_number"]
        verbose_name = _("reported smelter")
        constraints = [
            models.UniqueConstraint(fields=["source_ref", "row_number"], name="reported_smelter_unique_row"),
        ]
        indexes = [models.Index(fields=["metal", "name_key", "country_key"], name="reported_smelter_group")]

    def __str__(self) -> str:
        return f"{self.name or self.cid_as_typed} ({self.metal}, row {self.row_number})"


class MatchDecision(BaseModel):
    """What a reviewer decided for every row with this metal, normalised name and country."""

    class Verdict(models.TextChoices):
        SMELTER = "smelter", _("This is a known smelter")
        NOT_A_SMELTER = "not_smelter", _("Not a smelter")
        UNKNOWN = "unknown", _("Unknown, ask the supplier")

    metal = models.CharField(_("metal"), max_length=16, choices=Metal.choices)
    name_key = models.CharField(_("normalised name"), max_length=255)
    country_key = models.CharField(_("normalised country"), max_length=100, blank=True)
    verdict = models.CharField(_("verdict"), max_length=16, choices=Verdict.choices)
    smelter = models.ForeignKey(Smelter, on_delete=models.PROTECT, null=True, blank=True, related_name="decisions")
    example_name = models.CharField(_("name as reported"), max_length=255, blank=True)
    note = models.TextField(_("note"), blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(_("decided at"))

    class Meta:
        ordering = ["-decided_at"]
        verbose_name = _("match decision")
        constraints = [
            models.UniqueConstraint(fields=["metal", "name_key", "country_key"], name="match_decision_unique_key"),
            models.CheckConstraint(
                condition=(Q(verdict="smelter") & Q(smelter__isnull=False))
                | (~Q(verdict="smelter") & Q(smelter__isnull=True)),
                name="match_decision_smelter_iff_verdict",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.metal}/{self.name_key}/{self.country_key or '-'}: {self.get_verdict_display()}"


class ReviewGroupCount(models.Model):
    """How many rows and suppliers wait for review under one (metal, name_key, country_key).

    Denormalised: grouping every row that needs review (50,000 at a real supply base) on each view of
    the queue cannot be made fast, so the queue reads these counts instead. Written by one function
    only, smelters.services.counts.review_group_counts_refresh, called wherever matches change.
    """

    metal = models.CharField(max_length=16, blank=True)
    name_key = models.CharField(max_length=255)
    country_key = models.CharField(max_length=100, blank=True)
    rows = models.PositiveIntegerField()
    suppliers = models.PositiveIntegerField()

    class Meta:
        verbose_name = _("review group count")
        constraints = [
            models.UniqueConstraint(fields=["metal", "name_key", "country_key"], name="review_group_count_unique_key")
        ]
        indexes = [
            models.Index(
                F("suppliers").desc(), F("rows").desc(), "metal", "name_key", "country_key", name="review_group_order"
            )
        ]

    def __str__(self) -> str:
        return f"{self.metal}/{self.name_key}/{self.country_key or '-'}: {self.rows} rows"


class SmelterMatch(models.Model):
    """The match of one reported row: a SOR or none, how it was found, and who confirmed it."""

    reported = models.OneToOneField(ReportedSmelter, on_delete=models.CASCADE, related_name="match")
    smelter = models.ForeignKey(Smelter, on_delete=models.PROTECT, null=True, blank=True, related_name="matches")
    method = models.CharField(_("method"), max_length=8, choices=MatchMethod.choices)
    score = models.FloatField(_("score"), default=0)
    flags = models.JSONField(_("flags"), default=list, blank=True)
    needs_review = models.BooleanField(_("needs review"), default=False, db_index=True)
    decision = models.ForeignKey(
        MatchDecision, on_delete=models.SET_NULL, null=True, blank=True, related_name="matches"
    )
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    matched_at = models.DateTimeField(_("matched at"))

    class Meta:
        verbose_name = _("smelter match")
        constraints = [
            models.CheckConstraint(
                condition=Q(method__in=["id", "alias", "fuzzy"], smelter__isnull=False)
                | Q(method="none", smelter__isnull=True)
                | Q(method="manual"),
                name="smelter_match_method_consistent",
            ),
            models.CheckConstraint(condition=Q(score__gte=0) & Q(score__lte=100), name="smelter_match_score_range"),
        ]

    def __str__(self) -> str:
        return f"{self.reported} → {self.smelter.cid if self.smelter else '-'} ({self.method})"
