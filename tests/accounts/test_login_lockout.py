"""Brute-force protection: five wrong passwords for one e-mail address from one client pause its log-in.

The limit and cool-off are settings (AXES_FAILURE_LIMIT, AXES_COOLOFF_MINUTES); these tests use the defaults.
"""

from datetime import timedelta

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import formats, timezone

pytestmark = pytest.mark.django_db

RIGHT = "pw-123456!"


def _fail(client, url, username, times, **extra):
    for _ in range(times):
        response = client.post(url, {"username": username, "password": "wrong-guess"}, **extra)
    return response


def test_the_defaults_lock_after_five_failures_for_fifteen_minutes():
    assert settings.AXES_FAILURE_LIMIT == 5
    assert timedelta(minutes=15) == settings.AXES_COOLOFF_TIME


def test_after_five_wrong_passwords_the_right_one_does_not_log_in_on_the_portal(client, supply_chain_user):
    _fail(client, reverse("login"), "sam@example.com", 5)
    response = client.post(reverse("login"), {"username": "sam@example.com", "password": RIGHT})
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    assert "Too many failed log-in attempts" in response.content.decode()


def test_after_five_wrong_passwords_the_right_one_does_not_log_in_on_the_admin(client, admin_user):
    url = reverse("admin:login")
    _fail(client, url, "ada@example.com", 5)
    response = client.post(url, {"username": "ada@example.com", "password": RIGHT, "next": "/admin/"})
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    assert client.get(reverse("admin:index")).status_code == 302


def test_four_wrong_passwords_still_let_the_right_one_log_in(client, supply_chain_user):
    _fail(client, reverse("login"), "sam@example.com", 4)
    response = client.post(reverse("login"), {"username": "sam@example.com", "password": RIGHT})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(supply_chain_user.pk)


def test_the_lockout_page_says_what_happened_and_when_to_try_again(client, supply_chain_user):
    from axes.models import AccessAttempt

    response = _fail(client, reverse("login"), "sam@example.com", 5)
    page = response.content.decode()
    retry_at = AccessAttempt.objects.get().attempt_time + timedelta(minutes=15)
    assert response.status_code == 429
    assert "5 wrong passwords" in page
    assert formats.time_format(timezone.localtime(retry_at), "H:i") in page
    assert reverse("password_reset") in page
    assert 'href="/static/css/portal.css"' in page, "the page has the portal's look"


def test_the_lockout_counts_the_address_in_any_case(client, supply_chain_user):
    _fail(client, reverse("login"), "SAM@Example.com", 3)
    _fail(client, reverse("login"), "sam@example.com ", 2)
    response = client.post(reverse("login"), {"username": "sam@example.com", "password": RIGHT})
    assert response.status_code == 429


def test_the_lockout_ends_after_the_cool_off(client, supply_chain_user):
    from axes.models import AccessAttempt

    _fail(client, reverse("login"), "sam@example.com", 5)
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=16))
    response = client.post(reverse("login"), {"username": "sam@example.com", "password": RIGHT})
    assert response.status_code == 302


def test_trying_during_the_lockout_does_not_extend_it(client, supply_chain_user):
    from axes.models import AccessAttempt

    _fail(client, reverse("login"), "sam@example.com", 5)
    locked_at = AccessAttempt.objects.get().attempt_time
    _fail(client, reverse("login"), "sam@example.com", 3)
    assert AccessAttempt.objects.get().attempt_time == locked_at


def test_a_lockout_from_one_client_does_not_lock_the_user_out_elsewhere(client, supply_chain_user):
    _fail(client, reverse("login"), "sam@example.com", 5, REMOTE_ADDR="203.0.113.9")
    response = client.post(reverse("login"), {"username": "sam@example.com", "password": RIGHT})
    assert response.status_code == 302


def test_behind_a_trusted_proxy_the_client_is_the_address_the_proxy_forwarded(client, supply_chain_user, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    # The guesser sends a forged header of its own; the proxy appends the real address to the right.
    _fail(client, reverse("login"), "sam@example.com", 5, HTTP_X_FORWARDED_FOR="198.51.100.1, 203.0.113.9")
    locked = client.post(
        reverse("login"), {"username": "sam@example.com", "password": RIGHT}, HTTP_X_FORWARDED_FOR="203.0.113.9"
    )
    other = client.post(
        reverse("login"), {"username": "sam@example.com", "password": RIGHT}, HTTP_X_FORWARDED_FOR="192.0.2.7"
    )
    assert (locked.status_code, other.status_code) == (429, 302)


def test_a_malformed_forwarded_address_falls_back_to_the_peer_address(client, supply_chain_user, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    _fail(client, reverse("login"), "sam@example.com", 5, HTTP_X_FORWARDED_FOR="not-an-address")
    response = client.post(reverse("login"), {"username": "sam@example.com", "password": RIGHT})
    assert response.status_code == 429  # counted against 127.0.0.1, the peer
