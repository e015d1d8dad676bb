from django.urls import path

from surveys import views

app_name = "surveys"

urlpatterns = [
    path("checker/", views.checker, name="checker"),
    path("submissions/<uuid:public_id>/", views.submission_detail, name="submission_detail"),
    path("submissions/<uuid:public_id>/status/", views.submission_status, name="submission_status"),
    path("submissions/<uuid:public_id>/download/", views.submission_download, name="submission_download"),
]
