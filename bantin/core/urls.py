from django.urls import path

from . import views

app_name = "session"
urlpatterns = [
    path("keepalive/", views.keepalive, name="keepalive"),
    path("logout/", views.idle_logout, name="logout"),
]
