"""The supplier boundary of the submission selectors: a supplier's users see their supplier's CMRTs only."""

import uuid

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import Http404

from surveys.selectors import submission_get_for_user, submission_search, submissions_visible_to
from tests.factories import SubmissionFactory

pytestmark = pytest.mark.django_db


def uuid_of(obj):
    """The public UUID that addresses `obj` in URLs and selectors."""
    return obj.public_id


@pytest.fixture
def of_a(supplier_a):
    return SubmissionFactory(supplier=supplier_a, company_name="Supplier A Ltd.")


@pytest.fixture
def of_b(supplier_b):
    return SubmissionFactory(supplier=supplier_b, company_name="Supplier B Ltd.")


@pytest.mark.parametrize("who", ["owner", "colleague"])
def test_a_suppliers_users_see_their_suppliers_submissions_and_only_those(request, who, of_a, of_b):
    user = request.getfixturevalue(who)
    assert list(submissions_visible_to(user)) == [of_a]
    assert submission_get_for_user(user=user, public_id=uuid_of(of_a)) == of_a


def test_a_user_of_another_supplier_gets_404_for_the_submission_as_for_a_missing_one(outsider, of_a):
    with pytest.raises(Http404):
        submission_get_for_user(user=outsider, public_id=uuid_of(of_a))
    with pytest.raises(Http404):
        submission_get_for_user(user=outsider, public_id=uuid.uuid4())


def test_a_user_with_a_supplier_never_finds_another_suppliers_submission_by_search(outsider, of_a, of_b):
    assert list(submission_search(user=outsider, search="Supplier A")) == []
    assert list(submission_search(user=outsider)) == [of_b]


def test_a_suppliers_user_never_sees_unfiled_checks(owner, of_a):
    unfiled = SubmissionFactory(supplier=None)
    assert unfiled not in submissions_visible_to(owner)


def test_an_inactive_suppliers_user_sees_no_submission(owner, of_a):
    owner.is_active = False
    owner.save()
    assert not submissions_visible_to(owner).exists()
    with pytest.raises(Http404):
        submission_get_for_user(user=owner, public_id=uuid_of(of_a))


def test_an_inactive_internal_user_sees_no_submission(legal_user, of_a):
    legal_user.is_active = False
    legal_user.save()
    assert not submissions_visible_to(legal_user).exists()


@pytest.mark.parametrize("who", ["roleless_user", "anonymous"])
def test_a_user_without_role_or_supplier_sees_no_submission(request, who, of_a):
    user = AnonymousUser() if who == "anonymous" else request.getfixturevalue(who)
    assert not submissions_visible_to(user).exists()


def test_internal_users_see_every_submission(legal_user, of_a, of_b):
    assert set(submissions_visible_to(legal_user)) == {of_a, of_b}
