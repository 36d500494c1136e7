from django.urls import path

from . import views

app_name = "bantin_accounts"
urlpatterns = [
    path("", views.verify, name="verify"),
    path("dang-ky/", views.enrol, name="enrol"),
    path("ma-du-phong/", views.backup_codes, name="backup_codes"),
    path("tai-khoan/", views.account, name="account"),
    path("dang-xuat-moi-noi/", views.logout_everywhere, name="logout_everywhere"),
    path("quan-ly/", views.manage, name="manage"),
    path("quan-ly/<int:user_id>/dat-lai/", views.reset_factors, name="reset"),
    path("quan-ly/mo-khoa/", views.unlock, name="unlock"),
]

