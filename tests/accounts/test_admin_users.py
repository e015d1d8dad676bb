"""Adding and editing users in the admin: by e-mail address, the name users log in with."""

import pytest
from django.urls import reverse

from accounts.models import User

pytestmark = pytest.mark.django_db

PASSWORD = "A-long-pass-phrase-42"


def add_user(client, email: str, **extra):
    data = {"email": email, "first_name": "", "last_name": "", "usable_password": "true"}
    data.update(password1=PASSWORD, password2=PASSWORD, **extra)
    return client.post(reverse("admin:accounts_user_add"), data)


def test_the_add_user_form_asks_for_an_email_address_and_no_username(admin_client):
    form = admin_client.get(reverse("admin:accounts_user_add")).context["adminform"].form
    assert "email" in form.fields and form.fields["email"].required
    assert "username" not in form.fields


def test_an_administrator_adds_two_users_in_a_row_and_each_logs_in_by_email(admin_client, client):
    first = add_user(admin_client, "Mia.Meyer@Example.com", first_name="Mia", last_name="Meyer")
    second = add_user(admin_client, "noah@example.com")

    assert first.status_code == 302 and second.status_code == 302
    mia = User.objects.get(email="mia.meyer@example.com")
    assert (mia.username, mia.first_name) == ("mia.meyer@example.com", "Mia")
    assert User.objects.filter(email="noah@example.com").exists()
    response = client.post(reverse("login"), {"username": "noah@example.com", "password": PASSWORD})
    assert response.status_code == 302 and "_auth_user_id" in client.session


def test_adding_an_email_address_that_is_taken_says_so_instead_of_failing(admin_client):
    add_user(admin_client, "mia@example.com")

    response = add_user(admin_client, "MIA@example.com")

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["email"] == ["A user with this e-mail address already exists."]
    assert User.objects.filter(email__iexact="mia@example.com").count() == 1


def test_changing_a_users_email_in_the_admin_changes_the_address_they_log_in_with(admin_client, client, legal_user):
    change = admin_client.get(reverse("admin:accounts_user_change", args=[legal_user.pk])).context["adminform"].form
    assert "username" not in change.fields
    data = {name: value for name, value in change.initial.items() if value is not None and name != "password"}
    data.update(email="Lee.Legal@Example.com", groups=[g.pk for g in legal_user.groups.all()], user_permissions=[])
    data.update({"date_joined_0": legal_user.date_joined.date().isoformat(), "date_joined_1": "00:00:00"})
    data.update({k: "" for k in ("last_login_0", "last_login_1", "supplier")})
    data = {k: v for k, v in data.items() if k not in ("date_joined", "last_login")}
    data.update({k: "on" for k in ("is_active", "is_staff", "is_superuser") if data.pop(k, False)})

    response = admin_client.post(reverse("admin:accounts_user_change", args=[legal_user.pk]), data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    legal_user.refresh_from_db()
    assert (legal_user.email, legal_user.username) == ("lee.legal@example.com", "lee.legal@example.com")
    assert (
        client.post(reverse("login"), {"username": "lee.legal@example.com", "password": "pw-123456!"}).status_code
        == 302
    )
