from django.urls import path

from suppliers import views

app_name = "suppliers"

urlpatterns = [
    path("", views.supplier_list, name="list"),
    path("<uuid:code>/", views.supplier_detail, name="detail"),
    path("checker/", views.checker, name="checker"),
    path("submissions/<uuid:code>/", views.submission_detail, name="submission_detail"),
    path("submissions/<uuid:code>/status/", views.submission_status, name="submission_status"),
    path("submissions/<uuid:code>/download/", views.submission_download, name="submission_download"),
]
