"""The one framework of the access tables: for each app, one entry per URL pattern of its
namespace saying what each role gets for each HTTP method (tests/<app>/access_table.py), and
the app's access test (tests/<app>/test_access.py or test_views.py) that asks every cell with
the helpers below. tests/security/matrix_pages.py reads the same tables.

A role is the name of a fixture of tests/conftest.py's cast (``"anonymous"``: logged out);
a table may add its own (the council's members). An outcome is

* a status: ``OK``, ``FORBIDDEN``, ``NOT_FOUND``, ``NOT_ALLOWED``...;
* ``LOGIN``: 302 to the login page, with ``?next=`` the URL asked;
* ``Redirect(to)``: a successful write, 302 to the path ``to(objects)`` computes after the
  request, and the database changed;
* ``Kept(to, says)``: 302 to ``to(objects)`` with nothing written and a message saying
  ``says``;
* ``Crashes(error, intended)``: a known defect, the view raises ``error`` where ``intended``
  is right (the app's test checks ``intended`` as a strict xfail).

Where the test gives ``state`` (what a request could write, e.g. :func:`rows_of`), a
``Redirect`` must change it and every other outcome must leave it as it was.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from django.conf import settings
from django.contrib.messages import get_messages
from django.db import connection, transaction
from django.urls import URLPattern, reverse
from django.urls.converters import IntConverter

# Roles -----------------------------------------------------------------------------------

ANON, OUTSIDER, REP_A, REP_B, MEMBER, LEADER, OFFICER = (
    "anonymous",
    "outsider",
    "rep_a",
    "rep_b",
    "council_member",
    "leader",
    "officer",
)
ADMIN, AGENCY = "admin_user", "agency_officer"
# The cast of the GET tables (decisions, monitoring, production).
ROLES = (ANON, OUTSIDER, REP_A, REP_B, MEMBER, LEADER, OFFICER)
# Every role of tests/conftest.py: the register's and the campaigns' tables.
ALL_ROLES = (ANON, OFFICER, ADMIN, LEADER, MEMBER, AGENCY, OUTSIDER, REP_A, REP_B)
# Roles that may not know anything about enterprise B: nothing of B may reach them.
STRANGERS_TO_B = (ANON, MEMBER, AGENCY, OUTSIDER, REP_A)

# Outcomes --------------------------------------------------------------------------------

OK = 200
FORBIDDEN = 403
NOT_FOUND = 404
NOT_ALLOWED = 405
LOGIN = "login"
LOGIN_PATH = "/tai-khoan/dang-nhap/"


@dataclass(frozen=True)
class Redirect:
    """A successful write: 302 to the path ``to(objects)`` computes after the request."""

    to: Callable[[Any], str]


@dataclass(frozen=True)
class Kept:
    """302 to ``to(objects)`` with nothing written; ``says``: part of the message shown."""

    to: Callable[[Any], str]
    says: str = ""


@dataclass(frozen=True)
class Crashes:
    """A known defect: the view raises ``error`` (a 500) where ``intended`` is right."""

    error: type[Exception]
    intended: Any


def describe(outcome) -> str:
    """An outcome in words, for a subtest's label."""
    if isinstance(outcome, Crashes):
        return (
            f"500 ({outcome.error.__name__}, known defect; should be {describe(outcome.intended)})"
        )
    if isinstance(outcome, Redirect):
        return "302 after a write"
    if isinstance(outcome, Kept):
        return "302, nothing written"
    return "302 to login" if outcome == LOGIN else str(outcome)


def expect(*, officer, leader, rep_b, rep_a, others) -> dict[str, Any]:
    """Outcomes for ``ALL_ROLES``: the administrator gets the officer's, anyone logged out
    goes to login; ``others`` are the council member (on no council), the agency officer
    and the user without a role."""
    return {
        ANON: LOGIN,
        OFFICER: officer,
        ADMIN: officer,
        LEADER: leader,
        MEMBER: others,
        AGENCY: others,
        OUTSIDER: others,
        REP_A: rep_a,
        REP_B: rep_b,
    }


def everyone(outcome) -> dict[str, Any]:
    """``outcome`` for every role of ``ALL_ROLES`` logged in."""
    return expect(officer=outcome, leader=outcome, rep_b=outcome, rep_a=outcome, others=outcome)


def officers_only(outcome) -> dict[str, Any]:
    return expect(
        officer=outcome, leader=FORBIDDEN, rep_b=FORBIDDEN, rep_a=FORBIDDEN, others=FORBIDDEN
    )


# Entries ---------------------------------------------------------------------------------


def no_body(objects) -> dict[str, Any]:
    return {}


def no_kwargs(objects) -> dict[str, Any]:
    return {}


def no_query(objects) -> str:
    return ""


@dataclass(frozen=True)
class Entry:
    """One URL pattern. ``methods``: method → role → outcome, or, for a table asked in
    several states of its world, method → state → role → outcome. The URL's arguments:
    ``ids`` (parameter → attribute of the objects whose ``pk`` it takes), ``kwargs`` (the
    others, built from the objects) and each of ``variants`` in turn; ``query`` is appended
    to the URL, ``data`` is the POST body."""

    methods: dict[str, Any]
    ids: dict[str, str] = field(default_factory=dict)
    kwargs: Callable[[Any], dict[str, Any]] = no_kwargs
    data: Callable[[Any], dict[str, Any]] = no_body
    variants: tuple[dict[str, str], ...] = ({},)
    query: Callable[[Any], str] = no_query


def page(outcomes: dict[str, Any], kwargs: Callable[[Any], dict[str, Any]] = no_kwargs) -> Entry:
    """An entry that says what a GET gives each role (``kwargs`` built from the world)."""
    return Entry({"GET": outcomes}, kwargs=kwargs)


def url_of(namespace: str, name: str, entry: Entry, objects, variant: dict | None = None) -> str:
    kwargs = {param: getattr(objects, attr).pk for param, attr in entry.ids.items()}
    kwargs |= entry.kwargs(objects) | (variant or {})
    return reverse(f"{namespace}:{name}", kwargs=kwargs) + entry.query(objects)


def patterns_of(urlpatterns) -> dict[str, URLPattern]:
    return {p.name: p for p in urlpatterns if isinstance(p, URLPattern)}


def int_params(pattern: URLPattern) -> set[str]:
    converters = pattern.pattern.converters
    return {param for param, conv in converters.items() if isinstance(conv, IntConverter)}


def assert_table_covers(urlpatterns, table: dict[str, Entry], roles=ROLES, states=None) -> None:
    """Every pattern has an entry and every entry a pattern; an entry that names its ids
    names every integer parameter, and each variant the other parameters; every method
    (in each of ``states``) tables every role."""
    names = []
    for pattern in urlpatterns:
        assert isinstance(pattern, URLPattern), pattern
        names.append(pattern.name)
    assert len(names) == len(set(names)), names
    assert sorted(n for n in names if n not in table) == [], "patterns without an entry"
    assert sorted(set(table) - set(names)) == [], "entries without a pattern"
    patterns = patterns_of(urlpatterns)
    for name, entry in table.items():
        if entry.kwargs is no_kwargs:
            params = set(patterns[name].pattern.converters)
            assert set(entry.ids) == int_params(patterns[name]), name
            for variant in entry.variants:
                assert set(variant) == params - set(entry.ids), name
        for by_role in _outcome_tables(entry, states):
            assert set(by_role) == set(roles), name


def _outcome_tables(entry: Entry, states) -> Iterable[dict]:
    for value in entry.methods.values():
        if states is None:
            yield value
        else:
            assert set(value) == set(states), entry
            yield from value.values()


def cases(urlpatterns, table: dict[str, Entry]):
    """(name, method, variant) of every entry, in the order of the URL configuration."""
    for pattern in urlpatterns:
        entry = table.get(getattr(pattern, "name", None))
        if entry is None:
            continue  # the table's coverage test reports it
        for method in entry.methods:
            for variant in entry.variants:
                label = "-".join(p for p in (pattern.name, method, *variant.values()) if p)
                yield pytest.param(pattern.name, method, variant, id=label)


# Asking ----------------------------------------------------------------------------------


def send(client, method: str, url: str, data: dict[str, Any] | None = None, **extra):
    if method == "POST":
        return client.post(url, data or {}, **extra)
    return client.get(url, **extra)


def read_body(response) -> bytes:
    if getattr(response, "streaming", False):
        # Read only: the test client closes the response once read; closing it again fires
        # request_finished, which closes the test's PostgreSQL connection.
        return b"".join(response.streaming_content)
    return response.content


def messages(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def assert_login_redirect(response, url: str) -> None:
    assert response.status_code == 302
    location = urlsplit(response["Location"])
    assert location.path == LOGIN_PATH
    assert parse_qs(location.query) == {"next": [url]}


def login_as(client, request, role: str) -> None:
    """Log ``client`` in as the fixture named ``role`` (anonymous: stay logged out)."""
    if role != ANON:
        client.force_login(request.getfixturevalue(role))


def users_of(request, roles) -> dict[str, Any]:
    """Each role's user, from the fixture of the same name; ``None`` for anonymous."""
    return {role: None if role == ANON else request.getfixturevalue(role) for role in roles}


def cast(*, outsider, rep_a, rep_b, council_member, leader, officer) -> dict:
    """The logged-in roles of ``ROLES``, by role name."""
    return {
        OUTSIDER: outsider,
        REP_A: rep_a,
        REP_B: rep_b,
        MEMBER: council_member,
        LEADER: leader,
        OFFICER: officer,
    }


def _files_on_disk() -> list[tuple[str, int]]:
    root = Path(settings.MEDIA_ROOT)
    if not root.exists():
        return []
    return sorted(
        (str(p.relative_to(root)), p.stat().st_size) for p in root.rglob("*") if p.is_file()
    )


def rows_of(*models) -> Callable[[], tuple]:
    """A ``state`` for :func:`check_cell`: every row of the models' tables and the files on
    disk. Read with plain SQL: it is taken twice per cell, and the ORM's query building
    would dominate the run time."""

    def state() -> tuple:
        with connection.cursor() as cursor:
            rows = []
            for model in models:
                table = connection.ops.quote_name(model._meta.db_table)
                cursor.execute(f"SELECT * FROM {table} ORDER BY 1")  # noqa: S608 - our tables
                rows.append(cursor.fetchall())
        return (*rows, _files_on_disk())

    return state


def check_cell(
    client,
    *,
    url: str,
    outcome,
    user=None,
    method: str = "GET",
    data: Callable[[Any], dict[str, Any]] = no_body,
    objects=None,
    state: Callable[[], Any] | None = None,
    secrets: Iterable[bytes] = (),
) -> None:
    """One role (``user``; ``None``: logged out) against one URL, inside a savepoint
    rolled back afterwards, so that every cell starts from the same database. The client
    may be shared between cells (building one is slow): only its cookies are cleared.
    ``data(objects)`` is the POST body, built inside the savepoint (an upload is read once);
    ``secrets`` may be neither in the answer's body nor in its ``Location``."""
    client.cookies.clear()
    with transaction.atomic():
        if user is not None:
            client.force_login(user)
        before = state() if state else None

        if isinstance(outcome, Crashes):
            with pytest.raises(outcome.error):
                send(client, method, url, data(objects))
            if state:
                assert state() == before, "a crashing request wrote something"
            transaction.set_rollback(True)
            return

        response = send(client, method, url, data(objects))
        content = read_body(response)

        if outcome == LOGIN:
            assert_login_redirect(response, url)
        elif isinstance(outcome, Redirect | Kept):
            assert response.status_code == 302
            assert urlsplit(response["Location"]).path == outcome.to(objects)
        else:
            assert response.status_code == outcome

        if state:
            if isinstance(outcome, Redirect):
                assert state() != before, "a successful write changed nothing"
            else:
                assert state() == before, "a refused or read-only request wrote something"
        if isinstance(outcome, Kept) and outcome.says:
            assert any(outcome.says in m for m in messages(response)), messages(response)

        location = response.get("Location", "").encode()
        for secret in secrets:
            assert secret not in content, secret
            assert secret not in location, secret
        transaction.set_rollback(True)


def check_row(
    client,
    subtests,
    *,
    url: str,
    outcomes: dict[str, Any],
    users: dict[str, Any],
    label: dict | None = None,
    secrets_of: Callable[[str], Iterable[bytes]] = lambda role: (),
    **cell,
) -> None:
    """Every role of ``outcomes`` against one URL, each as a subtest (``users``: role →
    user, anonymous left out or ``None``)."""
    for role, outcome in outcomes.items():
        with subtests.test(**(label or {}), role=role, expected=describe(outcome)):
            check_cell(
                client,
                url=url,
                outcome=outcome,
                user=users.get(role),
                secrets=secrets_of(role),
                **cell,
            )
