from django.urls import path

from . import views

app_name = "audience"
urlpatterns = [
    path("hit/", views.hit, name="hit"),
    path("rate/", views.rate, name="rate"),
    path("figures/", views.figures, name="figures"),
]
