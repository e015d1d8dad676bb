"""Record a reviewer's decision for a (metal, name, country) and apply it to every such row."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from smelters.models import MatchDecision, MatchMethod, ReportedSmelter, Smelter
from smelters.services.rematch import reported_smelters_rematch

if TYPE_CHECKING:
    from accounts.models import User


@transaction.atomic
def match_decision_record(
    *,
    metal: str,
    name_key: str,
    country_key: str,
    verdict: str,
    user: User,
    smelter: Smelter | None = None,
    example_name: str = "",
    note: str = "",
) -> MatchDecision:
    """Record what a reviewer decided for a (metal, name, country) and apply it to every such row.

    The decision replaces an earlier one for the same key and is applied again to rows recorded
    later (smelter_rows_match looks it up). A clean Smelter ID match is left alone.
    """
    if verdict == MatchDecision.Verdict.SMELTER:
        if smelter is None:
            raise ValueError("A 'this is SOR X' decision needs the smelter.")
        if smelter.metal != metal:
            raise ValueError(f"{smelter.cid} is a {smelter.get_metal_display()} smelter, not {metal}.")
    else:
        smelter = None
    decision, _ = MatchDecision.objects.update_or_create(
        metal=metal,
        name_key=name_key,
        country_key=country_key,
        defaults={
            "verdict": verdict,
            "smelter": smelter,
            "example_name": example_name[:255],
            "note": note,
            "decided_by": user,
            "decided_at": timezone.now(),
        },
    )
    rows = ReportedSmelter.objects.filter(metal=metal, name_key=name_key, country_key=country_key).exclude(
        Q(match__method=MatchMethod.ID) & Q(match__needs_review=False)
    )
    reported_smelters_rematch(queryset=rows)
    return decision
