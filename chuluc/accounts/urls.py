from django.urls import path

from chuluc.accounts import sign_up, views

app_name = "accounts"
urlpatterns = [
    path("dang-nhap/", views.LoginView.as_view(), name="login"),
    path("dang-xuat/", views.logout_view, name="logout"),
    path("dang-ky/", sign_up.page, name="register"),
    path("doi-mat-khau/", views.password_change, name="password_change"),
    path("doi-mat-khau/xong/", views.password_change_done, name="password_change_done"),
    path("quen-mat-khau/", views.password_reset, name="password_reset"),
    path("quen-mat-khau/da-gui/", views.password_reset_done, name="password_reset_done"),
    path(
        "dat-lai-mat-khau/<uidb64>/<token>/",
        views.password_reset_confirm,
        name="password_reset_confirm",
    ),
    path("dat-lai-mat-khau/xong/", views.password_reset_complete, name="password_reset_complete"),
    path("dai-dien/", views.membership_list, name="membership_list"),
    path("dai-dien/<int:pk>/quyet-dinh/", views.membership_decide, name="membership_decide"),
    path("dai-dien/<int:pk>/giay-uy-quyen/", views.membership_letter, name="membership_letter"),
    path("xac-nhan-thu/<str:token>/", views.confirm_email, name="confirm_email"),
    path("ma-api/", views.api_tokens, name="api_tokens"),
    path("ma-api/<int:pk>/thu-hoi/", views.api_token_revoke, name="api_token_revoke"),
]
