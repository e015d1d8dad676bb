"""The pages cost the same number of queries on a small and on a three times larger generated supply base,
and the generator gives the same data for the same seed."""

import pytest
from django.db import connection

from demo.pages import scale_pages
from demo.scale import scale_generate, scale_shape
from smelters.models import ReportedSmelter, Smelter
from suppliers.models import Supplier

SMALL, LARGER = 0.004, 0.012  # 20 and 60 suppliers, 24 and 72 submissions (the generator's floor is 20)


class QueryCounter:
    def __init__(self):
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


def page_queries(client):
    """Query count of every page of the benchmark, each logged in as the role the benchmark uses."""
    from accounts.models import User

    counts = {}
    for name, email, url_of in scale_pages():
        client.force_login(User.objects.get(email=email))
        url = url_of()
        assert client.get(url).status_code == 200, name
        counter = QueryCounter()
        with connection.execute_wrapper(counter):
            assert client.get(url).status_code == 200, name
        counts[name] = counter.count
    return counts


def wipe_generated_data():
    from smelters.models import MatchDecision, StatusSnapshot
    from surveys.models import Submission

    ReportedSmelter.objects.all().delete()
    Submission.objects.all().delete()
    MatchDecision.objects.all().delete()
    StatusSnapshot.objects.all().delete()
    Smelter.objects.all().delete()
    Supplier.objects.all().delete()


def fingerprint():
    rows = ReportedSmelter.objects.values_list("public_id", "name", "supplier__public_id", "match__smelter__cid")
    return scale_shape(), sorted(rows, key=str)


@pytest.mark.django_db
def test_every_internal_page_runs_as_many_queries_on_three_times_the_data(client):
    scale_generate(seed=1, scale=SMALL)
    small_rows = ReportedSmelter.objects.count()
    small = page_queries(client)
    wipe_generated_data()
    scale_generate(seed=1, scale=LARGER)
    assert ReportedSmelter.objects.count() > 2.5 * small_rows
    assert page_queries(client) == small


@pytest.mark.django_db
def test_the_generator_gives_the_same_data_for_the_same_seed():
    scale_generate(seed=7, scale=SMALL)
    first = fingerprint()
    wipe_generated_data()
    scale_generate(seed=7, scale=SMALL)
    assert fingerprint() == first


@pytest.mark.django_db
def test_the_generated_supply_base_has_a_long_tail_and_a_review_queue():
    shape = scale_generate(seed=1, scale=LARGER).counts
    assert shape["smelters"] == 350
    assert shape["suppliers_of_most_named_smelter"] > 0.5 * shape["suppliers"]
    assert shape["rows_in_review"] > 0.05 * shape["reported_rows"]
    assert shape["review_groups"] > 20
    assert shape["open_questions"] > 0
    # The counter kept on each SOR agrees with a count over the matches.
    from django.db.models import Count

    for smelter in Smelter.objects.annotate(n=Count("matches__reported__supplier", distinct=True)):
        assert smelter.supplier_count == smelter.n
    from smelters.models import ReviewGroupCount

    assert ReviewGroupCount.objects.count() == shape["review_groups"]


@pytest.mark.django_db
def test_the_command_builds_once_and_then_only_reports_the_shape():
    from io import StringIO

    from django.core.management import CommandError, call_command

    call_command("generate_scale_data", "--seed", "1", "--scale", str(SMALL), stdout=StringIO())
    with pytest.raises(CommandError, match="already holds generated data"):
        call_command("generate_scale_data", "--seed", "1", "--scale", str(SMALL), stdout=StringIO())
    out = StringIO()
    call_command("generate_scale_data", "--database-check", stdout=out)
    assert "reported rows" in out.getvalue() and f"{ReportedSmelter.objects.count():,}" in out.getvalue()
