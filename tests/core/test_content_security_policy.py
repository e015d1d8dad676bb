"""A Content-Security-Policy on every page, and templates that need no inline script or style to work under it."""

import re
from pathlib import Path

import pytest
from django.urls import reverse

from tests.conftest import REPO_ROOT

pytestmark = pytest.mark.django_db

TEMPLATE_DIRS = [REPO_ROOT / "templates", *sorted(REPO_ROOT.glob("*/templates"))]


def _policy(response) -> dict[str, list[str]]:
    header = response.headers.get("Content-Security-Policy", "")
    assert header, "the response has a Content-Security-Policy header"
    directives = {}
    for part in header.split(";"):
        name, *values = part.split()
        directives[name] = values
    return directives


def _pages(client, supply_chain_user, admin_user):
    yield "login", client.get(reverse("login"))
    yield "password reset", client.get(reverse("password_reset"))
    client.force_login(supply_chain_user)
    yield "supplier list", client.get(reverse("suppliers:list"))
    yield "checker", client.get(reverse("surveys:checker"))
    client.force_login(admin_user)
    yield "admin", client.get(reverse("admin:index"))


def test_every_kind_of_page_forbids_inline_script_framing_and_plugins(client, supply_chain_user, admin_user):
    for name, response in _pages(client, supply_chain_user, admin_user):
        assert response.status_code == 200, name
        policy = _policy(response)
        assert policy["default-src"] == ["'self'"], name
        assert policy["script-src"] == ["'self'"], name  # no 'unsafe-inline', no 'unsafe-eval'
        assert policy["style-src"] == ["'self'"], name
        assert policy["object-src"] == ["'none'"], name
        assert policy["frame-ancestors"] == ["'none'"], name
        assert policy["base-uri"] == ["'self'"], name
        assert policy["form-action"] == ["'self'"], name


def _template_files() -> list[Path]:
    files = [path for folder in TEMPLATE_DIRS for path in sorted(folder.rglob("*.html"))]
    assert len(files) > 20, "the scan found the portal's templates"
    return files


INLINE_SCRIPT = re.compile(r"<script\b(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE)
EVENT_HANDLER = re.compile(r"<[^>]*\son[a-z]+\s*=", re.IGNORECASE | re.DOTALL)
STYLE_ATTRIBUTE = re.compile(r"<[^>]*\sstyle\s*=", re.IGNORECASE | re.DOTALL)
JAVASCRIPT_URL = re.compile(r"""=\s*["']?\s*javascript:""", re.IGNORECASE)


@pytest.mark.parametrize(
    "pattern, what",
    [
        (INLINE_SCRIPT, "a <script> without src (put the code in static/js/)"),
        (EVENT_HANDLER, "an inline event handler such as onclick= (bind it in static/js/)"),
        (JAVASCRIPT_URL, "a javascript: URL (bind a handler in static/js/)"),
        (STYLE_ATTRIBUTE, "a style= attribute (use a class in static/css/portal.css)"),
    ],
    ids=["inline-script", "event-handler", "javascript-url", "style-attribute"],
)
def test_no_template_needs_what_the_content_security_policy_blocks(pattern, what):
    offenders = [
        f"{path.relative_to(REPO_ROOT)}:{text[: m.start()].count(chr(10)) + 1}"
        for path in _template_files()
        for text in [path.read_text(encoding="utf-8")]
        for m in pattern.finditer(text)
    ]
    assert not offenders, f"blocked by the Content-Security-Policy, {what}: {offenders}"


def test_the_scan_would_catch_an_inline_script_and_a_handler():
    assert INLINE_SCRIPT.search("<script>alert(1)</script>")
    assert not INLINE_SCRIPT.search('<script src="/static/js/poll.js"></script>')
    assert EVENT_HANDLER.search('<button type="button"\n  onclick="go()">')
    assert not EVENT_HANDLER.search('<a data-poll-url="/x" class="button">')
    assert STYLE_ATTRIBUTE.search('<h2 style="margin:0">')


def _rendered_offenders(html: str) -> list[str]:
    found = []
    for pattern in (INLINE_SCRIPT, EVENT_HANDLER, STYLE_ATTRIBUTE, JAVASCRIPT_URL):
        found += [html[max(m.start() - 40, 0) : m.end() + 40] for m in pattern.finditer(html)]
    return found


def test_admin_pages_as_rendered_carry_nothing_that_the_policy_blocks(client, admin_user):
    from tests.factories import ContactFactory

    contact = ContactFactory()
    client.force_login(admin_user)
    pages = [
        reverse("admin:index"),
        reverse("admin:suppliers_supplier_changelist"),
        reverse("admin:suppliers_supplier_change", args=[contact.supplier.pk]),
        reverse("admin:suppliers_supplier_add"),
        reverse("admin:suppliers_supplier_import"),
        reverse("admin:suppliers_supplier_export"),
        reverse("admin:suppliers_contact_export"),
        reverse("admin:smelters_smelter_changelist"),
        reverse("admin:accounts_user_change", args=[admin_user.pk]),
        reverse("admin:axes_accessattempt_changelist"),
    ]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        assert not _rendered_offenders(response.content.decode()), url
