"""The API's operations in the global authorisation matrix: every (method, path) of
``/api/v1/openapi.json`` × no token, a malformed token, a revoked token and a live token of
each role of the matrix.

The API's own table (tests/api/access_table.py) decides for the roles it has (its ``rep_own``
is enterprise A's representative, ``rep_other`` enterprise B's); this module widens it to
the roles it lacks: the administrator calls as an officer, and a token held by someone the
API is not for (no role, a council member, an agency officer: ``accounts.rules.can_use_api``)
is refused on every operation that needs a token (403), while public reads ignore it."""

from __future__ import annotations

from tests.api.access_table import TABLE as API_TABLE
from tests.security.matrix_world import (
    ADMIN,
    AGENCY,
    ANON,
    MEMBER,
    OTHER_AGENCY,
    OUTSIDER,
    REP_A,
    REP_B,
    ROLES,
)

API_ROLES = ("bad_token", "revoked_token", *ROLES)
WITHOUT_API_ROLE = (OUTSIDER, MEMBER, AGENCY, OTHER_AGENCY)
RENAMED = {"rep_own": REP_A, "rep_other": REP_B}


def _widened(expected: dict[str, int]) -> dict[str, int]:
    table = {RENAMED.get(role, role): status for role, status in expected.items()}
    public = table[ANON] == 200
    table[ADMIN] = table["officer"]
    for role in WITHOUT_API_ROLE:
        table[role] = 200 if public else 403
    assert set(table) == set(API_ROLES), set(API_ROLES) ^ set(table)
    return table


OPERATIONS: dict[tuple[str, str], dict[str, int]] = {
    operation: _widened(expected) for operation, expected in API_TABLE.items()
}

# The world's object each path parameter names: all of enterprise A.
PARAMETERS = {
    "product_id": lambda w: w["recognition"].product_id,
    "recognition_id": lambda w: w["recognition"].pk,
    "enterprise_id": lambda w: w["recognition"].enterprise_id,
    "number": lambda w: w["certificate"].number,
    "campaign_id": lambda w: w["campaign"].pk,
    "dossier_id": lambda w: w["recognition"].dossier_id,
}


def url_of(path: str, world: dict) -> str:
    return path.format(**{name: build(world) for name, build in PARAMETERS.items()})
