"""The monitoring part's access table: what a GET of each URL pattern of the ``monitoring``
namespace gives each role of ``tests.access.ROLES``, asked by
tests/monitoring/test_views.py."""

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

INTERNAL = {ANON: LOGIN, OUTSIDER: 403, REP_A: 403, REP_B: 403, MEMBER: 403, LEADER: 200}
OFFICER_ONLY = {**INTERNAL, LEADER: 403}

TABLE = {
    "dashboard": page({**INTERNAL, OFFICER: 200}),
    "indicator_records": page(
        {**INTERNAL, OFFICER: 200}, lambda w: {"code": "products_recognised", "year": 2025}
    ),
    "annual_report": page({**INTERNAL, OFFICER: 200}, lambda w: {"year": 2025, "fmt": "docx"}),
    "periods": page({**OFFICER_ONLY, OFFICER: 200}),
    "reports": page(
        {
            ANON: LOGIN,
            OUTSIDER: 403,
            REP_A: 200,
            REP_B: 200,
            MEMBER: 403,
            LEADER: 200,
            OFFICER: 200,
        }
    ),
    "report_submit": page(
        {
            ANON: LOGIN,
            OUTSIDER: 403,
            REP_A: 200,
            REP_B: 200,
            MEMBER: 403,
            LEADER: 403,
            OFFICER: 403,
        }
    ),
    "report_upload": page(
        {
            ANON: LOGIN,
            OUTSIDER: 403,
            REP_A: 200,
            REP_B: 200,
            MEMBER: 403,
            LEADER: 403,
            OFFICER: 403,
        }
    ),
    "report_template": page(
        {
            ANON: LOGIN,
            OUTSIDER: 403,
            REP_A: 200,
            REP_B: 200,
            MEMBER: 403,
            LEADER: 403,
            OFFICER: 403,
        }
    ),
    "report_detail": page(
        {
            ANON: LOGIN,
            OUTSIDER: 404,
            REP_A: 200,
            REP_B: 404,
            MEMBER: 404,
            LEADER: 200,
            OFFICER: 200,
        },
        lambda w: {"pk": w["report"].pk},
    ),
}
