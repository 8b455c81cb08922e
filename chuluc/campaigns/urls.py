from django.urls import path

from chuluc.campaigns import dossier_views, views

app_name = "campaigns"
urlpatterns = [
    path("dot-xet-chon/", views.campaign_list, name="campaign_list"),
    path("dot-xet-chon/moi/", views.campaign_new, name="campaign_new"),
    path("dot-xet-chon/<int:pk>/", views.campaign_detail, name="campaign_detail"),
    path("dot-xet-chon/<int:pk>/sua/", views.campaign_edit, name="campaign_edit"),
    path("dot-xet-chon/<int:pk>/chi-tieu/", views.campaign_target, name="campaign_target"),
    path("dot-xet-chon/<int:pk>/dieu-kien/", views.campaign_rule, name="campaign_rule"),
    path("dot-xet-chon/<int:pk>/van-ban/", views.campaign_legal_basis, name="campaign_legal_basis"),
    path("dot-xet-chon/<int:pk>/ho-so/", views.campaign_dossiers, name="campaign_dossiers"),
    path(
        "dot-xet-chon/<int:campaign_pk>/dang-ky/<int:product_pk>/",
        dossier_views.dossier_create,
        name="dossier_create",
    ),
    path("bo-tieu-chi/", views.criteria_set_list, name="criteria_list"),
    path("bo-tieu-chi/nhap/", views.criteria_set_import, name="criteria_import"),
    path("bo-tieu-chi/<int:pk>/", views.criteria_set_detail, name="criteria_detail"),
    path("bo-tieu-chi/<int:pk>/tai-ve.yaml", views.criteria_set_export, name="criteria_export"),
    path("ho-so/", dossier_views.my_dossiers, name="my_dossiers"),
    path("ho-so/<int:pk>/", dossier_views.dossier_detail, name="dossier_detail"),
    path("ho-so/<int:pk>/sua/", dossier_views.dossier_edit, name="dossier_edit"),
    path("ho-so/<int:pk>/lich-su/", dossier_views.dossier_history, name="dossier_history"),
    path("ho-so/<int:pk>/tai-lieu/", dossier_views.evidence_upload, name="evidence_upload"),
    path(
        "ho-so/<int:pk>/tai-lieu/<int:evidence_pk>/",
        dossier_views.evidence_download,
        name="evidence_download",
    ),
    path(
        "ho-so/<int:pk>/tai-lieu/<int:evidence_pk>/xoa/",
        dossier_views.evidence_remove,
        name="evidence_remove",
    ),
    path("ho-so/<int:pk>/chung-nhan/", dossier_views.certificate_add, name="certificate_add"),
    path(
        "ho-so/<int:pk>/chung-nhan/<int:certificate_pk>/xoa/",
        dossier_views.certificate_remove,
        name="certificate_remove",
    ),
    path("ho-so/<int:pk>/nop/", dossier_views.dossier_submit, name="dossier_submit"),
    path("ho-so/<int:pk>/bien-nhan/", dossier_views.dossier_receipt, name="dossier_receipt"),
    path(
        "ho-so/<int:pk>/bien-nhan.pdf",
        dossier_views.dossier_receipt_pdf,
        name="dossier_receipt_pdf",
    ),
    path("ho-so/<int:pk>/xoa/", dossier_views.dossier_delete, name="dossier_delete"),
    path("ho-so/<int:pk>/tra-lai/", dossier_views.dossier_return, name="dossier_return"),
    path(
        "ho-so/<int:pk>/tham-dinh/<int:check_pk>/",
        dossier_views.screening_decide,
        name="screening_decide",
    ),
    path(
        "ho-so/<int:pk>/diem-tinh/<int:score_pk>/",
        dossier_views.computed_verify,
        name="computed_verify",
    ),
    path("ho-so/<int:pk>/ket-luan/", dossier_views.dossier_conclude, name="dossier_conclude"),
]
