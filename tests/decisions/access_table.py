"""The decisions part's access table: what a GET of each URL pattern of the ``decisions``
namespace gives each role of ``tests.access.ROLES``, asked by tests/decisions/test_views.py
(the POST-only pages' POST: there, and in tests/security/matrix_pages.py)."""

from __future__ import annotations

from django.urls import reverse

from tests.access import (
    ANON,
    LEADER,
    LOGIN,
    MEMBER,
    OFFICER,
    OUTSIDER,
    REP_A,
    REP_B,
    ROLES,
    Kept,
    page,
)

OFFICER_ONLY = {ANON: LOGIN, OUTSIDER: 403, REP_A: 403, REP_B: 403, MEMBER: 403, LEADER: 403}
INTERNAL = {ANON: LOGIN, OUTSIDER: 403, REP_A: 403, REP_B: 403, MEMBER: 403, LEADER: 200}
# A representative who opens the internal list is taken to its own (issue 18: it got 403).
TO_OWN = Kept(lambda w: reverse("decisions:my_recognitions"))

# URL name → entry (officer 200 unless listed)
TABLE = {
    "publication": page(
        {**OFFICER_ONLY, OFFICER: 200}, lambda w: {"campaign_pk": w["campaign"].pk}
    ),
    "comments": page({**OFFICER_ONLY, OFFICER: 200}, lambda w: {"campaign_pk": w["campaign"].pk}),
    "comment_detail": page({**OFFICER_ONLY, OFFICER: 200}, lambda w: {"pk": w["comment"].pk}),
    "comment_attachment": page({**OFFICER_ONLY, OFFICER: 200}, lambda w: {"pk": w["comment"].pk}),
    "decision": page({**OFFICER_ONLY, OFFICER: 200}, lambda w: {"campaign_pk": w["campaign"].pk}),
    "decision_past": page(
        {**OFFICER_ONLY, OFFICER: 200}, lambda w: {"campaign_pk": w["campaign"].pk}
    ),
    "memo_docx": page({**OFFICER_ONLY, OFFICER: 200}, lambda w: {"campaign_pk": w["campaign"].pk}),
    "decision_docx": page(
        {**OFFICER_ONLY, OFFICER: 200}, lambda w: {"campaign_pk": w["campaign"].pk}
    ),
    # POST only (a GET is 405 for anyone logged in; who may POST: the test below)
    "certificates_generate": page(
        {ANON: LOGIN, **dict.fromkeys(ROLES[1:], 405)}, lambda w: {"campaign_pk": w["campaign"].pk}
    ),
    "certificates_regenerate": page(
        {ANON: LOGIN, **dict.fromkeys(ROLES[1:], 405)}, lambda w: {"campaign_pk": w["campaign"].pk}
    ),
    "recognitions": page({**INTERNAL, OFFICER: 200, REP_A: TO_OWN, REP_B: TO_OWN}),
    # each representative reads its own enterprises' (test_my_recognitions.py: A never B's)
    "my_recognitions": page({**dict.fromkeys(ROLES, 403), ANON: LOGIN, REP_A: 200, REP_B: 200}),
    "recognition_detail": page({**INTERNAL, OFFICER: 200}, lambda w: {"pk": w["recognition"].pk}),
    "certificate_pdf": page(
        {
            ANON: LOGIN,
            OUTSIDER: 404,
            REP_A: 200,
            REP_B: 404,
            MEMBER: 404,
            LEADER: 404,
            OFFICER: 200,
        },
        lambda w: {"pk": w["certificate"].pk},
    ),
    "comment_page": page(dict.fromkeys(ROLES, 200), lambda w: {"year": w["campaign"].year}),
}
