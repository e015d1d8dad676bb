from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from core import views as core_views
from surveys import portal_views
from surveys import views as survey_views

admin.site.site_header = "CMRT Portal administration"
admin.site.site_title = "CMRT Portal"

urlpatterns = [
    path("", core_views.home, name="home"),
    path("health/", core_views.health, name="health"),
    path("accounts/", include("accounts.urls")),
    # "Send me a link" beside the link sign-in (accounts), served by the portal: it knows the contacts.
    path("accounts/link/new/", portal_views.link_request, name="link_request"),
    path("accounts/link/sent/", portal_views.link_request_sent, name="link_request_sent"),
    path("suppliers/", include("suppliers.urls")),
    path("smelters/", include("smelters.urls")),
    path("surveys/", include("surveys.urls")),
    path("portal/", include("surveys.portal_urls")),
    path("reports/", include("reports.urls")),
    path("admin/", admin.site.urls),
    # The language chooser on every page posts here (Django's set_language, remembering a supplier's choice).
    path("i18n/setlang/", survey_views.language_set, name="set_language"),
]
# The mail provider's tracking webhooks (bounces, complaints), only where they can be authenticated.
if settings.ANYMAIL.get("WEBHOOK_SECRET"):
    urlpatterns.append(path("anymail/", include("anymail.urls")))
