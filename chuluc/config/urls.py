from django.contrib import admin
from django.urls import include, path
from django.views.decorators.csrf import csrf_exempt
from django.views.i18n import set_language

urlpatterns = [
    path("", include("chuluc.core.urls")),
    # The public pages first: they take most requests, and Django tries the patterns in
    # order, so every internal pattern placed before them would be tried on each public
    # request. No internal path starts like a public one: the order changes no match.
    path("", include("chuluc.portal.urls")),
    path("tai-khoan/", include("chuluc.accounts.urls")),
    path("so-dang-ky/", include("chuluc.registry.urls")),
    path("", include("chuluc.campaigns.urls")),
    path("", include("chuluc.council.urls")),
    path("", include("chuluc.decisions.urls")),
    path("ho-tro/", include("chuluc.support.urls")),
    path("theo-doi/", include("chuluc.monitoring.urls")),
    path("chi-so-san-xuat/", include("chuluc.production.urls")),
    path("api/", include("chuluc.api.urls")),
    # The language switch only sets the visitor's language cookie (``next`` is checked by
    # Django): exempt from CSRF, so a public page carries no token and the site makes none
    # for a visitor who only reads (a certificate scanned once, the directory).
    path("i18n/setlang/", csrf_exempt(set_language), name="set_language"),
    path("quan-tri/", admin.site.urls),
]

admin.site.site_header = "Chủ Lực — quản trị"
admin.site.site_title = "Chủ Lực"

handler403 = "chuluc.core.views.forbidden"
handler404 = "chuluc.core.views.not_found"
