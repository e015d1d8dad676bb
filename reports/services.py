"""Writes of the filing package: starting a campaign's package (carrying last year's over), saving the
legal team's cover data and narrative, and report runs (create, build, rebuild)."""

from __future__ import annotations

import hashlib
from datetime import date
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from reports import filing
from reports.models import NARRATIVE_SECTIONS, FilingPackage, ReportRun
from surveys.models import Campaign


def filing_package_start(*, campaign: Campaign) -> FilingPackage:
    """The campaign's package, created on first use. A new package takes the cover data and the
    narrative of the previous campaign's package (the text is the company's and changes little from
    year to year; the figures in it are placeholders filled per run), or the drafted defaults."""
    existing = FilingPackage.objects.filter(campaign=campaign).first()
    if existing is not None:
        return existing
    from reports.figures import previous_campaign

    previous = previous_campaign(campaign=campaign)
    source = FilingPackage.objects.filter(campaign=previous).first() if previous else None
    package = FilingPackage(campaign=campaign, narrative=filing.default_narrative())
    if source is not None:
        for field in FilingPackage.COVER_FIELDS:
            setattr(package, field, getattr(source, field))
        package.mode = source.mode
        package.narrative = {**package.narrative, **{k: v for k, v in source.narrative.items() if v}}
        package.carried_over_from = source
    with transaction.atomic():
        package.save()
    return package


def filing_package_update(*, package: FilingPackage, cover: dict[str, Any], narrative: dict[str, str]) -> None:
    """Save the cover data (FilingPackage.COVER_FIELDS and `mode`) and the narrative sections."""
    for field in (*FilingPackage.COVER_FIELDS, "mode"):
        if field in cover:
            setattr(package, field, cover[field])
    keys = {key for key, _label in NARRATIVE_SECTIONS}
    package.narrative = {**package.narrative, **{k: v for k, v in narrative.items() if k in keys}}
    package.save()


def report_run_create(
    *, package: FilingPackage, as_of: date, mode: str, user: User | None, enqueue: bool = True
) -> ReportRun:
    """A queued run of the package as of `as_of`; the build (`enqueue=False`: the caller builds it
    in-process, as the management command does) freezes the inputs first. Freezing reads every figure
    and takes seconds at full size, so it happens in the worker, not in the request."""
    run = ReportRun.objects.create(package=package, as_of=as_of, mode=mode, created_by=user)
    if enqueue:
        from reports.tasks import report_build as task

        transaction.on_commit(lambda: task.delay(run.id))
    return run


def report_run_freeze(*, run: ReportRun) -> None:
    """Store the run's inputs once; a run that has them keeps them forever (a redelivered task or a
    rebuild never reads the database again)."""
    if run.inputs is not None:
        return
    inputs = filing.freeze_inputs(
        package=run.package, as_of=run.as_of, mode=run.mode, created=timezone.localdate(run.created_at)
    )
    run.inputs = inputs
    run.inputs_sha256 = filing.inputs_digest(inputs)
    ReportRun.objects.filter(pk=run.pk, inputs__isnull=True).update(inputs=inputs, inputs_sha256=run.inputs_sha256)
    run.refresh_from_db(fields=["inputs", "inputs_sha256"])


def report_build(*, run: ReportRun) -> ReportRun:
    """Render the run's zip from its frozen inputs and store it (default storage). Idempotent: a run
    already done is left alone, and a redelivered one renders the same bytes again."""
    run = ReportRun.objects.select_related("package__campaign").get(pk=run.pk)
    if run.status == ReportRun.Status.DONE and run.file:
        return run
    ReportRun.objects.filter(pk=run.pk).update(status=ReportRun.Status.RUNNING, progress=5)

    def progress(percent: int) -> None:
        ReportRun.objects.filter(pk=run.pk).update(progress=percent)

    try:
        report_run_freeze(run=run)
        progress(30)
        body = report_render(run=run, progress=progress)
    except Exception:
        ReportRun.objects.filter(pk=run.pk).update(
            status=ReportRun.Status.FAILED, error="The package could not be built; the error is logged."
        )
        raise
    name = filing.package_name(run.package.campaign.name, run.as_of.isoformat())
    if run.file:
        run.file.delete(save=False)
    run.file.save(name, ContentFile(body), save=False)
    run.sha256 = hashlib.sha256(body).hexdigest()
    run.status = ReportRun.Status.DONE
    run.progress = 100
    run.error = ""
    run.finished_at = timezone.now()
    run.save(update_fields=["file", "sha256", "status", "progress", "error", "finished_at", "updated_at"])
    return run


def report_render(*, run: ReportRun, progress: Any = None) -> bytes:
    """The run's zip rendered again from its frozen inputs (nothing else is read)."""
    assert run.inputs is not None
    return filing.render_package(run.inputs, run_id=str(run.public_id), progress=progress)
