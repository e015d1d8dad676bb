from django.urls import path

from surveys import campaign_views, views

app_name = "surveys"

urlpatterns = [
    path("checker/", views.checker, name="checker"),
    path("submissions/<uuid:public_id>/", views.submission_detail, name="submission_detail"),
    path("submissions/<uuid:public_id>/status/", views.submission_status, name="submission_status"),
    path("submissions/<uuid:public_id>/download/", views.submission_download, name="submission_download"),
    path("campaigns/", campaign_views.campaign_list, name="campaign_list"),
    path("campaigns/new/", campaign_views.campaign_create, name="campaign_create"),
    path("campaigns/<uuid:public_id>/", campaign_views.campaign_detail, name="campaign_detail"),
    path("campaigns/<uuid:public_id>/edit/", campaign_views.campaign_edit, name="campaign_edit"),
    path("campaigns/<uuid:public_id>/open/", campaign_views.campaign_open, name="campaign_open"),
    path("campaigns/<uuid:public_id>/close/", campaign_views.campaign_close, name="campaign_close"),
    path(
        "campaigns/<uuid:public_id>/template/",
        campaign_views.campaign_template_download,
        name="campaign_template_download",
    ),
    path("requests/<uuid:public_id>/send-link/", campaign_views.request_resend, name="request_resend"),
]
