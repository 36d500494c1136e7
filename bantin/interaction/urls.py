from django.urls import path

from . import views

app_name = "interaction"
urlpatterns = [
    path("<int:page_id>/", views.comment_form, name="comment"),
    path("bao-cao/<int:comment_id>/", views.report, name="report"),
    path("cau-hoi-kiem-tra/", views.captcha_challenge, name="captcha"),
]
