from django.urls import path

from . import api, exporting, feeds, views

app_name = "laws"
urlpatterns = [
    path("", views.document_list, name="list"),
    path("atom.xml", feeds.document_feed, name="feed"),
    path("api/", api.document_api, name="api"),
    path("xuat.xlsx", exporting.export_xlsx, name="export"),
    path("<int:pk>/", views.document_detail, name="detail"),
    path("<int:pk>/tai-ve/<int:attachment_pk>/", views.document_download, name="download"),
]
