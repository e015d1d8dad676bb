"""Sign-in pages: password reset (throttled), sign-in by link for supplier contacts, password change."""

from typing import Any

from django.conf import settings
from django.contrib.auth import authenticate, login
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import PasswordResetForm, SetPasswordForm
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods

from accounts.forms import SignInLinkRequestForm
from accounts.services import SIGN_IN_SCOPE, password_reset_request
from core.http import client_ip


class PasswordResetView(auth_views.PasswordResetView):
    """Django's reset page, with the e-mail sent through the throttling service.

    The answer is the same redirect whether the e-mail went out, was throttled or had no account.
    """

    email_template_name = "emails/password_reset.txt"
    html_email_template_name = "emails/password_reset.html"
    subject_template_name = "emails/password_reset_subject.txt"

    def form_valid(self, form: PasswordResetForm) -> HttpResponse:
        password_reset_request(
            form=form,
            client_ip=client_ip(self.request) or "unknown",
            use_https=self.request.is_secure(),
            token_generator=self.token_generator,
            from_email=self.from_email,
            email_template_name=self.email_template_name,
            subject_template_name=self.subject_template_name,
            request=self.request,
            html_email_template_name=self.html_email_template_name,
            extra_email_context=self.extra_email_context,
        )
        return HttpResponseRedirect(self.get_success_url())


class PasswordChangeView(auth_views.PasswordChangeView):
    """Change a password, or choose a first one: a supplier contact who signs in by link has none, and
    may want one (then the old password is not asked for, as there is none to give)."""

    def get_form_class(self) -> Any:
        return SetPasswordForm if not self.request.user.has_usable_password() else super().get_form_class()

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {**super().get_context_data(**kwargs), "first_password": not self.request.user.has_usable_password()}


def _next_path(request: HttpRequest, value: str | None) -> str:
    """Where to go after signing in: a path on this site, else the supplier portal's start page."""
    if value and url_has_allowed_host_and_scheme(value, allowed_hosts={request.get_host()}, require_https=False):
        return value
    return reverse("portal:home")


@require_http_methods(["GET", "POST"])
def link_sign_in(request: HttpRequest) -> HttpResponse:
    """Where the personal link in an e-mail leads: a button signs the contact in, spending the link.

    Opening the link only shows the button (GET checks the token without spending it): mail filters
    open links in e-mails to scan them, and a link spent by a scanner would greet the contact with
    "already used". A link that was used, has expired or is damaged says so and offers a new one.
    Failed links are counted with django-axes like failed passwords (accounts.login_protection).
    """
    # The "send me a link" page it offers is surveys' (it knows the suppliers' contacts); cmrt_portal.urls
    # serves it beside this one.
    data = request.POST if request.method == "POST" else request.GET
    token = data.get(settings.SESAME_TOKEN_NAME, "")
    next_path = _next_path(request, data.get("next"))
    user = authenticate(request, sesame=token, scope=SIGN_IN_SCOPE) if token else None
    if user is None or not getattr(user, "supplier_id", None):
        return render(request, "registration/link_invalid.html", {"form": SignInLinkRequestForm()}, status=410)
    if request.user.is_authenticated and request.user.pk == user.pk:
        return redirect(next_path)  # already signed in: the link stays good for another device
    if request.method == "GET":
        return render(
            request,
            "registration/link_sign_in.html",
            {"link_user": user, "token": token, "next": next_path, "token_name": settings.SESAME_TOKEN_NAME},
        )
    login(request, user)  # records the sign-in as last_login, which spends the link (SESAME_ONE_TIME)
    return redirect(next_path)
