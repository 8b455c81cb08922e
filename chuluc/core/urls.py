from django.conf import settings
from django.urls import path

from chuluc.core import views

app_name = "core"
urlpatterns = [
    path("", views.home, name="home"),
    path("tong-quan/", views.dashboard, name="dashboard"),
    path("nhat-ky/", views.audit_index, name="audit_list"),
    path("thong-bao/", views.notification_list, name="notifications"),
    path("thong-bao/<int:pk>/mo/", views.notification_open, name="notification_open"),
    path("thong-bao/da-doc-het/", views.notifications_read_all, name="notifications_read_all"),
    path("thong-bao/cai-dat/", views.notification_preferences, name="notification_preferences"),
    path("healthz", views.healthz, name="healthz"),
    path("robots.txt", views.robots, name="robots"),
]

if settings.BENCH_TRIVIAL_VIEW:  # the framework's floor for bench/throughput.py; off by default
    urlpatterns.append(path("bench/trivial", views.bench_trivial, name="bench_trivial"))
