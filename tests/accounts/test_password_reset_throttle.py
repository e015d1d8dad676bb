"""Password-reset e-mails are throttled per address and per client, without telling anyone which addresses exist."""

import logging

import pytest
from django.core import mail
from django.urls import reverse

from accounts.services import user_create

pytestmark = pytest.mark.django_db


def _reset(client, email, **extra):
    return client.post(reverse("password_reset"), {"email": email}, **extra)


def test_eight_resets_to_one_address_send_at_most_three_emails(client, supply_chain_user):
    for _ in range(8):
        _reset(client, "sam@example.com")
    assert len(mail.outbox) == 3


def test_once_one_address_is_throttled_a_different_address_still_gets_its_email(client, supply_chain_user, legal_user):
    for _ in range(8):
        _reset(client, "sam@example.com")
    _reset(client, "lee@example.com")
    assert [m.to for m in mail.outbox[-1:]] == [["lee@example.com"]]
    assert len(mail.outbox) == 4


def test_the_address_limit_ignores_case_and_spaces(client, supply_chain_user):
    for address in ["sam@example.com", "SAM@example.com", "Sam@Example.COM", " sam@example.com", "sam@EXAMPLE.com"]:
        _reset(client, address)
    assert len(mail.outbox) == 3


def test_one_client_gets_at_most_ten_reset_emails_an_hour_whatever_the_addresses(client, db):
    for n in range(12):
        user_create(email=f"user{n}@example.com", password="pw-123456!")
    for n in range(12):
        _reset(client, f"user{n}@example.com")
    assert len(mail.outbox) == 10
    _reset(client, "user11@example.com", REMOTE_ADDR="198.51.100.20")  # another client is not held back
    assert len(mail.outbox) == 11


def test_a_throttled_request_looks_exactly_like_a_sent_one_and_like_an_unknown_address(client, supply_chain_user):
    sent = _reset(client, "sam@example.com")
    for _ in range(3):
        throttled = _reset(client, "sam@example.com")
    unknown = _reset(client, "nobody-here@example.com")
    assert len(mail.outbox) == 3
    assert sent.status_code == throttled.status_code == unknown.status_code == 302
    assert sent.url == throttled.url == unknown.url == reverse("password_reset_done")


def test_a_throttled_reset_is_logged_and_not_sent(client, supply_chain_user, caplog):
    for _ in range(3):
        _reset(client, "sam@example.com")
    with caplog.at_level(logging.WARNING, logger="accounts.services"):
        _reset(client, "sam@example.com")
    assert len(mail.outbox) == 3
    assert any(
        "password reset throttled" in r.getMessage() and "sam@example.com" in r.getMessage() for r in caplog.records
    )
