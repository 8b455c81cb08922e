from django.urls import path

from chuluc.core import views

app_name = "core"
urlpatterns = [
    path("", views.home, name="home"),
    path("tong-quan/", views.dashboard, name="dashboard"),
    path("nhat-ky/", views.audit_index, name="audit_list"),
    path("healthz", views.healthz, name="healthz"),
    path("robots.txt", views.robots, name="robots"),
]
