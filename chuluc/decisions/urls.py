from django.urls import path

from chuluc.decisions import views

app_name = "decisions"
urlpatterns = [
    path("dot-xet-chon/<int:campaign_pk>/cong-bo/", views.publication, name="publication"),
    path("dot-xet-chon/<int:campaign_pk>/gop-y/", views.comments, name="comments"),
    path("gop-y/<int:pk>/", views.comment_detail, name="comment_detail"),
    path("gop-y/<int:pk>/tep/", views.comment_attachment, name="comment_attachment"),
    path("dot-xet-chon/<int:campaign_pk>/quyet-dinh/", views.decision, name="decision"),
    path(
        "dot-xet-chon/<int:campaign_pk>/quyet-dinh/nhap-lai/",
        views.decision_past,
        name="decision_past",
    ),
    path("dot-xet-chon/<int:campaign_pk>/to-trinh.docx", views.memo_docx, name="memo_docx"),
    path(
        "dot-xet-chon/<int:campaign_pk>/quyet-dinh.docx", views.decision_docx, name="decision_docx"
    ),
    path(
        "dot-xet-chon/<int:campaign_pk>/chung-nhan/tao/",
        views.certificates_generate,
        name="certificates_generate",
    ),
    path(
        "dot-xet-chon/<int:campaign_pk>/chung-nhan/tao-lai/",
        views.certificates_regenerate,
        name="certificates_regenerate",
    ),
    path("cong-nhan/", views.recognitions, name="recognitions"),
    path("cong-nhan-cua-toi/", views.my_recognitions, name="my_recognitions"),
    path("cong-nhan/<int:pk>/", views.recognition_detail, name="recognition_detail"),
    path("chung-nhan/<int:pk>/pdf/", views.certificate_pdf, name="certificate_pdf"),
    path("lay-y-kien/<int:year>/", views.comment_page, name="comment_page"),
]
