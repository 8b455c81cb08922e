"""The production part's access table: what a GET of each URL pattern of the ``production``
namespace gives each role of ``tests.access.ROLES``, asked by
tests/production/test_views.py."""

from __future__ import annotations

from tests.access import (
    ANON,
    LEADER,
    LOGIN,
    MEMBER,
    OFFICER,
    OUTSIDER,
    REP_A,
    REP_B,
    page,
)

INTERNAL = {
    ANON: LOGIN,
    OUTSIDER: 403,
    REP_A: 403,
    REP_B: 403,
    MEMBER: 403,
    LEADER: 200,
    OFFICER: 200,
}
OFFICER_ONLY = {**INTERNAL, LEADER: 403}
BY = lambda w: {"pk": w["base_year"].pk}  # noqa: E731 - a table entry

TABLE = {
    "index": page(INTERNAL),
    "export": page(INTERNAL),
    "base_years": page(INTERNAL),
    "base_year_detail": page(INTERNAL, BY),
    "basket_upload": page(OFFICER_ONLY, BY),
    "quantities_upload": page(OFFICER_ONLY, BY),
    "basket_template": page(INTERNAL, BY),
    "quantities_template": page(OFFICER_ONLY, BY),
    "published": page(INTERNAL),
}
