from django.urls import path

from chuluc.production import views

app_name = "production"
urlpatterns = [
    path("", views.index, name="index"),
    path("xuat.xlsx", views.export, name="export"),
    path("nam-goc/", views.base_years, name="base_years"),
    path("nam-goc/<int:pk>/", views.base_year_detail, name="base_year_detail"),
    path("nam-goc/<int:pk>/tai-len/", views.basket_upload, name="basket_upload"),
    path("nam-goc/<int:pk>/san-luong/", views.quantities_upload, name="quantities_upload"),
    path("nam-goc/<int:pk>/du-lieu.xlsx", views.basket_template, name="basket_template"),
    path(
        "nam-goc/<int:pk>/mau-san-luong.xlsx",
        views.quantities_template,
        name="quantities_template",
    ),
    path("so-lieu-cong-bo/", views.published, name="published"),
]
