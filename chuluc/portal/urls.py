from django.urls import path, register_converter

from chuluc.portal import views


class OpenDataFormat:
    """The formats of an open-data file: an unknown extension is a 404 at routing."""

    regex = "csv|json|xlsx"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(OpenDataFormat, "opendata_format")

app_name = "portal"
urlpatterns = [
    path("san-pham/", views.products, name="products"),
    path("san-pham/<int:pk>/", views.product, name="product"),
    path("san-pham/<int:product_pk>/anh/<int:pk>/", views.product_image, name="product_image"),
    path("doanh-nghiep/<int:pk>/", views.enterprise, name="enterprise"),
    path("ket-qua/", views.results, name="results"),
    path("ket-qua/<int:year>/", views.results_year, name="results_year"),
    path("xac-minh/", views.verify, name="verify"),
    # Printed in the certificates' QR codes: keep this path and name.
    path("xac-minh/<str:number>/", views.verify_number, name="verify_number"),
    path("du-lieu-mo/", views.opendata_index, name="opendata"),
    path(
        "du-lieu-mo/<int:decision_pk>/v<int:version>/danh-sach.<opendata_format:fmt>",
        views.opendata_file,
        name="opendata_file",
    ),
    path(
        "du-lieu-mo/<int:decision_pk>/v<int:version>/metadata.json",
        views.opendata_metadata,
        name="opendata_metadata",
    ),
    path(
        "du-lieu-mo/<int:decision_pk>/moi-nhat.<opendata_format:fmt>",
        views.opendata_latest,
        name="opendata_latest",
    ),
]
