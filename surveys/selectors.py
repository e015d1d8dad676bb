"""Reads of CMRT submissions that cross an access boundary."""

from __future__ import annotations

from typing import TYPE_CHECKING
from uuid import UUID

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from core.access import is_internal, supplier_id_of
from surveys.models import Submission

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from accounts.models import User


def submissions_visible_to(user: User | AnonymousUser) -> QuerySet[Submission]:
    """Internal users see every submission; a supplier-side user only their supplier's."""
    qs = Submission.objects.select_related("supplier", "uploaded_by")
    if is_internal(user):
        return qs
    supplier_id = supplier_id_of(user)
    return qs.filter(supplier_id=supplier_id) if supplier_id else qs.none()


def submission_get_for_user(*, user: User | AnonymousUser, public_id: UUID) -> Submission:
    """The submission if `user` may see it; 404 otherwise (missing and forbidden look alike)."""
    return get_object_or_404(submissions_visible_to(user), public_id=public_id)


def submission_search(*, user: User | AnonymousUser, search: str = "") -> QuerySet[Submission]:
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


def submission_kept_for_user(*, user: User, public_id: UUID) -> Submission:
    """An unfiled check this user uploaded, which the checker may now file under a supplier; 404 otherwise."""
    return get_object_or_404(submissions_visible_to(user), public_id=public_id, uploaded_by=user, supplier__isnull=True)
