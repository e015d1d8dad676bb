"""A campaign's life: drafted, opened (one request per chosen supplier, each e-mailed), closed."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from django.conf import settings
from django.core.files import File
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.db.models.functions import Upper
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from core.files import UploadRefused, upload_store
from suppliers.models import Supplier
from surveys.models import Campaign, SurveyRequest

CAMPAIGN_FIELDS = (
    "name",
    "period_start",
    "period_end",
    "due_date",
    "time_zone",
    "minimum_version",
    "owner",
    "selection",
    "selection_category",
    "selection_country",
    "selection_owner",
    "selection_codes",
    "reminder_first_after_days",
    "reminder_every_days",
)
# What opening may change no more: the requests were made for this period and these suppliers.
FIXED_ONCE_OPEN = ("period_start", "period_end", "selection", "selection_category", "selection_country",
                   "selection_owner", "selection_codes")  # fmt: skip
# A blank CMRT is an Excel workbook: .xlsx is a zip, .xls an OLE2 compound file.
WORKBOOK_MAGIC = (b"PK\x03\x04", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1")


class CampaignRefused(ValueError):
    """The campaign cannot be created, changed or opened as asked; the message says why."""


def split_codes(text: str) -> list[str]:
    """Supplier codes typed as a list: separated by commas, semicolons, spaces or lines; kept in order."""
    seen: dict[str, None] = {}
    for code in re.split(r"[\s,;]+", text):
        if code:
            seen.setdefault(code, None)
    return list(seen)


def campaign_suppliers(*, campaign: Campaign) -> QuerySet[Supplier]:
    """The suppliers that opening `campaign` asks, by its selection (every active supplier in scope,
    those matching the filters, or the listed codes, compared without case)."""
    if campaign.selection == Campaign.Selection.LISTED:
        codes = [code.upper() for code in split_codes(campaign.selection_codes)]
        return Supplier.objects.annotate(code_upper=Upper("supplier_code")).filter(code_upper__in=codes)
    qs = Supplier.objects.filter(in_scope=True, active=True)
    if campaign.selection == Campaign.Selection.FILTERED:
        if campaign.selection_category:
            qs = qs.filter(category__iexact=campaign.selection_category)
        if campaign.selection_country:
            qs = qs.filter(country__iexact=campaign.selection_country)
        if campaign.selection_owner_id:
            qs = qs.filter(owner_id=campaign.selection_owner_id)
    return qs


def unknown_codes(*, codes: list[str]) -> list[str]:
    """The codes among `codes` that name no supplier (compared without case)."""
    known = set(
        Supplier.objects.annotate(code_upper=Upper("supplier_code"))
        .filter(code_upper__in=[c.upper() for c in codes])
        .values_list("code_upper", flat=True)
    )
    return [code for code in codes if code.upper() not in known]


def _check(fields: dict[str, Any]) -> None:
    start, end, due = fields.get("period_start"), fields.get("period_end"), fields.get("due_date")
    if isinstance(start, date) and isinstance(end, date) and end <= start:
        raise CampaignRefused(_("The reporting period must end after it starts."))
    if isinstance(start, date) and isinstance(due, date) and due <= start:
        raise CampaignRefused(_("The due date must lie after the start of the reporting period."))
    for name in ("reminder_first_after_days", "reminder_every_days"):
        if name in fields and (fields[name] is None or fields[name] < 1):
            raise CampaignRefused(_("Reminders are at least one day apart."))
    if fields.get("selection") == Campaign.Selection.LISTED:
        codes = split_codes(fields.get("selection_codes") or "")
        if not codes:
            raise CampaignRefused(_("List at least one supplier code."))
        missing = unknown_codes(codes=codes)
        if missing:
            raise CampaignRefused(_("No supplier has these codes: %(codes)s.") % {"codes": ", ".join(missing)})


def campaign_create(*, created_by: User | None, **fields: Any) -> Campaign:
    """A new draft campaign (fields as in CAMPAIGN_FIELDS); its owner is the creator unless given."""
    unknown = set(fields) - set(CAMPAIGN_FIELDS)
    if unknown:
        raise TypeError(f"unknown campaign fields: {sorted(unknown)}")
    fields.setdefault("owner", created_by)
    fields.setdefault("time_zone", settings.TIME_ZONE)
    _check(fields)
    if Campaign.objects.filter(name__iexact=fields["name"]).exists():
        raise CampaignRefused(_("A campaign named “%(name)s” exists already.") % {"name": fields["name"]})
    try:
        with transaction.atomic():
            return Campaign.objects.create(**fields)
    except IntegrityError as exc:  # the same name created at the same moment
        raise CampaignRefused(_("A campaign named “%(name)s” exists already.") % {"name": fields["name"]}) from exc


def campaign_update(*, campaign: Campaign, **fields: Any) -> Campaign:
    """Change a campaign; once open, its period and its suppliers stay as they were when it opened."""
    if campaign.status != Campaign.Status.DRAFT:
        fixed = [name for name in FIXED_ONCE_OPEN if name in fields and fields[name] != getattr(campaign, name)]
        if fixed:
            raise CampaignRefused(_("An open campaign keeps its reporting period and its suppliers."))
    merged = {name: getattr(campaign, name) for name in CAMPAIGN_FIELDS} | fields
    _check(merged)
    if Campaign.objects.filter(name__iexact=merged["name"]).exclude(id=campaign.id).exists():
        raise CampaignRefused(_("A campaign named “%(name)s” exists already.") % {"name": merged["name"]})
    for name, value in fields.items():
        setattr(campaign, name, value)
    campaign.save()
    return campaign


def campaign_template_store(*, campaign: Campaign, uploaded_file: File) -> Campaign:
    """Keep the blank CMRT that the campaign hands out (an administrator's upload; the RMI's file is
    not shipped). Stored privately like every upload; only an Excel workbook is accepted."""
    head = uploaded_file.read(8)
    uploaded_file.seek(0)
    if not head.startswith(WORKBOOK_MAGIC):
        raise UploadRefused(_("The blank template must be an Excel workbook (.xlsx or .xls) from the RMI."))
    stored = upload_store(uploaded=uploaded_file, folder="templates", max_bytes=settings.CMRT_MAX_UPLOAD_BYTES)
    campaign.blank_template = stored.path
    campaign.blank_template_name = stored.original_name
    campaign.save(update_fields=["blank_template", "blank_template_name", "updated_at"])
    return campaign


def campaign_open(*, campaign: Campaign, send_emails: bool = True) -> int:
    """Open a draft campaign: one request per chosen supplier (made to its primary contact), and,
    unless `send_emails` is false, the invitation with the personal link to each, sent by tasks after
    the commit (one task per request, so one failing address never holds up the others).

    Returns the number of requests. Refuses a campaign that is not a draft or chooses no supplier.
    """
    from surveys import tasks

    with transaction.atomic():
        locked = Campaign.objects.select_for_update().get(id=campaign.id)
        if locked.status != Campaign.Status.DRAFT:
            raise CampaignRefused(_("The campaign is open or closed already."))
        suppliers = list(campaign_suppliers(campaign=locked).prefetch_related("contacts").order_by("id"))
        if not suppliers:
            raise CampaignRefused(_("No supplier matches the campaign's choice of suppliers."))
        requests = SurveyRequest.objects.bulk_create(
            SurveyRequest(
                campaign=locked,
                supplier=supplier,
                contact=next((c for c in supplier.contacts.all() if c.is_primary), None),
            )
            for supplier in suppliers
        )
        locked.status = Campaign.Status.OPEN
        locked.opened_at = timezone.now()
        locked.save(update_fields=["status", "opened_at", "updated_at"])
        if send_emails:
            ids = list(SurveyRequest.objects.filter(campaign=locked).values_list("id", flat=True))
            transaction.on_commit(lambda: [tasks.request_invitation_send.delay(request_id) for request_id in ids])
    campaign.refresh_from_db()
    return len(requests)


def campaign_close(*, campaign: Campaign) -> Campaign:
    """Close an open campaign: its requests stay as they are, as the record of the survey."""
    with transaction.atomic():
        locked = Campaign.objects.select_for_update().get(id=campaign.id)
        if locked.status != Campaign.Status.OPEN:
            raise CampaignRefused(_("Only an open campaign can be closed."))
        locked.status = Campaign.Status.CLOSED
        locked.closed_at = timezone.now()
        locked.save(update_fields=["status", "closed_at", "updated_at"])
    campaign.refresh_from_db()
    return locked
