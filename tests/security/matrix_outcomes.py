"""The vocabulary of the global authorisation matrix: what an entry says a role gets.

An outcome is an HTTP status (``200``, ``403``, ``404``, ``405``...), ``LOGIN`` (302 to the
site's login page with ``?next=`` the URL asked), ``ADMIN_LOGIN`` (the same for the back
office's login page) or ``To(path)`` (302 to exactly that path)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from tests.access import LOGIN, Kept
from tests.security.matrix_world import ADMIN, AGENCY, ANON, OFFICER, OTHER_AGENCY, OUTSIDER, ROLES

ADMIN_LOGIN = "admin_login"
ADMIN_LOGIN_PATH = "/quan-tri/login/"
# What a role that may not open a page may get when it POSTs to it instead.
REFUSALS = frozenset({LOGIN, ADMIN_LOGIN, 403, 404, 405})


@dataclass(frozen=True)
class To:
    """302 to ``path``, or to the path it computes from the world (the query string is
    not compared)."""

    path: str | Callable[[dict], str]

    def resolve(self, world: dict) -> str:
        return self.path(world) if callable(self.path) else self.path


Outcome = int | str | To
Outcomes = dict[str, Outcome]


@dataclass(frozen=True)
class Page:
    """One URL pattern of the site: the URL's keyword arguments built from the world (or,
    for an unnamed pattern, its path), what a GET gives each role, and, for a page whose
    only method is POST, what a POST with an empty body gives each role."""

    get: Outcomes
    kwargs: Callable[[dict], dict[str, Any]] = lambda w: {}
    path: Callable[[dict], str] | None = None
    post: Outcomes | None = None


@dataclass(frozen=True)
class Delegated:
    """A pattern whose cells are run by another file's table (every role of this matrix,
    every method, with the database compared before and after)."""

    where: str


@dataclass(frozen=True)
class ApiOperation:
    """A pattern of the django-ninja API: its cells are the operations of matrix_api.py."""


def outcomes(default: Outcome, *, anonymous: Outcome = LOGIN, **by_role: Outcome) -> Outcomes:
    """``default`` for every logged-in role but those named; ``LOGIN`` for anonymous."""
    unknown = set(by_role) - set(ROLES)
    assert not unknown, unknown
    return {ANON: anonymous, **{r: by_role.get(r, default) for r in ROLES[1:]}}


def widened(app_table_outcomes: dict[str, int], **by_role: Outcome) -> Outcomes:
    """An app's own access table (tests/access.py's cast, or the support part's with its
    agency officers) in this matrix's roles: the administrator gets what the officer gets,
    each agency officer what the user without a role gets, unless the app table says
    otherwise or ``by_role`` overrides it."""
    # an app table's "302, nothing written" is the matrix's 302 to the same path
    table = {
        role: To(outcome.to) if isinstance(outcome, Kept) else outcome
        for role, outcome in app_table_outcomes.items()
    }
    table.setdefault(ADMIN, table[OFFICER])
    table.setdefault(AGENCY, table[OUTSIDER])
    table.setdefault(OTHER_AGENCY, table[OUTSIDER])
    table.update(by_role)
    assert set(table) == set(ROLES), set(ROLES) ^ set(table)
    return table
