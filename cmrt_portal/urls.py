from django.contrib import admin
from django.urls import include, path

from core import views as core_views

admin.site.site_header = "CMRT Portal administration"
admin.site.site_title = "CMRT Portal"

urlpatterns = [
    path("", core_views.home, name="home"),
    path("health/", core_views.health, name="health"),
    path("accounts/", include("accounts.urls")),
    path("suppliers/", include("suppliers.urls")),
    path("smelters/", include("smelters.urls")),
    path("surveys/", include("surveys.urls")),
    path("admin/", admin.site.urls),
    # set_language: the language chooser on every page posts here.
    path("i18n/", include("django.conf.urls.i18n")),
]
