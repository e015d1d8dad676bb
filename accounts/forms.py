"""The admin's user forms: a user is known by the e-mail address they log in with.

Sign-in authenticates by `username`, and every user's username is their e-mail address in lower
case (as `services.user_create` makes it). The admin forms therefore ask for the e-mail address only,
refuse one that is taken (in any case) with a message rather than a database error, and keep the
username equal to it, so that changing someone's address changes the address they log in with.
"""

from typing import Any

from django import forms
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.utils.translation import gettext_lazy as _

from accounts.models import User


class _EmailIsLoginMixin(forms.ModelForm):
    instance: User

    def clean_email(self) -> str:
        email = str(self.cleaned_data["email"]).strip().lower()
        taken = User.objects.filter(email__iexact=email) | User.objects.filter(username__iexact=email)
        if taken.exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(_("A user with this e-mail address already exists."), code="unique")
        self.instance.username = email
        return email


class UserAddForm(_EmailIsLoginMixin, AdminUserCreationForm):
    class Meta:
        model = User
        fields = ("email", "first_name", "last_name")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["email"].required = True
        self.fields["email"].help_text = _("The user logs in with this address.")


class UserEditForm(_EmailIsLoginMixin, UserChangeForm):
    class Meta:
        model = User
        fields = ("email", "password", "first_name", "last_name", "is_active", "is_staff", "is_superuser", "groups",
                  "user_permissions", "last_login", "date_joined", "supplier")  # fmt: skip


class SignInLinkRequestForm(forms.Form):
    """ "Send me a link": the address a supplier contact receives the survey e-mails at."""

    email = forms.EmailField(label=_("E-mail address"), max_length=254)


class ColleagueInviteForm(forms.Form):
    """A supplier user adds a colleague of the same company."""

    email = forms.EmailField(label=_("Your colleague's e-mail address"), max_length=254)
    first_name = forms.CharField(label=_("First name"), max_length=150, required=False)
    last_name = forms.CharField(label=_("Last name"), max_length=150, required=False)
