from django.contrib.auth import views as auth_views
from django.urls import path

from dieuhanh.accounts import views

app_name = "accounts"
urlpatterns = [
    path("", views.account, name="account"),
    path("dang-nhap/", views.SignInView.as_view(), name="login"),
    path("dang-xuat/", auth_views.LogoutView.as_view(), name="logout"),
    path("doi-mat-khau/", views.PasswordChangeView.as_view(), name="password_change"),
    path("quen-mat-khau/", views.PasswordResetView.as_view(), name="password_reset"),
    path(
        "quen-mat-khau/da-gui/",
        auth_views.PasswordResetDoneView.as_view(template_name="accounts/password_reset_done.html"),
        name="password_reset_done",
    ),
    path(
        "dat-lai-mat-khau/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "dat-lai-mat-khau/xong/",
        auth_views.PasswordResetCompleteView.as_view(template_name="accounts/password_reset_complete.html"),
        name="password_reset_complete",
    ),
    path("xac-thuc-hai-lop/", views.two_factor_verify, name="two_factor_verify"),
    path("xac-thuc-hai-lop/thiet-lap/", views.two_factor_setup, name="two_factor_setup"),
    path("xac-thuc-hai-lop/ma-khoi-phuc/", views.two_factor_renew_codes, name="two_factor_renew_codes"),
    path("xac-thuc-hai-lop/tat/", views.two_factor_remove, name="two_factor_remove"),
    path("sso/", views.sso_start, name="sso_start"),
    path("sso/callback/", views.sso_callback, name="sso_callback"),
]
