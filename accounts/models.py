from typing import ClassVar

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.utils.translation import gettext_lazy as _


class EmailUserManager(UserManager["User"]):
    """Finds the user to sign in by their e-mail address as typed: any letter case, spaces around it
    ignored. Usernames are the lower-cased address (accounts.services, accounts.forms), so at most one
    user matches."""

    def get_by_natural_key(self, username: str | None) -> "User":
        return self.get(**{f"{self.model.USERNAME_FIELD}__iexact": (username or "").strip()})


class User(AbstractUser):
    """A person who logs in. Internal staff hold roles through groups (see core.access); a
    supplier-side user belongs to exactly one supplier and sees only that supplier's data."""

    email = models.EmailField(_("e-mail address"), unique=True)
    supplier = models.ForeignKey(
        "suppliers.Supplier",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="users",
        help_text=_("Set only for users who answer on behalf of a supplier."),
    )

    objects: ClassVar[EmailUserManager] = EmailUserManager()

    def __str__(self) -> str:
        return self.get_full_name() or self.email or self.username
