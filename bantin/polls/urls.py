from django.urls import path

from . import views

app_name = "polls"
urlpatterns = [
    path("<int:poll_id>/", views.poll_page, name="poll"),
    path("<int:poll_id>/binh-chon/", views.vote, name="vote"),
    path("<int:poll_id>/ket-qua.json", views.results_json, name="results"),
]
