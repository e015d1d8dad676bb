"""The smelter pages stay bounded as the data grows: grouped and counted in SQL, paginated, counted once."""

import uuid

import pytest
from django.db import connection
from django.db.models.signals import post_init
from django.urls import reverse

from smelters.models import MatchDecision, ReportedSmelter, SmelterMatch
from smelters.services import match_decision_record, reported_smelters_record
from tests.factories import SupplierFactory


def record(supplier, rows, source_ref=None):
    return reported_smelters_record(
        supplier=supplier, source_ref=source_ref or uuid.uuid4(), source_label="CMRT 6.5", rows=rows
    )


def suppliers_naming(count, name, metal="Gold", country="Japan", cid=""):
    for _ in range(count):
        record(SupplierFactory(), [{"row_number": 5, "metal": metal, "name": name, "country": country, "cid": cid}])


def group_url(metal, name, country=""):
    return reverse("smelters:review_group") + f"?metal={metal}&name={name}&country={country}"


class Built:
    """Counts the model objects Django builds while it is connected."""

    def __init__(self, *models):
        self.models, self.count = models, 0

    def __call__(self, sender, **kwargs):
        self.count += 1

    def __enter__(self):
        for model in self.models:
            post_init.connect(self, sender=model)
        return self

    def __exit__(self, *exc):
        for model in self.models:
            post_init.disconnect(self, sender=model)


def test_the_review_queue_page_builds_no_object_per_reported_row(client, reference, supply_user):
    suppliers_naming(30, "Acme Trading", metal="Tin", country="China")
    suppliers_naming(5, "Nowhere Metals", metal="Gold", country="")
    client.force_login(supply_user)
    with Built(ReportedSmelter, SmelterMatch) as built:
        response = client.get(reverse("smelters:review"))
    groups = {g.display_name: g for g in response.context["page"].object_list}
    assert (groups["Acme Trading"].rows, groups["Acme Trading"].supplier_count) == (30, 30)
    assert built.count == 0


def test_the_review_queue_pages_its_groups_most_reported_first(client, reference, supply_user):
    for number in range(27):
        suppliers_naming(1 + number % 3, f"Unheard Of {number:02d}", metal="Tin", country="")
    client.force_login(supply_user)
    first = client.get(reverse("smelters:review")).context["page"]
    second = client.get(reverse("smelters:review"), {"page": 2}).context["page"]
    assert first.paginator.count == 27 and len(first.object_list) == 25 and len(second.object_list) == 2
    counts = [g.supplier_count for g in [*first.object_list, *second.object_list]]
    assert counts == sorted(counts, reverse=True)


def test_the_smelter_list_does_not_read_the_reported_rows(client, reference, legal_user):
    suppliers_naming(3, "Aida Chemical")
    client.force_login(legal_user)
    statements = []

    def remember(execute, sql, params, many, context):
        statements.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(remember):
        response = client.get(reverse("smelters:list"))
    rows = {row.smelter.cid: row.supplier_count for row in response.context["page"].object_list}
    assert rows["CID000019"] == 3
    assert not [sql for sql in statements if "smelters_reportedsmelter" in sql]


def test_the_smelter_detail_lists_fifty_reporting_suppliers_a_page(client, reference, legal_user):
    suppliers_naming(55, "Aida Chemical")
    client.force_login(legal_user)
    url = reverse("smelters:detail", args=[reference["aida"].public_id])
    first, second = client.get(url).context["suppliers"], client.get(url, {"page": 2}).context["suppliers"]
    assert (first.paginator.count, len(first.object_list), len(second.object_list)) == (55, 50, 5)
    names = [r.supplier.name for r in [*first.object_list, *second.object_list]]
    assert names == sorted(names) and len(set(names)) == 55


def test_the_review_group_lists_fifty_rows_a_page_and_counts_them_all(client, reference, supply_user):
    suppliers_naming(55, "Acme Trading", metal="Tin", country="China")
    client.force_login(supply_user)
    row = ReportedSmelter.objects.filter(name="Acme Trading").first()
    url = group_url(row.metal, row.name_key, row.country_key)
    first, second = client.get(url), client.get(url + "&page=2")
    assert (first.context["group"].rows, first.context["group"].supplier_count) == (55, 55)
    assert (len(first.context["rows"].object_list), len(second.context["rows"].object_list)) == (50, 5)


def supplier_counts():
    return {s.cid: s.supplier_count for s in reference_smelters()}


def reference_smelters():
    from smelters.models import Smelter

    return Smelter.objects.order_by("cid")


def true_counts():
    from django.db.models import Count

    return {s.cid: s.n for s in reference_smelters().annotate(n=Count("matches__reported__supplier", distinct=True))}


def review_counts():
    from smelters.models import ReviewGroupCount

    return set(ReviewGroupCount.objects.values_list("metal", "name_key", "country_key", "rows", "suppliers"))


def true_review_counts():
    from django.db.models import Count

    groups = (
        ReportedSmelter.objects.filter(match__needs_review=True)
        .values("metal", "name_key", "country_key")
        .annotate(rows=Count("id"), suppliers=Count("supplier_id", distinct=True))
    )
    return {(g["metal"], g["name_key"], g["country_key"], g["rows"], g["suppliers"]) for g in groups}


@pytest.mark.django_db
def test_the_review_counts_follow_recorded_replaced_and_decided_rows(reference, supply_user):
    first, second = SupplierFactory(), SupplierFactory()
    source = uuid.uuid4()
    unknown = {"row_number": 5, "metal": "Tin", "name": "Acme Trading", "country": "China"}
    record(first, [unknown, {**unknown, "row_number": 6}], source_ref=source)
    record(second, [unknown])
    assert review_counts() == true_review_counts() and {c[3:] for c in review_counts()} == {(3, 2)}

    record(first, [{"row_number": 5, "metal": "Gold", "name": "Aida Chemical", "country": "Japan"}], source_ref=source)
    assert review_counts() == true_review_counts() and {c[3:] for c in review_counts()} == {(1, 1)}

    row = ReportedSmelter.objects.get(name="Acme Trading")
    match_decision_record(
        metal=row.metal,
        name_key=row.name_key,
        country_key=row.country_key,
        verdict=MatchDecision.Verdict.NOT_A_SMELTER,
        user=supply_user,
    )
    assert review_counts() == true_review_counts() == set()


@pytest.mark.django_db
def test_the_supplier_count_kept_on_a_smelter_follows_recorded_replaced_and_decided_rows(reference, supply_user):
    first, second = SupplierFactory(), SupplierFactory()
    source = uuid.uuid4()
    record(first, [{"row_number": 5, "metal": "Gold", "name": "Aida Chemical", "country": "Japan"}], source_ref=source)
    record(second, [{"row_number": 5, "metal": "Tin", "name": "Timah Mentok", "country": "Indonesia"}])
    record(second, [{"row_number": 5, "metal": "Gold", "name": "Aida Chemical", "country": "Japan"}])
    assert supplier_counts() == true_counts() and supplier_counts()["CID000019"] == 2

    # The first supplier files again: its rows are replaced and now name a tin smelter only.
    record(first, [{"row_number": 5, "metal": "Tin", "name": "PT Timah Tbk Kundur", "country": ""}], source_ref=source)
    assert supplier_counts() == true_counts() and supplier_counts()["CID000019"] == 1

    # A reviewer decides that a name nobody matched is Aida: its suppliers count for Aida.
    record(first, [{"row_number": 5, "metal": "Gold", "name": "Aida Kagaku Kogyo", "country": "Japan"}])
    match_decision_record(
        metal="gold",
        name_key=ReportedSmelter.objects.get(name="Aida Kagaku Kogyo").name_key,
        country_key=ReportedSmelter.objects.get(name="Aida Kagaku Kogyo").country_key,
        verdict=MatchDecision.Verdict.SMELTER,
        smelter=reference["aida"],
        user=supply_user,
    )
    assert supplier_counts() == true_counts() and supplier_counts()["CID000019"] == 2
