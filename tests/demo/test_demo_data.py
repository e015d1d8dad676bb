import pytest
from django.core.management import call_command

from accounts.models import User
from core.access import Role, user_roles
from suppliers.models import Supplier

pytestmark = pytest.mark.django_db


def test_demo_data_fills_a_believable_supplier_list_and_prints_the_logins(capsys):
    call_command("load_demo_data", suppliers=300)
    out = capsys.readouterr().out

    assert Supplier.objects.count() == 300
    assert Supplier.objects.filter(contacts__is_primary=True).distinct().count() == 300
    assert Supplier.objects.values("category").distinct().count() >= 8
    assert Supplier.objects.filter(annual_spend__gt=0).count() == 300
    assert Role.SUPPLY_CHAIN in user_roles(User.objects.get(email="supply@example.com"))
    assert "supply@example.com" in out and "password:" in out


def test_loading_demo_data_twice_changes_nothing():
    call_command("load_demo_data", suppliers=50)
    call_command("load_demo_data", suppliers=50)
    assert Supplier.objects.count() == 50
    assert User.objects.count() == 4


def test_every_demo_email_address_is_plain_ascii_and_valid():
    from django.core.validators import validate_email

    from suppliers.models import Contact

    call_command("load_demo_data", suppliers=300)
    addresses = list(Contact.objects.values_list("email", flat=True)) + list(
        User.objects.values_list("email", flat=True)
    )

    assert len(addresses) > 300
    not_ascii = [a for a in addresses if not a.isascii()]
    assert not_ascii == []
    for address in addresses:
        validate_email(address)
