from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import PasswordResetForm
from django.http import HttpResponse, HttpResponseRedirect

from accounts.services import password_reset_request
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
