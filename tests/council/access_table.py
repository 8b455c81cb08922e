"""The council's access table: one entry per URL pattern of the ``council`` namespace,
saying what each role gets for each HTTP method in two states of one council (``World`` of
tests/council/test_access.py, which asks every cell):

* ``open``: uv2 has declared a conflict of interest on dossier D1, the round is open, uv1
  has scored every judged criterion of both dossiers (7,25 everywhere) and uv2 has scored
  D2 only (3,75);
* ``closed``: the same, after the secretary closed the round (results computed) and uv1
  asked for a correction of their score on D1.

Every URL that takes a dossier aims at D1, the conflicted one. The roles are the fixed cast
of ``tests/conftest.py`` (rep_b represents the enterprise of both dossiers; council_member
sits on no council) and the council's own four members."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.urls import reverse

from chuluc.demo.campaigns import demo_pdf
from tests.access import (
    ADMIN,
    AGENCY,
    ALL_ROLES,
    ANON,
    FORBIDDEN,
    LEADER,
    LOGIN,
    MEMBER,
    NOT_ALLOWED,
    NOT_FOUND,
    OFFICER,
    OK,
    OUTSIDER,
    REP_A,
    REP_B,
    Entry,
    Kept,
    Redirect,
)

OPEN, CLOSED = "open", "closed"
STATES = (OPEN, CLOSED)

UV1_VALUE = Decimal("7.25")  # uv1 on every judged criterion of both dossiers
UV2_VALUE = Decimal("3.75")  # uv2 on D2 only: D2 combines to 5,50, D1 is uv1's alone
CORRECTED = Decimal("9.50")  # what uv1 asks their D1 score on the first criterion to become
UV1_SHOWN = (b"7,25", b"7.25")
UV2_SHOWN = (b"3,75", b"3.75")
D1_PRODUCT = "Bơm chìm giếng khoan Alpha"
D2_PRODUCT = "Máy biến áp khô Beta"
CONFLICT_REASON = "Vợ là cổ đông của doanh nghiệp"
SECRET_PDF = demo_pdf("Tai lieu rieng cua ho so D1 - khong duoc lo")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PDF = "application/pdf"


def _to_home(world) -> str:
    return reverse("council:home", args=[world.council.pk])


def _to_scoring(world) -> str:
    return reverse("council:scoring", args=[world.council.pk])


def _to_results(world) -> str:
    return reverse("council:results", args=[world.council.pk])


MEMBERS = ("chu_tich", "thu_ky", "uv1", "uv2")
ROLES = (*ALL_ROLES, *MEMBERS)
# Not on the council and not internal: every council page but the list is a 404 to them.
STRANGERS = (MEMBER, AGENCY, OUTSIDER, REP_A, REP_B)
# Nothing of the dossiers may reach these (rep_b represents their enterprise).
STRANGERS_TO_DOSSIERS = (ANON, MEMBER, AGENCY, OUTSIDER, REP_A)
RESULT_VIEWERS = (OFFICER, ADMIN, LEADER, "chu_tich", "thu_ky")


def expect(*, staff, leader, chair, secretary, uv1, uv2, strangers=NOT_FOUND) -> dict[str, Any]:
    """Outcomes per role: ``staff`` are the officer and the administrator, ``strangers``
    everybody logged in who is neither internal nor on the council; logged out → login."""
    return {
        ANON: LOGIN,
        OFFICER: staff,
        ADMIN: staff,
        LEADER: leader,
        **dict.fromkeys(STRANGERS, strangers),
        "chu_tich": chair,
        "thu_ky": secretary,
        "uv1": uv1,
        "uv2": uv2,
    }


def everyone(outcome) -> dict[str, Any]:
    return expect(
        staff=outcome,
        leader=outcome,
        chair=outcome,
        secretary=outcome,
        uv1=outcome,
        uv2=outcome,
        strangers=outcome,
    )


def council_only(outcome) -> dict[str, Any]:
    """The council's people (officers, the leader, the members) get ``outcome``."""
    return expect(
        staff=outcome, leader=outcome, chair=outcome, secretary=outcome, uv1=outcome, uv2=outcome
    )


def members_only(outcome) -> dict[str, Any]:
    """Pages of one's own seat: officers and the leader have none (403)."""
    return expect(
        staff=FORBIDDEN,
        leader=FORBIDDEN,
        chair=outcome,
        secretary=outcome,
        uv1=outcome,
        uv2=outcome,
    )


def officers_only(outcome) -> dict[str, Any]:
    return expect(
        staff=outcome,
        leader=FORBIDDEN,
        chair=FORBIDDEN,
        secretary=FORBIDDEN,
        uv1=FORBIDDEN,
        uv2=FORBIDDEN,
    )


def both(outcomes) -> dict[str, dict[str, Any]]:
    return {OPEN: outcomes, CLOSED: outcomes}


POST_ONLY = both(everyone(NOT_ALLOWED))
# D1 and its files: the members not conflicted on it, nobody else (not even officers: the
# campaigns pages are theirs). The conflicted uv2 gets what a missing dossier gives.
D1_PAGE = both(
    expect(staff=NOT_FOUND, leader=NOT_FOUND, chair=OK, secretary=OK, uv1=OK, uv2=NOT_FOUND)
)
# The ranking export and the minutes: nobody while a round is open; afterwards officers,
# the leader, the chair and the secretary (rules.can_view_results), not the ordinary members.
RESULTS = {
    OPEN: council_only(FORBIDDEN),
    CLOSED: expect(staff=OK, leader=OK, chair=OK, secretary=OK, uv1=FORBIDDEN, uv2=FORBIDDEN),
}
# The results page: nobody while a round is open; afterwards every member too (issue 17,
# point 6): the ranking without the dossiers they are conflicted on, and their own scores
# (rules.can_view_ranking).
RANKING = {OPEN: council_only(FORBIDDEN), CLOSED: council_only(OK)}
# A request that fails its form: the form again, with its errors by field, nothing written.
INVALID = 422
# The chair and the secretary score no criterion: no sheet, sent to the council's page.
NO_SHEET = "không được phân công chấm tiêu chí nào"
# A correction while the round is open: refused, each sent back where they came from (uv2 is
# conflicted on D1 and may not see uv1's score of it).
CORRECTION_WHILE_OPEN = expect(
    staff=FORBIDDEN,
    leader=FORBIDDEN,
    chair=Kept(_to_home, "Vòng chấm chưa khóa"),
    secretary=Kept(_to_home, "Vòng chấm chưa khóa"),
    uv1=Kept(_to_scoring, "Vòng chấm chưa khóa"),
    uv2=FORBIDDEN,
)


# POST bodies -----------------------------------------------------------------------------


def _post_member(world) -> dict[str, Any]:
    return {"user": world.expert.pk, "title": "Chuyên gia độc lập", "role": "member", "agency": ""}


def _post_assignment(world) -> dict[str, Any]:
    members = world.members
    return {
        "criterion": world.criterion.pk,
        "members": [members["uv1"].pk, members["uv2"].pk, members["chu_tich"].pk],
    }


def post_round(world) -> dict[str, str]:
    return {"name": "Vòng 2 sau khảo sát thực tế", "opens_on": "", "closes_on": ""}


def _post_reopen(world) -> dict[str, str]:
    return {"reason": "Hồ sơ được kết luận đủ điều kiện sau khi khóa điểm"}


def _post_conflict(world) -> dict[str, str]:
    return {"reason": "Anh ruột làm giám đốc doanh nghiệp"}


def _post_score(world) -> dict[str, str]:
    return {"value": "6,5", "comment": "Sửa điểm"}


def _post_correction(world) -> dict[str, str]:
    return {"new_value": "8,5", "reason": "Nhập nhầm ô điểm"}


def _post_approve(world) -> dict[str, str]:
    return {"approve": "1"}


def _post_tie_vote(world) -> dict[str, str]:
    return {"dong_hang": "1", "dong-hang-1-minutes": "Biểu quyết 3/1"}


def _query_uv1(world) -> str:
    return f"?member={world.members['uv1'].pk}"


# The table -------------------------------------------------------------------------------


COUNCIL = {"pk": "council"}
D1 = {"pk": "council", "dossier_pk": "d1"}

TABLE: dict[str, Entry] = {
    # The campaign's council page sends everybody logged in to the council's home (which
    # then decides); nothing is created while the campaign has its council.
    "campaign_council": Entry(
        {"GET": both(everyone(Kept(_to_home))), "POST": both(everyone(Kept(_to_home)))},
        ids={"campaign_pk": "campaign"},
    ),
    "my_councils": Entry({"GET": both(everyone(OK))}),
    "home": Entry({"GET": both(council_only(OK))}, ids=COUNCIL),
    # Composition: officers only.
    "member_add": Entry(
        {"GET": POST_ONLY, "POST": both(officers_only(Redirect(_to_home)))},
        ids=COUNCIL,
        data=_post_member,
    ),
    "assignment_set": Entry(
        {"GET": POST_ONLY, "POST": both(officers_only(Redirect(_to_home)))},
        ids=COUNCIL,
        data=_post_assignment,
    ),
    # A new round: officers and the secretary, once the previous one is closed.
    "round_open": Entry(
        {
            "GET": POST_ONLY,
            "POST": {
                OPEN: expect(
                    staff=Kept(_to_home, "Đang có vòng chấm chưa khóa"),
                    leader=FORBIDDEN,
                    chair=FORBIDDEN,
                    secretary=Kept(_to_home, "Đang có vòng chấm chưa khóa"),
                    uv1=FORBIDDEN,
                    uv2=FORBIDDEN,
                ),
                CLOSED: expect(
                    staff=Redirect(_to_home),
                    leader=FORBIDDEN,
                    chair=FORBIDDEN,
                    secretary=Redirect(_to_home),
                    uv1=FORBIDDEN,
                    uv2=FORBIDDEN,
                ),
            },
        },
        ids=COUNCIL,
        data=post_round,
    ),
    # Reopening the assessment after the lock: the chair alone, with a reason.
    "assessment_reopen": Entry(
        {
            "GET": POST_ONLY,
            "POST": {
                OPEN: expect(
                    staff=FORBIDDEN,
                    leader=FORBIDDEN,
                    chair=Kept(_to_home, "Chưa có vòng chấm nào đã khóa"),
                    secretary=FORBIDDEN,
                    uv1=FORBIDDEN,
                    uv2=FORBIDDEN,
                ),
                CLOSED: expect(
                    staff=FORBIDDEN,
                    leader=FORBIDDEN,
                    chair=Redirect(_to_home),
                    secretary=FORBIDDEN,
                    uv1=FORBIDDEN,
                    uv2=FORBIDDEN,
                ),
            },
        },
        ids=COUNCIL,
        data=_post_reopen,
    ),
    # Closing: the secretary alone, once.
    "round_close": Entry(
        {
            "GET": POST_ONLY,
            "POST": {
                OPEN: expect(
                    staff=FORBIDDEN,
                    leader=FORBIDDEN,
                    chair=FORBIDDEN,
                    secretary=Redirect(_to_home),
                    uv1=FORBIDDEN,
                    uv2=FORBIDDEN,
                ),
                CLOSED: expect(
                    staff=FORBIDDEN,
                    leader=FORBIDDEN,
                    chair=FORBIDDEN,
                    secretary=Kept(_to_home, "Vòng chấm đã khóa"),
                    uv1=FORBIDDEN,
                    uv2=FORBIDDEN,
                ),
            },
        },
        ids={"pk": "council", "round_pk": "round"},
    ),
    # A member's own sheet; the chair and the secretary score nothing and have none.
    "scoring": Entry(
        {
            "GET": both(
                expect(
                    staff=FORBIDDEN,
                    leader=FORBIDDEN,
                    chair=Kept(_to_home, NO_SHEET),
                    secretary=Kept(_to_home, NO_SHEET),
                    uv1=OK,
                    uv2=OK,
                )
            )
        },
        ids=COUNCIL,
    ),
    # Every member has signed already: nothing changes; back to the sheet, or to the
    # council's page for the seats without one.
    "sign_declaration": Entry(
        {
            "GET": POST_ONLY,
            "POST": both(
                expect(
                    staff=FORBIDDEN,
                    leader=FORBIDDEN,
                    chair=Kept(_to_home),
                    secretary=Kept(_to_home),
                    uv1=Kept(_to_scoring),
                    uv2=Kept(_to_scoring),
                )
            ),
        },
        ids=COUNCIL,
    ),
    "sheet_submit": Entry(
        {
            "GET": POST_ONLY,
            "POST": {
                OPEN: expect(
                    staff=FORBIDDEN,
                    leader=FORBIDDEN,
                    chair=Kept(_to_home, NO_SHEET),
                    secretary=Kept(_to_home, NO_SHEET),
                    uv1=Redirect(_to_scoring),
                    uv2=Redirect(_to_scoring),
                ),
                CLOSED: expect(
                    staff=FORBIDDEN,
                    leader=FORBIDDEN,
                    chair=Kept(_to_home, NO_SHEET),
                    secretary=Kept(_to_home, NO_SHEET),
                    uv1=Kept(_to_scoring, "Không có vòng chấm nào đang mở"),
                    uv2=Kept(_to_scoring, "Không có vòng chấm nào đang mở"),
                ),
            },
        },
        ids=COUNCIL,
    ),
    "dossier": Entry({"GET": D1_PAGE}, ids=D1),
    "evidence": Entry(
        {"GET": D1_PAGE}, ids={"pk": "council", "dossier_pk": "d1", "evidence_pk": "evidence"}
    ),
    # Declaring a conflict on D1 again: uv2 is sent back to their sheet with a refusal and
    # nothing is written (no 404 here: the declaration is theirs, the dossier name is not
    # in the answer). A member not yet conflicted may declare in either state.
    "conflict_declare": Entry(
        {
            "GET": POST_ONLY,
            "POST": both(
                expect(
                    staff=FORBIDDEN,
                    leader=FORBIDDEN,
                    chair=Redirect(_to_scoring),
                    secretary=Redirect(_to_scoring),
                    uv1=Redirect(_to_scoring),
                    uv2=Kept(_to_scoring, "Đã ghi nhận xung đột lợi ích"),
                )
            ),
        },
        ids=D1,
        data=_post_conflict,
    ),
    "score_save": Entry(
        {
            "GET": POST_ONLY,
            "POST": {
                OPEN: expect(
                    staff=FORBIDDEN,
                    leader=FORBIDDEN,
                    chair=Kept(_to_scoring, "không được phân công"),
                    secretary=Kept(_to_scoring, "không được phân công"),
                    uv1=Redirect(_to_scoring),
                    uv2=NOT_FOUND,
                ),
                CLOSED: expect(
                    staff=FORBIDDEN,
                    leader=FORBIDDEN,
                    chair=Kept(_to_scoring, "Không có vòng chấm nào đang mở"),
                    secretary=Kept(_to_scoring, "Không có vòng chấm nào đang mở"),
                    uv1=Kept(_to_scoring, "Không có vòng chấm nào đang mở"),
                    uv2=NOT_FOUND,
                ),
            },
        },
        ids={"pk": "council", "dossier_pk": "d1", "criterion_pk": "criterion"},
        data=_post_score,
    ),
    "results": Entry({"GET": RANKING}, ids=COUNCIL),
    "results_xlsx": Entry({"GET": RESULTS}, ids=COUNCIL),
    "minutes_docx": Entry({"GET": RESULTS}, ids=COUNCIL),
    # uv1's score on D1: its author (sent back to their sheet), the chair and the secretary
    # (to the council's page) may ask for a correction, only once the round is closed. In the
    # closed world uv1 has asked already: a second request waits for the first (the form
    # again, with the refusal, nothing written).
    "correction_request": Entry(
        {
            "GET": {
                OPEN: CORRECTION_WHILE_OPEN,
                CLOSED: expect(
                    staff=FORBIDDEN, leader=FORBIDDEN, chair=OK, secretary=OK, uv1=OK, uv2=FORBIDDEN
                ),
            },
            "POST": {
                OPEN: CORRECTION_WHILE_OPEN,
                CLOSED: expect(
                    staff=FORBIDDEN,
                    leader=FORBIDDEN,
                    chair=INVALID,
                    secretary=INVALID,
                    uv1=INVALID,
                    uv2=FORBIDDEN,
                ),
            },
        },
        ids={"pk": "council", "score_pk": "score"},
        data=_post_correction,
    ),
    # The chair alone decides a correction.
    "correction_decide": Entry(
        {
            "GET": POST_ONLY,
            "POST": both(
                expect(
                    staff=FORBIDDEN,
                    leader=FORBIDDEN,
                    chair=Redirect(_to_results),
                    secretary=FORBIDDEN,
                    uv1=FORBIDDEN,
                    uv2=FORBIDDEN,
                )
            ),
        },
        ids={"pk": "council", "correction_pk": "correction"},
        data=_post_approve,
    ),
    # Votes on ties: only once results are visible, by officers, the chair or the
    # secretary. No dossiers are tied at rank 1, so the vote is refused, nothing written.
    "tie_vote": Entry(
        {
            "GET": POST_ONLY,
            "POST": {
                OPEN: council_only(FORBIDDEN),
                CLOSED: expect(
                    staff=Kept(_to_results, "Không còn nhóm đồng hạng này"),
                    leader=FORBIDDEN,
                    chair=Kept(_to_results, "Không còn nhóm đồng hạng này"),
                    secretary=Kept(_to_results, "Không còn nhóm đồng hạng này"),
                    uv1=FORBIDDEN,
                    uv2=FORBIDDEN,
                ),
            },
        },
        ids=COUNCIL,
        data=_post_tie_vote,
    ),
    # uv1's score sheet (?member=uv1): theirs at any time; nobody else's while a round is
    # open; afterwards officers, the chair and the secretary (not the leader, not uv2).
    "score_sheet_pdf": Entry(
        {
            "GET": {
                OPEN: expect(
                    staff=NOT_FOUND,
                    leader=NOT_FOUND,
                    chair=NOT_FOUND,
                    secretary=NOT_FOUND,
                    uv1=OK,
                    uv2=NOT_FOUND,
                ),
                CLOSED: expect(
                    staff=OK, leader=NOT_FOUND, chair=OK, secretary=OK, uv1=OK, uv2=NOT_FOUND
                ),
            }
        },
        ids={"pk": "council", "round_pk": "round"},
        query=_query_uv1,
    ),
}
