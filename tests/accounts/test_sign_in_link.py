"""Supplier contacts sign in by the personal link in their e-mails: once, for a while, as themselves only."""

import re
import time
from types import SimpleNamespace
from urllib.parse import parse_qs, urlsplit

import pytest
from django.contrib.auth import SESSION_KEY
from django.core import mail
from django.urls import reverse
from sesame.utils import get_token

from accounts.models import User
from accounts.services import SIGN_IN_SCOPE, sign_in_link
from surveys.services.portal import SupplierUserConflict, sign_in_link_request, supplier_user_for
from tests.factories import ContactFactory

pytestmark = pytest.mark.django_db


def _path_and_token(link):
    parts = urlsplit(link)
    query = parse_qs(parts.query)
    return parts.path, query["link"][0], query.get("next", [""])[0]


def _open(client, link, **extra):
    path, token, next_path = _path_and_token(link)
    return client.get(path, {"link": token, "next": next_path}, **extra)


def _use(client, link, **extra):
    path, token, next_path = _path_and_token(link)
    return client.post(path, {"link": token, "next": next_path}, **extra)


def test_a_link_shows_who_signs_in_and_one_click_signs_the_contact_in_and_opens_the_page_it_names(client, owner):
    link = sign_in_link(user=owner, next_path="/portal/")
    page = _open(client, link)
    assert page.status_code == 200
    assert "owner@supplier-a.example" in page.content.decode() and "Supplier A Ltd." in page.content.decode()
    assert SESSION_KEY not in client.session, "opening the link alone signs nobody in"

    response = _use(client, link)
    assert response.status_code == 302 and response["Location"] == "/portal/"
    assert client.session[SESSION_KEY] == str(owner.pk)


def test_a_mail_scanner_opening_the_link_does_not_spend_it(client, owner):
    link = sign_in_link(user=owner)
    for _ in range(3):
        assert _open(client, link).status_code == 200
    assert _use(client, link).status_code == 302
    assert client.session[SESSION_KEY] == str(owner.pk)


def test_a_used_link_says_so_kindly_and_offers_a_new_one(client, owner):
    link = sign_in_link(user=owner)
    _use(client, link)
    client.logout()
    for response in (_open(client, link), _use(client, link)):
        body = response.content.decode()
        assert response.status_code == 410
        assert "This link no longer works" in body and "used already or has expired" in body
        assert reverse("link_request") in body and "Send me a new link" in body
    assert SESSION_KEY not in client.session


def test_an_expired_link_says_so_and_signs_nobody_in(client, owner, monkeypatch):
    link = sign_in_link(user=owner)
    fifteen_days_later = time.time() + 15 * 24 * 3600
    monkeypatch.setattr("sesame.tokens_v2.time", SimpleNamespace(time=lambda: fifteen_days_later))
    response = _use(client, link)
    assert response.status_code == 410 and "This link no longer works" in response.content.decode()
    assert SESSION_KEY not in client.session


def test_a_link_still_works_on_day_thirteen(client, owner, monkeypatch):
    link = sign_in_link(user=owner)
    thirteen_days_later = time.time() + 13 * 24 * 3600
    monkeypatch.setattr("sesame.tokens_v2.time", SimpleNamespace(time=lambda: thirteen_days_later))
    assert _use(client, link).status_code == 302
    assert client.session[SESSION_KEY] == str(owner.pk)


def test_a_link_signs_in_only_the_user_it_was_made_for(client, owner, colleague):
    _use(client, sign_in_link(user=colleague))
    assert client.session[SESSION_KEY] == str(colleague.pk)


def test_a_token_of_an_internal_user_never_signs_in_by_link(client, supply_chain_user):
    token = get_token(supply_chain_user, scope=SIGN_IN_SCOPE)
    response = client.post(reverse("link_sign_in"), {"link": token})
    assert response.status_code == 410
    assert SESSION_KEY not in client.session


def test_a_token_made_for_another_purpose_does_not_sign_in(client, owner):
    response = client.post(reverse("link_sign_in"), {"link": get_token(owner, scope="something-else")})
    assert response.status_code == 410
    assert SESSION_KEY not in client.session


def test_links_are_only_made_for_supplier_users(supply_chain_user):
    with pytest.raises(ValueError):
        sign_in_link(user=supply_chain_user)


def test_a_link_never_sends_the_contact_to_another_site(client, owner):
    path, token, _next = _path_and_token(sign_in_link(user=owner))
    response = client.post(path, {"link": token, "next": "https://evil.example/phish"})
    assert response["Location"] == reverse("portal:home")


def test_changing_the_password_spends_every_link(client, owner):
    link = sign_in_link(user=owner)
    owner.set_password("a-new-password-123")
    owner.save()
    assert _use(client, link).status_code == 410


def test_failed_links_naming_an_address_pause_that_address_on_that_client_like_wrong_passwords(
    client, owner, colleague
):
    good = sign_in_link(user=owner)
    path, token, _next = _path_and_token(good)
    tampered = token[:-2] + ("AA" if not token.endswith("AA") else "BB")
    for _ in range(4):
        assert client.post(path, {"link": tampered}).status_code == 410
    assert client.post(path, {"link": tampered}).status_code == 429, "the fifth failure pauses, as for passwords"
    paused = client.post(path, {"link": token})
    assert paused.status_code == 429
    assert "sign-in links that did not work" in paused.content.decode()
    assert SESSION_KEY not in client.session
    colleague_path, colleague_token, _next = _path_and_token(sign_in_link(user=colleague))
    same_office = client.post(colleague_path, {"link": colleague_token})
    assert same_office.status_code == 302, "a colleague's good link from the same client is not held back"
    client.logout()
    other_client = client.post(path, {"link": token}, REMOTE_ADDR="198.51.100.7")
    assert other_client.status_code == 302, "the same link from another client is not held back"


def test_a_failed_link_is_recorded_without_its_token(client, owner):
    from axes.models import AccessAttempt

    path, token, _next = _path_and_token(sign_in_link(user=owner))
    owner.set_password("spends-the-link-1")
    owner.save()
    client.get(path, {"link": token})
    client.post(path, {"link": token})
    attempt = AccessAttempt.objects.get()
    assert attempt.username == "owner@supplier-a.example" and attempt.failures_since_start == 2
    assert token not in attempt.get_data + attempt.post_data


def test_garbage_links_pause_the_client_that_sends_them(client, owner):
    for n in range(5):
        client.post(reverse("link_sign_in"), {"link": f"garbage-{n}"})
    assert client.post(reverse("link_sign_in"), {"link": "garbage-again"}).status_code == 429


# --- "Send me a link" -----------------------------------------------------------------------------------


def _ask(client, email, **extra):
    return client.post(reverse("link_request"), {"email": email}, **extra)


def test_a_supplier_user_who_asks_gets_a_link_that_signs_them_in(client, owner):
    response = _ask(client, "Owner@Supplier-A.example")
    assert response.status_code == 302 and response["Location"] == reverse("link_request_sent")
    assert [m.to for m in mail.outbox] == [["owner@supplier-a.example"]]
    link = re.search(r"https?://\S+", mail.outbox[0].body).group(0)
    assert _use(client, link).status_code == 302
    assert client.session[SESSION_KEY] == str(owner.pk)


def test_a_contact_without_a_user_gets_one_for_their_supplier_on_first_use(client):
    contact = ContactFactory(email="new.person@acme.example", name="Mei Chen")
    _ask(client, "new.person@acme.example")
    user = User.objects.get(email="new.person@acme.example")
    assert user.supplier == contact.supplier and user.first_name == "Mei" and not user.has_usable_password()
    assert len(mail.outbox) == 1


def test_the_answer_is_the_same_for_a_known_an_unknown_and_an_internal_address(client, owner, supply_chain_user):
    answers = [_ask(client, email) for email in ("owner@supplier-a.example", "nobody@x.example", "sam@example.com")]
    assert {(a.status_code, a["Location"]) for a in answers} == {(302, reverse("link_request_sent"))}
    assert [m.to for m in mail.outbox] == [["owner@supplier-a.example"]], "staff sign in with their password"


def test_asking_for_links_is_throttled_per_address(client, owner):
    for _ in range(6):
        _ask(client, "owner@supplier-a.example")
    assert len(mail.outbox) == 3


def test_asking_for_links_is_throttled_per_client_whatever_the_addresses(client, supplier_a):
    for n in range(12):
        supplier_user_for(email=f"person{n}@supplier-a.example", supplier=supplier_a)
    for n in range(12):
        _ask(client, f"person{n}@supplier-a.example")
    assert len(mail.outbox) == 10
    _ask(client, "person11@supplier-a.example", REMOTE_ADDR="198.51.100.9")
    assert len(mail.outbox) == 11


def test_the_login_page_offers_a_sign_in_link(client):
    assert reverse("link_request") in client.get(reverse("login")).content.decode()


def test_a_contact_of_two_suppliers_gets_no_link_until_the_team_says_which(client):
    ContactFactory(email="shared@group.example")
    ContactFactory(email="shared@group.example")
    assert sign_in_link_request(email="shared@group.example", client_ip="192.0.2.1") is False
    assert not User.objects.filter(email="shared@group.example").exists()


# --- Supplier users: one per address, one supplier each ------------------------------------------------------


def test_an_address_of_another_suppliers_user_is_not_moved_to_this_supplier(owner, supplier_b):
    with pytest.raises(SupplierUserConflict):
        supplier_user_for(email="OWNER@supplier-a.example", supplier=supplier_b)
    owner.refresh_from_db()
    assert owner.supplier.name == "Supplier A Ltd."


def test_an_internal_address_is_never_made_a_supplier_user(supply_chain_user, supplier_a):
    with pytest.raises(SupplierUserConflict):
        supplier_user_for(email="sam@example.com", supplier=supplier_a)


def test_a_supplier_user_without_a_password_can_choose_one_and_then_log_in_with_it(client, supplier_a):
    user = supplier_user_for(email="nopass@supplier-a.example", supplier=supplier_a)
    client.force_login(user)
    page = client.get(reverse("password_change"))
    assert "Choose a password" in page.content.decode() and "old_password" not in page.content.decode()
    response = client.post(
        reverse("password_change"), {"new_password1": "Tall-Horse-Battery-7", "new_password2": "Tall-Horse-Battery-7"}
    )
    assert response.status_code == 302
    client.logout()
    client.post(reverse("login"), {"username": "nopass@supplier-a.example", "password": "Tall-Horse-Battery-7"})
    assert client.session[SESSION_KEY] == str(user.pk)
