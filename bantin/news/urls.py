from django.urls import path

from . import views

app_name = "news"
urlpatterns = [path("<int:pk>/", views.banner_click, name="banner")]
