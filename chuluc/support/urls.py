from django.urls import path

from chuluc.support.views import difficulties, ledger, linkages, pages

app_name = "support"
urlpatterns = [
    path("", pages.home, name="home"),
    path("so-lieu/", pages.figures, name="figures"),
    path("doanh-nghiep/<int:enterprise_pk>/", pages.enterprise_support, name="enterprise"),
    # policies, ledger, requests, events
    path("chinh-sach/", ledger.policies, name="policies"),
    path("chinh-sach/<int:pk>/", ledger.policy_detail, name="policy_detail"),
    path("so-theo-doi/", ledger.records, name="records"),
    path("so-theo-doi/ghi/", ledger.record_create, name="record_create"),
    path("so-theo-doi/<int:pk>/", ledger.record_detail, name="record_detail"),
    path("so-theo-doi/<int:pk>/minh-chung/", ledger.record_evidence, name="record_evidence"),
    path("de-nghi/", ledger.requests, name="requests"),
    path("de-nghi/gui/", ledger.request_create, name="request_create"),
    path("de-nghi/<int:pk>/", ledger.request_detail, name="request_detail"),
    path("su-kien/", ledger.events, name="events"),
    path("su-kien/<int:pk>/", ledger.event_detail, name="event_detail"),
    # dialogues and difficulties
    path("doi-thoai/", difficulties.dialogues, name="dialogues"),
    path("doi-thoai/<int:pk>/", difficulties.dialogue_detail, name="dialogue_detail"),
    path("vuong-mac/", difficulties.difficulty_list, name="difficulties"),
    path("vuong-mac/gui/", difficulties.difficulty_create, name="difficulty_create"),
    path("vuong-mac/<int:pk>/", difficulties.difficulty_detail, name="difficulty_detail"),
    # linkages
    path("ket-noi/", linkages.listings, name="listings"),
    path("ket-noi/dang/", linkages.listing_create, name="listing_create"),
    path("ket-noi/<int:pk>/", linkages.listing_detail, name="listing_detail"),
    path("ket-noi/ket-qua/", linkages.connections, name="connections"),
    path("doi-tac/", linkages.partners, name="partners"),
    path("doi-tac/<int:pk>/", linkages.partner_detail, name="partner_detail"),
]
