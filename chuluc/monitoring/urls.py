from django.urls import path

from chuluc.monitoring import views

app_name = "monitoring"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("chi-so/<slug:code>/<int:year>/", views.indicator_records, name="indicator_records"),
    path("bao-cao-nam/<int:year>.<str:fmt>", views.annual_report, name="annual_report"),
    path("ky-bao-cao/", views.periods, name="periods"),
    path("bao-cao/", views.reports, name="reports"),
    path("bao-cao/nop/", views.report_submit, name="report_submit"),
    path("bao-cao/tai-len/", views.report_upload, name="report_upload"),
    path("bao-cao/mau.xlsx", views.report_template, name="report_template"),
    path("bao-cao/<int:pk>/", views.report_detail, name="report_detail"),
]
