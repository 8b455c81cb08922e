from django.urls import path

from chuluc.council import views

app_name = "council"
urlpatterns = [
    path(
        "dot-xet-chon/<int:campaign_pk>/hoi-dong/", views.campaign_council, name="campaign_council"
    ),
    path("hoi-dong/", views.my_councils, name="my_councils"),
    path("hoi-dong/<int:pk>/", views.home, name="home"),
    path("hoi-dong/<int:pk>/thanh-vien/", views.member_add, name="member_add"),
    path("hoi-dong/<int:pk>/phan-cong/", views.assignment_set, name="assignment_set"),
    path("hoi-dong/<int:pk>/vong/", views.round_open, name="round_open"),
    path("hoi-dong/<int:pk>/vong/<int:round_pk>/khoa/", views.round_close, name="round_close"),
    path("hoi-dong/<int:pk>/mo-lai/", views.assessment_reopen, name="assessment_reopen"),
    path("hoi-dong/<int:pk>/cham/", views.scoring, name="scoring"),
    path("hoi-dong/<int:pk>/cam-ket/", views.sign_declaration, name="sign_declaration"),
    path("hoi-dong/<int:pk>/nop-phieu/", views.sheet_submit, name="sheet_submit"),
    path("hoi-dong/<int:pk>/ho-so/<int:dossier_pk>/", views.member_dossier, name="dossier"),
    path(
        "hoi-dong/<int:pk>/ho-so/<int:dossier_pk>/xung-dot/",
        views.conflict_declare,
        name="conflict_declare",
    ),
    path(
        "hoi-dong/<int:pk>/ho-so/<int:dossier_pk>/diem/<int:criterion_pk>/",
        views.score_save,
        name="score_save",
    ),
    path(
        "hoi-dong/<int:pk>/ho-so/<int:dossier_pk>/tai-lieu/<int:evidence_pk>/",
        views.member_evidence,
        name="evidence",
    ),
    path("hoi-dong/<int:pk>/ket-qua/", views.results, name="results"),
    path("hoi-dong/<int:pk>/ket-qua.xlsx", views.results_xlsx, name="results_xlsx"),
    path(
        "hoi-dong/<int:pk>/diem/<int:score_pk>/dieu-chinh/",
        views.correction_request,
        name="correction_request",
    ),
    path(
        "hoi-dong/<int:pk>/dieu-chinh/<int:correction_pk>/",
        views.correction_decide,
        name="correction_decide",
    ),
    path("hoi-dong/<int:pk>/bieu-quyet/", views.tie_vote, name="tie_vote"),
    path(
        "hoi-dong/<int:pk>/phieu-cham/<int:round_pk>.pdf",
        views.score_sheet_pdf,
        name="score_sheet_pdf",
    ),
    path("hoi-dong/<int:pk>/bien-ban.docx", views.minutes_docx, name="minutes_docx"),
]
