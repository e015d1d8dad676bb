from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from accounts.forms import UserAddForm, UserEditForm
from accounts.models import User


@admin.register(User)
class UserAdmin(DjangoUserAdmin[User]):
    # Users are known by their e-mail address (it is their login); the username follows it.
    form = UserEditForm
    add_form = UserAddForm
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": ("email", "first_name", "last_name", "usable_password", "password1", "password2"),
            },
        ),
    )
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Personal info"), {"fields": ("first_name", "last_name")}),
        (_("Permissions"), {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")}),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
        (_("Supplier"), {"fields": ("supplier",)}),
    )
    list_display = ("email", "first_name", "last_name", "supplier", "is_staff", "is_active")
    list_filter = ("groups", "is_staff", "is_active")
    search_fields = ("email", "first_name", "last_name")
    ordering = ("email",)
    autocomplete_fields = ("supplier",)
