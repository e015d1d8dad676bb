"""The admin applies the supplier rule of core.access: a supplier's user never enters it, whatever
flags or groups it was given by mistake."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from accounts.services import roles_sync
from tests.factories import SupplierFactory

pytestmark = pytest.mark.django_db


def admin_urls(other_supplier) -> list[str]:
    return [
        reverse("admin:index"),
        reverse("admin:suppliers_supplier_changelist"),
        reverse("admin:suppliers_supplier_change", args=[other_supplier.pk]),
        reverse("admin:suppliers_supplier_export"),
        reverse("admin:suppliers_contact_changelist"),
        reverse("admin:smelters_reportedsmelter_changelist"),
        reverse("admin:smelters_smelter_changelist"),
        reverse("admin:accounts_user_changelist"),
    ]


@pytest.fixture
def staff_supplier_user(supplier_user):
    """A supplier's user given is_staff and the supply-chain group by mistake."""
    roles_sync()
    supplier_user.is_staff = True
    supplier_user.save()
    supplier_user.groups.add(Group.objects.get(name="Supply chain"))
    return supplier_user


def test_a_suppliers_user_with_staff_and_an_internal_group_never_enters_the_admin(client, staff_supplier_user):
    other = SupplierFactory(name="Another Supplier Ltd.")
    client.force_login(staff_supplier_user)

    for url in admin_urls(other):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response.url.startswith(reverse("admin:login")), url
    assert (
        "Another Supplier"
        not in client.get(reverse("admin:suppliers_supplier_changelist"), follow=True).content.decode()
    )


def test_a_suppliers_user_is_kept_out_even_as_a_superuser(client, supplier_user):
    supplier_user.is_staff = supplier_user.is_superuser = True
    supplier_user.save()
    client.force_login(supplier_user)

    response = client.get(reverse("admin:suppliers_supplier_change", args=[supplier_user.supplier.pk]))

    assert response.status_code == 302


def test_the_admin_login_page_tells_a_suppliers_user_it_may_not_enter(client, staff_supplier_user):
    client.force_login(staff_supplier_user)
    response = client.get(reverse("admin:login"))
    assert "not authorized to access this page" in response.content.decode()


def test_the_same_user_without_a_supplier_enters_the_admin(client, staff_supplier_user):
    staff_supplier_user.supplier = None
    staff_supplier_user.save()
    other = SupplierFactory()
    client.force_login(staff_supplier_user)

    for url in admin_urls(other)[:-1]:  # the user admin is for administrators only
        assert client.get(url).status_code == 200, url
