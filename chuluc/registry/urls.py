from django.urls import path

from chuluc.registry import views

app_name = "registry"
urlpatterns = [
    path("doanh-nghiep/", views.enterprise_list, name="enterprise_list"),
    path("doanh-nghiep/them/", views.enterprise_create, name="enterprise_create"),
    path("doanh-nghiep/<int:pk>/", views.enterprise_detail, name="enterprise_detail"),
    path("doanh-nghiep/<int:pk>/sua/", views.enterprise_edit, name="enterprise_edit"),
    path("doanh-nghiep/<int:pk>/lich-su/", views.enterprise_history, name="enterprise_history"),
    path("doanh-nghiep/<int:pk>/lien-he/", views.contact_add, name="contact_add"),
    path(
        "doanh-nghiep/<int:pk>/lien-he/<int:contact_pk>/xoa/",
        views.contact_remove,
        name="contact_remove",
    ),
    path("doanh-nghiep/<int:pk>/top500/", views.top500_add, name="top500_add"),
    path(
        "doanh-nghiep/<int:pk>/top500/<int:listing_pk>/xoa/",
        views.top500_remove,
        name="top500_remove",
    ),
    path(
        "doanh-nghiep/<int:enterprise_pk>/san-pham/them/",
        views.product_create,
        name="product_create",
    ),
    path("san-pham/", views.product_list, name="product_list"),
    path("san-pham/<int:pk>/", views.product_detail, name="product_detail"),
    path("san-pham/<int:pk>/sua/", views.product_edit, name="product_edit"),
    path("san-pham/<int:pk>/lich-su/", views.product_history, name="product_history"),
    path("san-pham/<int:pk>/anh/", views.product_image_add, name="product_image_add"),
    path("anh/<int:pk>/", views.product_image, name="product_image"),
    path("nhap/", views.import_list, name="import_list"),
    path("nhap/<int:pk>/", views.import_detail, name="import_detail"),
    path("nhap/<int:pk>/ghi/", views.import_commit, name="import_commit"),
    path("nhap/<int:pk>/huy/", views.import_cancel, name="import_cancel"),
    path(
        "nhap/mau/<str:kind>.<str:fmt>",
        views.import_template,
        name="import_template",
    ),
    path("xuat/<str:kind>.<str:fmt>", views.export, name="export"),
]
