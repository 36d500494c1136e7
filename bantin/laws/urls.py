from django.urls import path

from . import views

app_name = "laws"
urlpatterns = [
    path("", views.document_list, name="list"),
    path("<int:pk>/", views.document_detail, name="detail"),
    path("<int:pk>/tai-ve/<int:attachment_pk>/", views.document_download, name="download"),
]
