from django.urls import path

from . import views

app_name = "questions"
urlpatterns = [
    path("", views.question_list, name="list"),
    path("gui-cau-hoi/", views.ask, name="ask"),
    path("tra-cuu/", views.lookup, name="lookup"),
    path("<str:public_id>/", views.question_detail, name="detail"),
]
