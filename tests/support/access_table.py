"""The support part's access table: what a GET of each URL pattern of the ``support``
namespace gives each role, the cast of ``tests.access.ROLES`` with two agency officers (one
of the agency a difficulty is routed to, one of another), asked by
tests/support/test_views.py."""

from __future__ import annotations

from tests.access import (
    AGENCY,
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

OTHER_AGENCY = "other_agency"
ROLES = (ANON, OUTSIDER, REP_A, REP_B, MEMBER, LEADER, AGENCY, OTHER_AGENCY, OFFICER)


def _only(allowed: set[str], refused: int = 403) -> dict[str, int]:
    return {ANON: LOGIN, **{r: 200 if r in allowed else refused for r in ROLES[1:]}}


INTERNAL = _only({LEADER, OFFICER})
OFFICER_ONLY = _only({OFFICER})
INTERNAL_AND_REPS = _only({LEADER, OFFICER, REP_A, REP_B})
REPS_ONLY = _only({REP_A, REP_B})
ANYONE_WORKING = _only({REP_A, REP_B, LEADER, AGENCY, OTHER_AGENCY, OFFICER})
OWN_A = _only({REP_A, LEADER, OFFICER}, refused=404)  # an object of enterprise A

TABLE = {
    "home": page(ANYONE_WORKING),
    "figures": page(INTERNAL),
    "enterprise": page(OWN_A, lambda w: {"enterprise_pk": w["enterprise"].pk}),
    "policies": page(INTERNAL_AND_REPS),
    "policy_detail": page(INTERNAL_AND_REPS, lambda w: {"pk": w["policy"].pk}),
    "records": page(INTERNAL_AND_REPS),
    "record_create": page(OFFICER_ONLY),
    "record_detail": page(OWN_A, lambda w: {"pk": w["record"].pk}),
    "record_evidence": page(OWN_A, lambda w: {"pk": w["record"].pk}),
    "requests": page(INTERNAL_AND_REPS),
    "request_create": page(REPS_ONLY),
    "request_detail": page(OWN_A, lambda w: {"pk": w["request"].pk}),
    # a representative sees events and dialogues with only their own registration
    "events": page(INTERNAL_AND_REPS),
    "event_detail": page(INTERNAL_AND_REPS, lambda w: {"pk": w["event"].pk}),
    "dialogues": page(INTERNAL_AND_REPS),
    "dialogue_detail": page(INTERNAL_AND_REPS, lambda w: {"pk": w["dialogue"].pk}),
    "difficulties": page(ANYONE_WORKING),
    "difficulty_create": page(_only({REP_A, REP_B, OFFICER})),
    # routed to the agency officer's agency: they see it; another agency's officer does not
    "difficulty_detail": page(
        _only({REP_A, LEADER, AGENCY, OFFICER}, refused=404), lambda w: {"pk": w["difficulty"].pk}
    ),
    "listings": page(INTERNAL_AND_REPS),
    "listing_create": page(_only({REP_A, REP_B, OFFICER})),
    # an open listing of A is on the board every firm of the program reads
    "listing_detail": page(
        _only({REP_A, REP_B, LEADER, OFFICER}, refused=404), lambda w: {"pk": w["listing"].pk}
    ),
    "connections": page(INTERNAL),
    "partners": page(OFFICER_ONLY),
    "partner_detail": page(OFFICER_ONLY, lambda w: {"pk": w["partner"].pk}),
}
