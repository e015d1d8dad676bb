from django.urls import path

from smelters import views

app_name = "smelters"

urlpatterns = [
    path("", views.smelter_list, name="list"),
    path("review/", views.review_queue, name="review"),
    path("review/group/", views.review_group, name="review_group"),
    path("review/decide/", views.review_decide, name="review_decide"),
    path("questions/", views.open_questions, name="open_questions"),
    path("<uuid:public_id>/", views.smelter_detail, name="detail"),
]
