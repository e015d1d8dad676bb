"""The request type of views that only logged-in users reach."""

from django.http import HttpRequest

from accounts.models import User


class AuthenticatedHttpRequest(HttpRequest):
    """A request behind a login check (core.access's decorators, the admin's admin_view): its user
    is a logged-in `User`, never the anonymous user. For the type checker only; Django builds the request."""

    user: User
