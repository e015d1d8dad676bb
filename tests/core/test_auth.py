import re

import pytest
from django.core import mail
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_a_supply_chain_user_logs_in_with_email_and_password_and_lands_on_the_dashboard(client, supply_chain_user):
    response = client.post(reverse("login"), {"username": "sam@example.com", "password": "pw-123456!"})
    assert response.status_code == 302
    assert client.get(response.url, follow=True).request["PATH_INFO"] == reverse("reports:dashboard")


@pytest.mark.parametrize("typed", ["Sam@Example.com", "  sam@example.com ", "SAM@EXAMPLE.COM"])
def test_the_email_address_logs_in_whatever_its_letter_case_or_the_spaces_around_it(client, supply_chain_user, typed):
    response = client.post(reverse("login"), {"username": typed, "password": "pw-123456!"})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(supply_chain_user.pk)


def test_the_admin_login_ignores_the_letter_case_of_the_address_too(client, admin_user):
    response = client.post(reverse("admin:login"), {"username": "Ada@Example.com", "password": "pw-123456!"})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(admin_user.pk)


def test_a_wrong_password_says_so_and_logs_nobody_in(client, supply_chain_user):
    response = client.post(reverse("login"), {"username": "sam@example.com", "password": "wrong"})
    assert "didn't match" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_logging_out_ends_the_session(client, supply_chain_user):
    client.force_login(supply_chain_user)
    client.post(reverse("logout"))
    assert client.get(reverse("suppliers:list")).status_code == 302


def test_password_reset_sends_a_link_that_sets_a_new_password(client, supply_chain_user):
    client.post(reverse("password_reset"), {"email": "sam@example.com"})
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["sam@example.com"]
    assert message.alternatives, "the e-mail has an HTML part"
    link = re.search(r"http://testserver(/accounts/reset/\S+/)", message.body).group(1)

    form_url = client.get(link).url  # Django swaps the token for a session marker
    client.post(form_url, {"new_password1": "A-much-better-pass-42", "new_password2": "A-much-better-pass-42"})

    supply_chain_user.refresh_from_db()
    assert supply_chain_user.check_password("A-much-better-pass-42")


def test_a_user_without_a_role_is_told_so_instead_of_seeing_data(client, roleless_user):
    client.force_login(roleless_user)
    response = client.get(reverse("home"))
    assert response.status_code == 403
    assert b"no role yet" in response.content


def test_health_answers_ok(client):
    assert client.get(reverse("health")).json() == {"status": "ok"}


def test_a_suppliers_user_put_in_an_internal_group_by_mistake_is_still_not_internal(client, supplier_user):
    from django.contrib.auth.models import Group

    from accounts.services import roles_sync

    roles_sync()
    supplier_user.groups.add(Group.objects.get(name="Supply chain"))
    client.force_login(supplier_user)
    assert client.get(reverse("suppliers:list")).status_code == 403


def test_administrators_pass_every_role_check_even_pages_of_another_team(client, admin_user, legal_user):
    client.force_login(legal_user)
    assert client.get(reverse("smelters:review")).status_code == 403  # supply-chain only
    client.force_login(admin_user)
    assert client.get(reverse("smelters:review")).status_code == 200
