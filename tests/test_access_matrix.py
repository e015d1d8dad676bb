"""The access matrix: every URL of the portal, every kind of user, in one parametrised test.

Each named URL of the portal is either in ROUTES (how to build it, who may use it) or in PUBLIC; a
new URL in neither fails `test_every_portal_url_is_in_the_access_matrix`, so it cannot ship without
its row. Today every page is internal: supplier-side users (owner, colleague, outsider) get 403
everywhere, and the 403 for another supplier's object is the 403 for a missing one. When the
supplier portal arrives (issue 10) its URLs get rows here whose `supplier` users succeed.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

import pytest
from django.contrib import admin
from django.core.files.base import ContentFile
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from smelters.models import ReportedSmelter
from smelters.services import reported_smelters_record
from tests.factories import CampaignFactory, ContactFactory, SubmissionFactory, SurveyRequestFactory
from tests.smelters.factories import SmelterFactory, StatusSnapshotFactory

pytestmark = pytest.mark.django_db


def uuid_of(obj: Any) -> uuid.UUID:
    """The public UUID that addresses `obj` in URLs (the one place to change when the field is renamed)."""
    return obj.public_id


INTERNAL = frozenset({"legal_user", "supply_chain_user", "admin_user"})
REVIEWERS = frozenset({"supply_chain_user", "admin_user"})
CAMPAIGN_RUNNERS = frozenset({"supply_chain_user", "admin_user"})
FILERS = frozenset({"legal_user", "admin_user"})
SUPPLIER_SIDE = ("owner", "colleague", "outsider")
EVERYONE = ("anonymous", *SUPPLIER_SIDE, "roleless_user", *sorted(INTERNAL))


@dataclass(frozen=True)
class Route:
    """How to call one URL in the matrix and who succeeds on it.

    `kwargs` and `query` build the URL from the objects of the `objects` fixture; `addresses` names the
    object whose UUID is in the URL (the matrix swaps it for another supplier's and for a missing one).
    """

    allowed: frozenset[str]
    kwargs: Callable[[dict[str, Any]], dict[str, Any]] = lambda objects: {}
    query: Callable[[dict[str, Any]], dict[str, str]] = lambda objects: {}
    method: str = "get"
    ok: int = 200
    addresses: str | None = None
    data: dict[str, str] = field(default_factory=dict)
    # Supplier portal rows: signed-in users for whom the addressed object is another supplier's get 404,
    # exactly as for a missing object (and the allowed users get that 404 for another supplier's object).
    foreign: frozenset[str] = frozenset()


# The supplier portal: supplier A's users (owner, colleague) use A's objects; B's user (outsider) gets 404.
SUPPLIER_A = frozenset({"owner", "colleague"})
PORTAL_USERS = frozenset(SUPPLIER_SIDE)


def portal_route(addresses: str, **options: Any) -> Route:
    return Route(
        allowed=SUPPLIER_A,
        foreign=frozenset({"outsider"}),
        kwargs=lambda o: {"public_id": uuid_of(o[addresses])},
        addresses=addresses,
        **options,
    )


ROUTES: dict[str, Route] = {
    # Sends internal users on to the supplier list and supplier users to their portal, and tells everyone
    # else they have no access here.
    "home": Route(allowed=INTERNAL | PORTAL_USERS, ok=302),
    "portal:home": Route(allowed=PORTAL_USERS),
    "portal:colleagues": Route(allowed=PORTAL_USERS),
    "portal:request_detail": portal_route("request"),
    "portal:template_download": portal_route("request"),
    # No file sent: the form refuses it (400), which only a user past the access check gets to see.
    "portal:request_upload": portal_route("request", method="post", ok=400),
    "portal:request_decline": portal_route(
        "request", method="post", ok=302, data={"reason": "no_3tg", "comment": "We only make software."}
    ),
    "portal:submission_detail": portal_route("portal_submission"),
    "portal:submission_status": portal_route("portal_submission"),
    "portal:submission_download": portal_route("portal_submission"),
    "password_change": Route(allowed=frozenset(EVERYONE) - {"anonymous"}),
    "password_change_done": Route(allowed=frozenset(EVERYONE) - {"anonymous"}),
    "suppliers:list": Route(allowed=INTERNAL),
    "suppliers:detail": Route(
        allowed=INTERNAL, kwargs=lambda o: {"public_id": uuid_of(o["supplier"])}, addresses="supplier"
    ),
    "surveys:checker": Route(allowed=INTERNAL),
    "surveys:submission_detail": Route(
        allowed=INTERNAL, kwargs=lambda o: {"public_id": uuid_of(o["submission"])}, addresses="submission"
    ),
    "surveys:submission_status": Route(
        allowed=INTERNAL, kwargs=lambda o: {"public_id": uuid_of(o["submission"])}, addresses="submission"
    ),
    "surveys:submission_download": Route(
        allowed=INTERNAL, kwargs=lambda o: {"public_id": uuid_of(o["submission"])}, addresses="submission"
    ),
    "smelters:list": Route(allowed=INTERNAL),
    "smelters:detail": Route(
        allowed=INTERNAL, kwargs=lambda o: {"public_id": uuid_of(o["smelter"])}, addresses="smelter"
    ),
    "smelters:open_questions": Route(allowed=INTERNAL, query=lambda o: {"supplier": str(uuid_of(o["supplier"]))}),
    "smelters:review": Route(allowed=REVIEWERS),
    "smelters:review_group": Route(
        allowed=REVIEWERS,
        query=lambda o: {
            "metal": o["reported"].metal,
            "name": o["reported"].name_key,
            "country": o["reported"].country_key,
        },
    ),
    # An empty decision is refused by sending the reviewer back to the group; only reviewers get that far.
    "smelters:review_decide": Route(allowed=REVIEWERS, method="post", ok=302),
    "surveys:campaign_list": Route(allowed=INTERNAL),
    "surveys:campaign_create": Route(allowed=CAMPAIGN_RUNNERS),
    "surveys:campaign_detail": Route(
        allowed=INTERNAL, kwargs=lambda o: {"public_id": uuid_of(o["campaign"])}, addresses="campaign"
    ),
    "reports:summary": Route(
        allowed=INTERNAL, kwargs=lambda o: {"public_id": uuid_of(o["campaign"])}, addresses="campaign"
    ),
    "reports:figure_suppliers": Route(
        allowed=INTERNAL,
        kwargs=lambda o: {"public_id": uuid_of(o["campaign"]), "key": "suppliers_responded"},
        addresses="campaign",
    ),
    "reports:dashboard": Route(allowed=INTERNAL),
    "reports:dashboard_suppliers": Route(
        allowed=INTERNAL,
        kwargs=lambda o: {"public_id": uuid_of(o["campaign"]), "key": "needs_action"},
        addresses="campaign",
    ),
    "reports:requests_csv": Route(
        allowed=INTERNAL, kwargs=lambda o: {"public_id": uuid_of(o["campaign"])}, addresses="campaign"
    ),
    "reports:requests_xlsx": Route(
        allowed=INTERNAL, kwargs=lambda o: {"public_id": uuid_of(o["campaign"])}, addresses="campaign"
    ),
    "reports:appendix_a": Route(
        allowed=INTERNAL, kwargs=lambda o: {"public_id": uuid_of(o["campaign"])}, addresses="campaign"
    ),
    "reports:appendix_a_csv": Route(
        allowed=INTERNAL, kwargs=lambda o: {"public_id": uuid_of(o["campaign"])}, addresses="campaign"
    ),
    "reports:appendix_a_xlsx": Route(
        allowed=INTERNAL, kwargs=lambda o: {"public_id": uuid_of(o["campaign"])}, addresses="campaign"
    ),
    "reports:filing_package": Route(
        allowed=FILERS, kwargs=lambda o: {"public_id": uuid_of(o["campaign"])}, addresses="campaign"
    ),
    # No status date sent: the form refuses it (400), which only a user past the access check sees.
    "reports:report_run_create": Route(
        allowed=FILERS,
        kwargs=lambda o: {"public_id": uuid_of(o["campaign"])},
        addresses="campaign",
        method="post",
        ok=400,
    ),
    "reports:report_run_status": Route(
        allowed=FILERS, kwargs=lambda o: {"public_id": uuid_of(o["report_run"])}, addresses="report_run"
    ),
    "reports:report_run_download": Route(
        allowed=FILERS, kwargs=lambda o: {"public_id": uuid_of(o["report_run"])}, addresses="report_run"
    ),
    "surveys:campaign_edit": Route(
        allowed=CAMPAIGN_RUNNERS, kwargs=lambda o: {"public_id": uuid_of(o["campaign"])}, addresses="campaign"
    ),
    "surveys:campaign_template_download": Route(
        allowed=INTERNAL, kwargs=lambda o: {"public_id": uuid_of(o["campaign"])}, addresses="campaign"
    ),
    "surveys:campaign_open": Route(
        allowed=CAMPAIGN_RUNNERS,
        kwargs=lambda o: {"public_id": uuid_of(o["draft_campaign"])},
        addresses="draft_campaign",
        method="post",
        ok=302,
    ),
    "surveys:campaign_close": Route(
        allowed=CAMPAIGN_RUNNERS,
        kwargs=lambda o: {"public_id": uuid_of(o["campaign"])},
        addresses="campaign",
        method="post",
        ok=302,
    ),
    "surveys:request_resend": Route(
        allowed=CAMPAIGN_RUNNERS,
        kwargs=lambda o: {"public_id": uuid_of(o["request"])},
        addresses="request",
        method="post",
        ok=302,
    ),
    # The communications log (issue 11): the request's page, notes and pauses, and the exports.
    "surveys:request_detail": Route(
        allowed=INTERNAL, kwargs=lambda o: {"public_id": uuid_of(o["request"])}, addresses="request"
    ),
    "surveys:request_note_add": Route(
        allowed=CAMPAIGN_RUNNERS,
        kwargs=lambda o: {"public_id": uuid_of(o["request"])},
        addresses="request",
        method="post",
        ok=302,
        data={"text": "Called the supplier; the CMRT is on its way."},
    ),
    "surveys:request_pause": Route(
        allowed=CAMPAIGN_RUNNERS,
        kwargs=lambda o: {"public_id": uuid_of(o["request"])},
        addresses="request",
        method="post",
        ok=302,
        data={"until": "2027-02-01"},
    ),
    "surveys:request_log_export": Route(
        allowed=INTERNAL,
        kwargs=lambda o: {"public_id": uuid_of(o["request"]), "file_format": "csv"},
        addresses="request",
    ),
    "surveys:campaign_log_export": Route(
        allowed=INTERNAL,
        kwargs=lambda o: {"public_id": uuid_of(o["campaign"]), "file_format": "xlsx"},
        addresses="campaign",
    ),
    "surveys:supplier_log_export": Route(
        allowed=INTERNAL,
        kwargs=lambda o: {"public_id": uuid_of(o["supplier"]), "file_format": "csv"},
        addresses="supplier",
    ),
}

# Pages for anyone, signed in or not: signing in and out, password resets, the load balancer's check.
PUBLIC = frozenset(
    {
        "health",
        "login",
        "logout",
        "password_reset",
        "password_reset_done",
        "password_reset_confirm",
        "password_reset_complete",
        "set_language",  # the language chooser on every page: sets a cookie, serves no data
        # Sign-in by link: the link itself is the credential; without a good one the page says so.
        "link_sign_in",
        "link_request",
        "link_request_sent",
    }
)
ADMIN_NAMESPACE = "admin"  # the admin site has its own gate (core.access.may_enter_admin), tested below


def _named_urls(patterns: list[Any], namespace: str = "") -> Iterator[str]:
    for entry in patterns:
        if isinstance(entry, URLResolver):
            inner = ":".join(part for part in (namespace, entry.namespace) if part)
            yield from _named_urls(entry.url_patterns, inner)
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{namespace}:{entry.name}" if namespace else entry.name


# The mail provider's webhooks: called by the provider, authenticated by django-anymail itself (the
# webhook secret, and the provider's signature where it signs), tested in tests/surveys/test_delivery_webhooks.py.
WEBHOOK_NAMESPACE = "anymail"


def portal_url_names() -> set[str]:
    return {
        name
        for name in _named_urls(get_resolver().url_patterns)
        if not name.startswith((f"{ADMIN_NAMESPACE}:", f"{WEBHOOK_NAMESPACE}:"))
    }


def test_every_portal_url_is_in_the_access_matrix():
    names = portal_url_names()
    assert names - ROUTES.keys() - PUBLIC == set(), "add these URLs to ROUTES (or, if truly public, to PUBLIC)"
    assert (ROUTES.keys() | PUBLIC) - names == set(), "these matrix rows name URLs that no longer exist"


@pytest.fixture
def objects(supplier_a, supplier_b) -> dict[str, Any]:
    """Supplier A's objects, and the same kinds of object of supplier B (prefixed `other_`)."""
    smelter = SmelterFactory(metal="gold", standard_name="Aida Chemical Industries Co., Ltd.")
    StatusSnapshotFactory(smelter=smelter)
    built: dict[str, Any] = {"smelter": smelter}
    for prefix, supplier in (("", supplier_a), ("other_", supplier_b)):
        ContactFactory(supplier=supplier)
        submission = SubmissionFactory(supplier=supplier)
        reported_smelters_record(
            supplier=supplier,
            source_ref=uuid_of(submission),
            source_label="CMRT 6.5",
            rows=[{"row_number": 5, "metal": "Gold", "name": "Unheard-of Refinery", "country": "Peru"}],
        )
        built[f"{prefix}supplier"] = supplier
        built[f"{prefix}submission"] = submission
    built["reported"] = ReportedSmelter.objects.filter(supplier=supplier_a).get()
    built["campaign"] = CampaignFactory(
        status="open", opened_at=timezone.now(), blank_template=ContentFile(b"PK\x03\x04 blank", name="cmrt.xlsx")
    )
    built["draft_campaign"] = CampaignFactory()
    built["request"] = SurveyRequestFactory(campaign=built["campaign"], supplier=supplier_a)
    built["other_request"] = SurveyRequestFactory(campaign=built["campaign"], supplier=supplier_b)
    built["portal_submission"] = SubmissionFactory(supplier=supplier_a, request=built["request"])
    built["other_portal_submission"] = SubmissionFactory(supplier=supplier_b, request=built["other_request"])
    built["report_run"] = _done_run(built["campaign"])
    return built


def _done_run(campaign: Any) -> Any:
    from reports.models import ReportRun
    from reports.services import filing_package_start

    package = filing_package_start(campaign=campaign)
    run = ReportRun.objects.create(
        package=package, as_of=timezone.localdate(), mode="cmr", status="done", progress=100, inputs={"as_of": "x"}
    )
    run.file.save("p.zip", ContentFile(b"PK\x05\x06" + b"\0" * 18), save=True)
    return run


def _url(name: str, objects: dict[str, Any], **overrides: Any) -> str:
    route = ROUTES[name]
    url = reverse(name, kwargs={**route.kwargs(objects), **overrides})
    query = route.query(objects)
    return f"{url}?{urlencode(query)}" if query else url


def _call(client: Any, name: str, url: str) -> Any:
    route = ROUTES[name]
    return getattr(client, route.method)(url, route.data)


def _log_in(client: Any, request: pytest.FixtureRequest, who: str) -> None:
    if who != "anonymous":
        client.force_login(request.getfixturevalue(who))


def _expected(name: str, who: str) -> int:
    route = ROUTES[name]
    if who == "anonymous":
        return 302
    if who in route.foreign:
        return 404
    return route.ok if who in route.allowed else 403


@pytest.mark.parametrize("who", EVERYONE)
@pytest.mark.parametrize("name", sorted(ROUTES))
def test_the_access_matrix(client, request, objects, name, who):
    _log_in(client, request, who)
    response = _call(client, name, _url(name, objects))
    assert response.status_code == _expected(name, who)
    if who == "anonymous":
        assert response["Location"].startswith(reverse("login")), "anonymous users go to the login page"


def _page(response: Any) -> tuple[int, bytes]:
    """Status and body, without what differs on every response (the CSP nonce, the CSRF token)."""
    body = b"".join(response) if response.streaming else response.content
    body = re.sub(rb'nonce="[^"]*"', b'nonce=""', body)
    body = re.sub(rb'name="csrfmiddlewaretoken" value="[^"]*"', b"", body)
    return response.status_code, body


ADDRESSED = sorted(name for name, route in ROUTES.items() if route.addresses)


@pytest.mark.parametrize("who", [*SUPPLIER_SIDE, "roleless_user", *sorted(INTERNAL)])
@pytest.mark.parametrize("name", ADDRESSED)
def test_another_suppliers_object_answers_exactly_as_a_missing_one(client, request, objects, name, who):
    """For users who may not see supplier B's objects the answer must not tell B's objects from none."""
    _log_in(client, request, who)
    kind = ROUTES[name].addresses
    other = objects.get(f"other_{kind}")
    missing = _page(_call(client, name, _url(name, objects, public_id=uuid.uuid4())))
    if who in ROUTES[name].foreign:
        assert missing[0] == 404
        assert _page(_call(client, name, _url(name, objects))) == missing, "supplier A's object, seen from B"
        return
    if who in ROUTES[name].allowed:
        assert missing[0] == 404
        if ROUTES[name].foreign and other is not None:
            assert _page(_call(client, name, _url(name, objects, public_id=uuid_of(other)))) == missing
        return
    assert missing[0] == 403
    if other is not None:
        assert _page(_call(client, name, _url(name, objects, public_id=uuid_of(other)))) == missing
    assert _page(_call(client, name, _url(name, objects))) == missing


def _admin_urls(objects: dict[str, Any]) -> Iterator[str]:
    yield reverse("admin:index")
    for model in admin.site._registry:
        opts = model._meta
        yield reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
        yield reverse(f"admin:{opts.app_label}_{opts.model_name}_add")
    for kind in ("supplier", "submission", "smelter"):
        obj = objects[kind]
        opts = obj._meta
        if type(obj) in admin.site._registry:
            yield reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])


@pytest.mark.parametrize("who", SUPPLIER_SIDE)
def test_a_suppliers_user_never_gets_an_admin_page_even_made_staff_and_superuser(client, request, objects, who):
    user = request.getfixturevalue(who)
    user.is_staff = user.is_superuser = True  # a mistake in the admin must not open it to a supplier
    user.save()
    client.force_login(user)
    answers = {url: client.get(url).status_code for url in _admin_urls(objects)}
    assert len(answers) > 3
    assert {url: status for url, status in answers.items() if status == 200} == {}
