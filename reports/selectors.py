"""Reads of the filing package that cross an access boundary."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from reports.models import ReportRun


def report_runs_for_package(*, package: Any) -> QuerySet[ReportRun]:
    return ReportRun.objects.filter(package=package).select_related("created_by").order_by("-created_at", "-id")


def report_run_get_for_user(*, user: Any, public_id: UUID) -> ReportRun:
    """The run if `user` may see its campaign (internal users; the view checks the capability); 404
    otherwise, alike for a missing one."""
    from surveys.selectors import campaign_get_for_user

    run = get_object_or_404(ReportRun.objects.select_related("package__campaign"), public_id=public_id)
    campaign_get_for_user(user=user, public_id=run.package.campaign.public_id)
    return run
