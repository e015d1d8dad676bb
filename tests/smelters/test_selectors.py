"""The supplier boundary of the smelter selectors: the reference list is internal, no supplier's user sees it."""

import pytest
from django.http import Http404

from smelters.selectors import smelter_get_for_user, smelters_visible_to
from tests.smelters.factories import SmelterFactory

pytestmark = pytest.mark.django_db


def uuid_of(obj):
    """The public UUID that addresses `obj` in URLs and selectors."""
    return obj.public_id


@pytest.mark.parametrize("who", ["owner", "colleague", "outsider", "roleless_user"])
def test_no_supplier_side_or_roleless_user_sees_a_smelter(request, who):
    smelter = SmelterFactory()
    user = request.getfixturevalue(who)
    assert not smelters_visible_to(user).exists()
    with pytest.raises(Http404):
        smelter_get_for_user(user=user, public_id=uuid_of(smelter))


def test_an_inactive_internal_user_sees_no_smelter(legal_user):
    SmelterFactory()
    legal_user.is_active = False
    legal_user.save()
    assert not smelters_visible_to(legal_user).exists()


def test_internal_users_see_every_smelter(legal_user):
    smelter = SmelterFactory()
    assert smelter_get_for_user(user=legal_user, public_id=uuid_of(smelter)) == smelter
