"""The global authorisation matrix: every URL pattern of the site (found by walking the URL
configuration, namespaces and the back office included) and every operation of the API's
OpenAPI document, crossed with every role of tests/security/matrix_world.py and a logged-out
visitor, each cell with its expected outcome.

A pattern or an operation without an entry fails ``test_every_pattern_has_an_entry`` /
``test_every_api_operation_has_an_entry``, and so does an entry without one. The entries are
in matrix_pages.py (the site, partly imported from the apps' own tables, partly delegated to
them), matrix_admin.py (``/quan-tri/``) and matrix_api.py. One test per URL asks it as each
role in turn: a GET, then, for each role the page refuses, a POST with an empty body, which
must be refused too and leave no audit row (a page whose only method is POST has the POST's
outcome tabled for every role).

The world is built once for the module inside a transaction that is rolled back at the end;
each test runs inside a savepoint of it (pytest-django's ``db``)."""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from django.conf import settings
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from chuluc.core.models import AuditEntry
from tests.access import LOGIN_PATH
from tests.campaigns.access_table import ROLES as CAMPAIGNS_ROLES
from tests.council.access_table import ROLES as COUNCIL_ROLES
from tests.registry.access_table import ROLES as REGISTRY_ROLES
from tests.security.matrix_admin import ADMIN_PAGES
from tests.security.matrix_api import API_ROLES, OPERATIONS
from tests.security.matrix_api import url_of as api_url
from tests.security.matrix_outcomes import (
    ADMIN_LOGIN,
    ADMIN_LOGIN_PATH,
    LOGIN,
    REFUSALS,
    ApiOperation,
    Delegated,
    Page,
    To,
)
from tests.security.matrix_pages import PAGES, url_of
from tests.security.matrix_world import ANON, OTHER_AGENCY, ROLES, world_for_module

# What this checks does not depend on the database: CI runs it in the SQLite suite once.
pytestmark = pytest.mark.skipif(
    os.environ.get("DATABASE_URL", "").startswith(("postgres", "pgsql"))
    and not os.environ.get("CHULUC_FUZZ_EXAMPLES"),
    reason="database-independent: run in the SQLite suite (and under make soak)",
)


API = "/api/v1"
REPOSITORY = Path(__file__).resolve().parents[2]
ENTRIES = {**PAGES, **ADMIN_PAGES}
SITE_PAGES = sorted(key for key, entry in ENTRIES.items() if isinstance(entry, Page))


# Discovery --------------------------------------------------------------------------------


def _walk(resolver: URLResolver, route: str = "", namespaces: tuple[str, ...] = ()):
    for pattern in resolver.url_patterns:
        full = route + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            inner = (*namespaces, pattern.namespace) if pattern.namespace else namespaces
            yield from _walk(pattern, full, inner)
        else:
            assert isinstance(pattern, URLPattern), pattern
            yield (":".join((*namespaces, pattern.name)) if pattern.name else full), full


def discovered_patterns() -> dict[str, str]:
    """Every URL pattern of the site: its name with namespaces, or its route if unnamed."""
    found: dict[str, str] = {}
    for key, route in _walk(get_resolver()):
        assert key not in found, f"two patterns share the key {key!r}"
        found[key] = route
    return found


def _openapi_path(route: str) -> str:
    """``api/v1/products/<product_id>`` → ``/api/v1/products/{product_id}``."""
    return "/" + route.replace("<", "{").replace(">", "}")


# The world --------------------------------------------------------------------------------


@pytest.fixture(autouse=True)
def _private_media():
    """The module's world keeps its files in the module's folder (see ``world``), not in
    one folder per test as tests/conftest.py's fixture of this name would."""


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    with world_for_module(
        django_db_blocker, tmp_path_factory.mktemp("private"), API_PUBLIC_RATE="100000/m"
    ) as w:
        yield w


# Coverage ---------------------------------------------------------------------------------


def test_every_pattern_has_an_entry():
    assert sorted(set(discovered_patterns()) - set(ENTRIES)) == []


def test_every_entry_has_a_pattern():
    assert sorted(set(ENTRIES) - set(discovered_patterns())) == []


def test_every_api_operation_has_an_entry(client, db):
    schema = client.get(f"{API}/openapi.json").json()
    operations = {(m.upper(), path) for path, item in schema["paths"].items() for m in item}

    assert sorted(operations - set(OPERATIONS)) == []
    assert sorted(set(OPERATIONS) - operations) == []


def test_api_patterns_are_the_schema_operations():
    routes = discovered_patterns()
    api_patterns = {
        _openapi_path(routes[key]) for key, e in ENTRIES.items() if isinstance(e, ApiOperation)
    }

    assert api_patterns == {path for _method, path in OPERATIONS}


@pytest.mark.parametrize(
    "table_roles",
    [CAMPAIGNS_ROLES, COUNCIL_ROLES, REGISTRY_ROLES],
    ids=["campaigns", "council", "registry"],
)
def test_delegated_tables_ask_every_role_of_the_matrix(table_roles):
    # Their agency officer stands for both of ours: no page of theirs is routed to an agency.
    assert set(ROLES) - {OTHER_AGENCY} <= set(table_roles)


def test_every_delegated_entry_names_an_existing_table_file():
    where = {e.where for e in ENTRIES.values() if isinstance(e, Delegated)}

    assert sorted(w for w in where if not (REPOSITORY / w).is_file()) == []


# The cells --------------------------------------------------------------------------------


def _outcome(response, url: str):
    """What a response is, in the matrix's words."""
    if response.status_code != 302:
        return response.status_code
    location = urlsplit(response["Location"])
    came_back = parse_qs(location.query).get("next") == [url]
    if location.path == LOGIN_PATH and came_back:
        return LOGIN
    if location.path == ADMIN_LOGIN_PATH and came_back:
        return ADMIN_LOGIN
    return To(location.path)


def _expected(outcome, world: dict):
    return To(outcome.resolve(world)) if isinstance(outcome, To) else outcome


@pytest.fixture(scope="module")
def sessions(world, django_db_blocker) -> dict[str, str]:
    """A session per logged-in role, opened once for the module (the session rows belong
    to the module's transaction, so a test that ends one gets it back after its rollback)."""
    keys = {}
    with django_db_blocker.unblock():
        for role, user in world["users"].items():
            client = Client()
            client.force_login(user)
            keys[role] = client.cookies[settings.SESSION_COOKIE_NAME].value
    return keys


def _ask(client, sessions: dict[str, str], role: str, method: str, url: str):
    """The matrix's outcome of ``method url`` (empty body) as ``role``."""
    client.cookies.pop(settings.SESSION_COOKIE_NAME, None)
    if role != ANON:
        client.cookies[settings.SESSION_COOKIE_NAME] = sessions[role]
    return _outcome(client.generic(method, url), url)


@pytest.mark.parametrize("key", SITE_PAGES)
def test_page_answers_each_role_as_the_matrix_says(client, world, sessions, db, key):
    """A GET as each role; a POST with an empty body as each role the page refuses, which
    must be refused too and leave no audit row (for a page whose only method is POST, the
    POST's outcome is tabled for every role)."""
    entry = ENTRIES[key]
    url = url_of(key, entry, world)

    got = {role: _ask(client, sessions, role, "GET", url) for role in ROLES}

    assert got == {role: _expected(entry.get[role], world) for role in ROLES}, url

    table = entry.post or entry.get
    refused = [role for role in ROLES if table[role] in REFUSALS - {405}]
    audit_rows = AuditEntry.objects.count()
    posted = {role: _ask(client, sessions, role, "POST", url) for role in refused}

    assert AuditEntry.objects.count() == audit_rows, url
    if entry.post is None:
        assert {role: o for role, o in posted.items() if o not in REFUSALS} == {}, url
    else:
        allowed = [role for role in ROLES if role not in refused]
        posted |= {role: _ask(client, sessions, role, "POST", url) for role in allowed}
        assert posted == {role: _expected(entry.post[role], world) for role in ROLES}, url


@pytest.mark.parametrize("operation", sorted(OPERATIONS), ids=lambda op: f"{op[0]} {op[1]}")
def test_api_operation_answers_each_role_as_the_matrix_says(client, world, db, operation):
    """Sessions play no part: the API knows only bearer tokens."""
    method, path = operation
    assert method == "GET", "only reads so far: a write operation needs its body here"
    url = api_url(path, world)

    answered = {}
    for role in API_ROLES:
        headers = {} if role == ANON else {"HTTP_AUTHORIZATION": f"Bearer {world['secrets'][role]}"}
        answered[role] = client.get(url, **headers).status_code

    assert answered == OPERATIONS[operation], url
