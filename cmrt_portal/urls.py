from django.conf import settings
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
    path("portal/", include("surveys.portal_urls")),
    path("reports/", include("reports.urls")),
    path("admin/", admin.site.urls),
]
# The mail provider's tracking webhooks (bounces, complaints), only where they can be authenticated.
if settings.ANYMAIL.get("WEBHOOK_SECRET"):
    urlpatterns.append(path("anymail/", include("anymail.urls")))
