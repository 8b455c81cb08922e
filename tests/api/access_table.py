"""The API's access table: every operation of the OpenAPI document (method, path) and the
status each caller gets, asked by tests/api/test_access.py and widened to the global
matrix's roles by tests/security/matrix_api.py. ``rep_own`` is the representative of the
enterprise whose dossier and recognitions the paths name, ``rep_other`` another's."""

from __future__ import annotations

ROLES = ("anonymous", "bad_token", "revoked_token", "officer", "leader", "rep_own", "rep_other")
PUBLIC = dict.fromkeys(ROLES, 200)
TOKEN_REFUSED = {"anonymous": 401, "bad_token": 401, "revoked_token": 401}
ANY_TOKEN_USER = {**TOKEN_REFUSED, "officer": 200, "leader": 200, "rep_own": 200, "rep_other": 200}
INTERNAL_ONLY = {**TOKEN_REFUSED, "officer": 200, "leader": 200, "rep_own": 403, "rep_other": 403}

TABLE = {
    ("GET", "/api/v1/products"): PUBLIC,
    ("GET", "/api/v1/products/{product_id}"): PUBLIC,
    ("GET", "/api/v1/recognitions"): PUBLIC,
    ("GET", "/api/v1/recognitions/{recognition_id}"): PUBLIC,
    ("GET", "/api/v1/enterprises"): PUBLIC,
    ("GET", "/api/v1/enterprises/{enterprise_id}"): PUBLIC,
    ("GET", "/api/v1/certificates/{number}"): PUBLIC,
    ("GET", "/api/v1/open-data"): PUBLIC,
    ("GET", "/api/v1/campaigns"): ANY_TOKEN_USER,
    ("GET", "/api/v1/campaigns/{campaign_id}"): ANY_TOKEN_USER,
    ("GET", "/api/v1/campaigns/{campaign_id}/dossiers"): INTERNAL_ONLY,
    # The representative of the dossier's enterprise sees it; another's does not even learn
    # that it exists.
    ("GET", "/api/v1/dossiers/{dossier_id}"): {
        **TOKEN_REFUSED,
        "officer": 200,
        "leader": 200,
        "rep_own": 200,
        "rep_other": 404,
    },
    ("GET", "/api/v1/campaigns/{campaign_id}/ranking"): INTERNAL_ONLY,
}
