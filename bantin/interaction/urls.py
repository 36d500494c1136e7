from django.urls import path

from . import views

app_name = "interaction"
urlpatterns = [
    path("binh-luan/<int:page_id>/", views.comment_form, name="comment"),
    path("binh-luan/bao-cao/<int:comment_id>/", views.report, name="report"),
    path("binh-luan/cau-hoi-kiem-tra/", views.captcha_challenge, name="captcha"),
    path("gop-y-du-thao/<int:document_id>/", views.opinion_form, name="opinion"),
    path("gui-lien-he/<int:page_id>/", views.contact_form, name="contact"),
]
