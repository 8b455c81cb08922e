from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("chuluc.core.urls")),
    path("tai-khoan/", include("chuluc.accounts.urls")),
    path("so-dang-ky/", include("chuluc.registry.urls")),
    path("", include("chuluc.campaigns.urls")),
    path("", include("chuluc.council.urls")),
    path("", include("chuluc.decisions.urls")),
    path("ho-tro/", include("chuluc.support.urls")),
    path("theo-doi/", include("chuluc.monitoring.urls")),
    path("chi-so-san-xuat/", include("chuluc.production.urls")),
    path("", include("chuluc.portal.urls")),
    path("api/", include("chuluc.api.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("quan-tri/", admin.site.urls),
]

admin.site.site_header = "Chủ Lực — quản trị"
admin.site.site_title = "Chủ Lực"

handler403 = "chuluc.core.views.forbidden"
handler404 = "chuluc.core.views.not_found"
