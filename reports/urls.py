from django.urls import path

from reports import dashboard_views, views

app_name = "reports"

urlpatterns = [
    path("dashboard/", dashboard_views.dashboard, name="dashboard"),
    path(
        "campaigns/<uuid:public_id>/dashboard/<slug:key>/",
        dashboard_views.dashboard_suppliers,
        name="dashboard_suppliers",
    ),
    path("campaigns/<uuid:public_id>/requests.csv", dashboard_views.requests_csv, name="requests_csv"),
    path("campaigns/<uuid:public_id>/requests.xlsx", dashboard_views.requests_xlsx, name="requests_xlsx"),
    path("campaigns/<uuid:public_id>/summary/", views.summary, name="summary"),
    path("campaigns/<uuid:public_id>/summary/<slug:key>/", views.figure_suppliers, name="figure_suppliers"),
    path("campaigns/<uuid:public_id>/appendix-a/", views.appendix_a, name="appendix_a"),
    path("campaigns/<uuid:public_id>/appendix-a.csv", views.appendix_a_csv, name="appendix_a_csv"),
    path("campaigns/<uuid:public_id>/appendix-a.xlsx", views.appendix_a_xlsx, name="appendix_a_xlsx"),
    path("campaigns/<uuid:public_id>/filing/", views.filing_package, name="filing_package"),
    path("campaigns/<uuid:public_id>/filing/runs/", views.report_run_create, name="report_run_create"),
    path("filing-runs/<uuid:public_id>/status/", views.report_run_status, name="report_run_status"),
    path("filing-runs/<uuid:public_id>/download/", views.report_run_download, name="report_run_download"),
]
