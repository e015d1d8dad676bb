"""The supplier portal: every page for a supplier's own users, objects addressed by UUID."""

from django.urls import path

from surveys import portal_views as views

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
    path("colleagues/", views.colleagues, name="colleagues"),
    path("requests/<uuid:public_id>/", views.request_detail, name="request_detail"),
    path("requests/<uuid:public_id>/template/", views.template_download, name="template_download"),
    path("requests/<uuid:public_id>/upload/", views.request_upload, name="request_upload"),
    path("requests/<uuid:public_id>/decline/", views.request_decline, name="request_decline"),
    path("submissions/<uuid:public_id>/", views.submission_detail, name="submission_detail"),
    path("submissions/<uuid:public_id>/status/", views.submission_status, name="submission_status"),
    path("submissions/<uuid:public_id>/download/", views.submission_download, name="submission_download"),
]
