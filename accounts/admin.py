from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin

from accounts.models import User


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    fieldsets = (*DjangoUserAdmin.fieldsets, ("Supplier", {"fields": ("supplier",)}))
    list_display = ("email", "first_name", "last_name", "supplier", "is_staff", "is_active")
    list_filter = ("groups", "is_staff", "is_active")
    search_fields = ("email", "first_name", "last_name", "username")
    autocomplete_fields = ("supplier",)
