from django.urls import path, re_path

from chuluc.api import docs, errors
from chuluc.api.api import api

urlpatterns = [
    path("v1/docs/tep/<str:name>", docs.asset, name="api-docs-asset"),
    # ninja's own root view (kept for its reverse()) raises an HTML 404; answer first.
    path("v1/", errors.route_not_found),
    path("v1/", api.urls),
    # Whatever else is asked under /api/ gets the API's error shape, not the HTML 404 page.
    re_path(r"^", errors.route_not_found),
]
