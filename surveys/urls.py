from django.urls import path

from surveys import campaign_views, outreach_views, views

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
    path("requests/<uuid:public_id>/", outreach_views.request_detail, name="request_detail"),
    path("requests/<uuid:public_id>/notes/", outreach_views.request_note_add, name="request_note_add"),
    path("requests/<uuid:public_id>/pause/", outreach_views.request_pause, name="request_pause"),
    path(
        "requests/<uuid:public_id>/log.<str:file_format>",
        outreach_views.request_log_export,
        name="request_log_export",
    ),
    path(
        "campaigns/<uuid:public_id>/log.<str:file_format>",
        outreach_views.campaign_log_export,
        name="campaign_log_export",
    ),
    path(
        "suppliers/<uuid:public_id>/log.<str:file_format>",
        outreach_views.supplier_log_export,
        name="supplier_log_export",
    ),
]
