"""The site's pages in the global authorisation matrix: one entry per URL pattern, keyed by
its name with namespace (``"support:record_detail"``) or, unnamed, by its full route.

Where an app already has an access table the entries come from it, so that each URL has one
source of truth:

* the campaigns, council and register tables (tests/<app>/access_table.py, asked by
  tests/<app>/test_access.py) cross every role of this matrix with every method and compare
  the database before and after: their patterns are ``Delegated`` to them;
* the decisions, monitoring, production and support tables (tests/<app>/access_table.py)
  say what a GET gives tests/access.py's cast: they are imported here, widened to the
  administrator and the agency officers (``matrix_outcomes.widened``), and run by
  tests/security/test_matrix.py against this matrix's world;
* the rest (core, accounts, the public portal, language switch, the API's own routes) had
  sets of names and per-role tests but no table: their entries are written here.

The back office (``/quan-tri/``) is in matrix_admin.py, the API's operations in
matrix_api.py."""

from __future__ import annotations

from django.urls import reverse

from tests.campaigns.access_table import TABLE as CAMPAIGNS_TABLE
from tests.council.access_table import TABLE as COUNCIL_TABLE
from tests.decisions.access_table import TABLE as DECISIONS_TABLE
from tests.monitoring.access_table import TABLE as MONITORING_TABLE
from tests.production.access_table import TABLE as PRODUCTION_TABLE
from tests.registry.access_table import TABLE as REGISTRY_TABLE
from tests.security.matrix_outcomes import (
    ApiOperation,
    Delegated,
    Outcomes,
    Page,
    To,
    outcomes,
    widened,
)
from tests.support.access_table import TABLE as SUPPORT_TABLE

EVERYONE = outcomes(200, anonymous=200)
LOGGED_IN = outcomes(200)
INTERNAL = outcomes(403, leader=200, officer=200, admin_user=200)
OFFICERS = outcomes(403, officer=200, admin_user=200)
# accounts.rules.can_use_api: internal users and enterprise representatives
API_HOLDERS = outcomes(403, leader=200, officer=200, admin_user=200, rep_a=200, rep_b=200)
TO_DASHBOARD = To("/tong-quan/")
GUESTS_ONLY = outcomes(TO_DASHBOARD, anonymous=200)  # login and self-registration
POST_ONLY = outcomes(405)  # a GET to a POST-only page, once logged in


def _delegated(namespace: str, table: dict, where: str) -> dict[str, Delegated]:
    return {f"{namespace}:{name}": Delegated(where) for name in table}


def _imported(namespace: str, table: dict, post: dict[str, Outcomes] | None = None) -> dict:
    """An app's GET table (name → ``tests.access.page``) as matrix entries; the entries'
    kwargs builders read the same keys from this matrix's world as from the app's own.
    ``post``: the POST outcomes of the table's POST-only pages (their GET is 405)."""
    post = post or {}
    assert set(post) <= set(table), set(post) - set(table)
    return {
        f"{namespace}:{name}": Page(
            kwargs=entry.kwargs, get=widened(entry.methods["GET"]), post=post.get(name)
        )
        for name, entry in table.items()
    }


CORE = {
    "core:home": Page(get=EVERYONE),
    "core:dashboard": Page(get=LOGGED_IN),
    "core:audit_list": Page(get=INTERNAL),
    "core:healthz": Page(get=EVERYONE),
    "core:robots": Page(get=EVERYONE),
    # everyone signed in has an inbox; another person's notification is not found
    "core:notifications": Page(get=LOGGED_IN),
    "core:notification_preferences": Page(get=LOGGED_IN),
    "core:notification_open": Page(
        kwargs=lambda w: {"pk": 999_999}, get=POST_ONLY, post=outcomes(404)
    ),
    "core:notifications_read_all": Page(get=POST_ONLY, post=outcomes(To("/thong-bao/"))),
}

_RESET_CONFIRM = {"uidb64": "MQ", "token": "sai-ma"}  # a bad link: the page says so (200)

ACCOUNTS = {
    "accounts:login": Page(get=GUESTS_ONLY),
    # Django's LogoutView is POST-only; the POST logs out and goes home, logged in or not.
    "accounts:logout": Page(
        get=outcomes(405, anonymous=405), post=outcomes(To("/"), anonymous=To("/"))
    ),
    "accounts:register": Page(get=GUESTS_ONLY),
    "accounts:password_change": Page(get=LOGGED_IN),
    "accounts:password_change_done": Page(get=LOGGED_IN),
    "accounts:password_reset": Page(get=EVERYONE),
    "accounts:password_reset_done": Page(get=EVERYONE),
    "accounts:password_reset_confirm": Page(kwargs=lambda w: _RESET_CONFIRM, get=EVERYONE),
    "accounts:password_reset_complete": Page(get=EVERYONE),
    "accounts:membership_list": Page(get=OFFICERS),
    # An empty decision is refused by the form: the officer is sent back to the list.
    "accounts:membership_decide": Page(
        kwargs=lambda w: {"pk": w["membership"].pk},
        get=POST_ONLY,
        post=outcomes(
            403, officer=To("/tai-khoan/dai-dien/"), admin_user=To("/tai-khoan/dai-dien/")
        ),
    ),
    # rep_a's membership has no letter: nobody finds one, and no one learns whose it is.
    "accounts:membership_letter": Page(
        kwargs=lambda w: {"pk": w["membership"].pk}, get=outcomes(404)
    ),
    # A bad link: the page says so, to anyone (400).
    "accounts:confirm_email": Page(
        kwargs=lambda w: {"token": "sai-ma"}, get=outcomes(400, anonymous=400)
    ),
    "accounts:api_tokens": Page(get=API_HOLDERS),
    # rep_a's token: anyone else's revoke finds no such token of theirs.
    "accounts:api_token_revoke": Page(
        kwargs=lambda w: {"pk": w["token"].pk},
        get=POST_ONLY,
        post=outcomes(404, rep_a=To("/tai-khoan/ma-api/")),
    ),
}

_LATEST = To(lambda w: f"/du-lieu-mo/{w['decision'].pk}/v1/danh-sach.json")

PORTAL = {
    "portal:products": Page(get=EVERYONE),
    "portal:product": Page(kwargs=lambda w: {"pk": w["recognition"].product_id}, get=EVERYONE),
    # the world's product has no image: a 404 to anyone (images are served in tests/portal)
    "portal:product_image": Page(
        kwargs=lambda w: {"product_pk": w["recognition"].product_id, "pk": 999999},
        get=outcomes(404, anonymous=404),
    ),
    "portal:enterprise": Page(kwargs=lambda w: {"pk": w["enterprise"].pk}, get=EVERYONE),
    "portal:results": Page(get=EVERYONE),
    "portal:results_year": Page(kwargs=lambda w: {"year": w["campaign"].year}, get=EVERYONE),
    "portal:verify": Page(get=EVERYONE),
    "portal:verify_number": Page(
        kwargs=lambda w: {"number": w["certificate"].number}, get=EVERYONE
    ),
    "portal:opendata": Page(get=EVERYONE),
    "portal:opendata_file": Page(
        kwargs=lambda w: {"decision_pk": w["decision"].pk, "version": 1, "fmt": "csv"},
        get=EVERYONE,
    ),
    "portal:opendata_metadata": Page(
        kwargs=lambda w: {"decision_pk": w["decision"].pk, "version": 1}, get=EVERYONE
    ),
    # the latest version's address, for anyone
    "portal:opendata_latest": Page(
        kwargs=lambda w: {"decision_pk": w["decision"].pk, "fmt": "json"},
        get=outcomes(_LATEST, anonymous=_LATEST),
    ),
}

_API_NOT_FOUND = outcomes(404, anonymous=404)  # the API's JSON 404, whoever asks

API_ROUTES = {
    "api-docs-asset": Page(kwargs=lambda w: {"name": "swagger-ui.css"}, get=EVERYONE),
    "api-v1:openapi-json": Page(get=EVERYONE),
    "api-v1:openapi-view": Page(get=EVERYONE),
    # ninja's root view is shadowed by the API's own 404 on the same route
    "api-v1:api-root": Page(get=_API_NOT_FOUND),
    "api/v1/": Page(path=lambda w: "/api/v1/", get=_API_NOT_FOUND),
    "api/^": Page(path=lambda w: "/api/khong-co-duong-nay", get=_API_NOT_FOUND),
    **{
        f"api-v1:{name}": ApiOperation()
        for name in (
            "products_list",
            "product_detail",
            "recognitions_list",
            "recognition_detail",
            "enterprises_list",
            "enterprise_detail",
            "certificate_verify",
            "open_data_list",
            "campaigns_list",
            "campaign_detail",
            "campaign_dossiers",
            "dossier_detail",
            "campaign_ranking",
        )
    },
}

# Django's set_language: a GET changes nothing and goes back (home when no ``next``).
I18N = {
    "set_language": Page(
        get=outcomes(To("/"), anonymous=To("/")), post=outcomes(To("/"), anonymous=To("/"))
    )
}


# Storing or regenerating a decision's certificates: the officers'; back to the decision's page.
_GENERATE = outcomes(
    403,
    officer=To(lambda w: f"/dot-xet-chon/{w['campaign'].pk}/quyet-dinh/"),
    admin_user=To(lambda w: f"/dot-xet-chon/{w['campaign'].pk}/quyet-dinh/"),
)

PAGES: dict[str, Page | Delegated | ApiOperation] = {
    **CORE,
    **ACCOUNTS,
    **_delegated("registry", REGISTRY_TABLE, "tests/registry/test_access.py"),
    **_delegated("campaigns", CAMPAIGNS_TABLE, "tests/campaigns/test_access.py"),
    **_delegated("council", COUNCIL_TABLE, "tests/council/test_access.py"),
    **_imported(
        "decisions",
        DECISIONS_TABLE,
        post={"certificates_generate": _GENERATE, "certificates_regenerate": _GENERATE},
    ),
    **_imported("support", SUPPORT_TABLE),
    **_imported("monitoring", MONITORING_TABLE),
    **_imported("production", PRODUCTION_TABLE),
    **PORTAL,
    **API_ROUTES,
    **I18N,
}


def url_of(key: str, entry: Page, world: dict) -> str:
    if entry.path is not None:
        return entry.path(world)
    return reverse(key, kwargs=entry.kwargs(world))
