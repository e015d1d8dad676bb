"""The supplier boundary of the supplier selectors: a supplier's users see their own supplier and no other."""

import uuid

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import Http404

from suppliers.selectors import supplier_choices, supplier_find, supplier_get_for_user, suppliers_visible_to

pytestmark = pytest.mark.django_db


def uuid_of(obj):
    """The public UUID that addresses `obj` in URLs and selectors."""
    return obj.public_id


@pytest.mark.parametrize("who", ["owner", "colleague"])
def test_a_suppliers_users_see_their_own_supplier_and_only_it(request, who, supplier_a, supplier_b):
    user = request.getfixturevalue(who)
    assert list(suppliers_visible_to(user)) == [supplier_a]
    assert supplier_get_for_user(user=user, public_id=uuid_of(supplier_a)) == supplier_a


def test_a_user_of_another_supplier_gets_404_for_supplier_a_as_for_a_missing_one(outsider, supplier_a):
    assert supplier_a not in suppliers_visible_to(outsider)
    with pytest.raises(Http404):
        supplier_get_for_user(user=outsider, public_id=uuid_of(supplier_a))
    with pytest.raises(Http404):
        supplier_get_for_user(user=outsider, public_id=uuid.uuid4())


def test_a_user_with_a_supplier_never_finds_or_is_offered_another_supplier(outsider, supplier_a, supplier_b):
    assert supplier_find(user=outsider, text=supplier_a.supplier_code) is None
    assert supplier_find(user=outsider, text=supplier_a.name) is None
    assert supplier_choices(user=outsider) == [(supplier_b.supplier_code, supplier_b.name)]


def test_an_inactive_suppliers_user_sees_no_supplier(owner, supplier_a):
    owner.is_active = False
    owner.save()
    assert not suppliers_visible_to(owner).exists()
    with pytest.raises(Http404):
        supplier_get_for_user(user=owner, public_id=uuid_of(supplier_a))


def test_an_inactive_internal_user_sees_no_supplier(legal_user, supplier_a):
    legal_user.is_active = False
    legal_user.save()
    assert not suppliers_visible_to(legal_user).exists()


@pytest.mark.parametrize("who", ["roleless_user", "anonymous"])
def test_a_user_without_role_or_supplier_sees_no_supplier(request, who, supplier_a):
    user = AnonymousUser() if who == "anonymous" else request.getfixturevalue(who)
    assert not suppliers_visible_to(user).exists()


def test_internal_users_see_every_supplier(legal_user, supplier_a, supplier_b):
    assert set(suppliers_visible_to(legal_user)) == {supplier_a, supplier_b}
