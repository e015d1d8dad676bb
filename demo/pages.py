"""The internal pages measured on generated data (benchmarks/bench_pages.py) and whose query counts
tests hold independent of the data size (tests/demo/test_pages_at_scale.py): one list for both."""

from __future__ import annotations

from collections.abc import Callable

from django.db.models import Count
from django.urls import reverse
from django.utils.http import urlencode

from smelters.models import ReportedSmelter, Smelter, SmelterMatch
from suppliers.models import Supplier
from surveys.models import Submission


def scale_pages() -> list[tuple[str, str, Callable[[], str]]]:
    """(page, role e-mail, URL builder): the objects are the largest of their kind, found by query."""
    supply, legal = "supply@example.com", "legal@example.com"

    def supplier_detail() -> str:
        supplier = Supplier.objects.annotate(n=Count("submissions")).order_by("-n", "id").first()
        assert supplier is not None
        return reverse("suppliers:detail", args=[supplier.public_id])

    def submission_detail() -> str:
        # The submission with the most decided rows: what the per-decision queries cost.
        ref = (
            ReportedSmelter.objects.filter(match__decision__isnull=False)
            .values("source_ref")
            .annotate(n=Count("id"))
            .order_by("-n", "source_ref")
            .values_list("source_ref", flat=True)
            .first()
        )
        submission = Submission.objects.get(public_id=ref)
        return reverse("surveys:submission_detail", args=[submission.public_id])

    def smelter_detail() -> str:
        smelter = Smelter.objects.annotate(n=Count("matches")).order_by("-n", "id").first()
        assert smelter is not None
        return reverse("smelters:detail", args=[smelter.public_id])

    def review_group() -> str:
        group = (
            SmelterMatch.objects.filter(needs_review=True)
            .values("reported__metal", "reported__name_key", "reported__country_key")
            .annotate(n=Count("id"))
            .order_by("-n", "reported__name_key")
            .first()
        )
        assert group is not None
        query = {
            "metal": group["reported__metal"],
            "name": group["reported__name_key"],
            "country": group["reported__country_key"],
        }
        return reverse("smelters:review_group") + "?" + urlencode(query)

    return [
        ("supplier list", legal, lambda: reverse("suppliers:list")),
        ("supplier list, search “summit”", supply, lambda: reverse("suppliers:list") + "?q=summit"),
        ("supplier detail (most submissions)", supply, supplier_detail),
        ("checker", supply, lambda: reverse("surveys:checker")),
        ("submission detail (most decided rows)", legal, submission_detail),
        ("smelter list", supply, lambda: reverse("smelters:list")),
        ("smelter detail (most-named SOR)", legal, smelter_detail),
        ("review queue, page 1", supply, lambda: reverse("smelters:review")),
        ("review group (biggest)", supply, review_group),
        ("open questions", legal, lambda: reverse("smelters:open_questions")),
    ]
