"""Telling council members what waits for them: a round opened (their sheet to fill), their
submitted sheet reopened by the system, a round locked, a correction asked of the chair and
the chair's decision. Sent through ``chuluc.core.notifications``: the lifecycle's effects
(``council.lifecycles``) and, for the records a service creates, that service."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from chuluc.core.lifecycle import Change
from chuluc.core.notifications import change_key, notify, register_event, render_mail
from chuluc.council.enums import MemberRole
from chuluc.council.models import Correction, Member, Round

SHEET_ASSIGNED = "council.sheet_assigned"
SHEET_REOPENED = "council.sheet_reopened"
ROUND_LOCKED = "council.round_locked"
CORRECTION_REQUESTED = "council.correction_requested"
CORRECTION_DECIDED = "council.correction_decided"

COUNCIL = _("Hội đồng đánh giá")
register_event(SHEET_ASSIGNED, label=_("Có phiếu chấm mới cần chấm"), group=COUNCIL, order=30)
register_event(SHEET_REOPENED, label=_("Phiếu chấm đã nộp được mở lại"), group=COUNCIL, order=31)
register_event(ROUND_LOCKED, label=_("Vòng chấm đã khóa"), group=COUNCIL, order=32)
register_event(
    CORRECTION_REQUESTED, label=_("Đề nghị điều chỉnh điểm chờ duyệt"), group=COUNCIL, order=33
)
register_event(
    CORRECTION_DECIDED, label=_("Đề nghị điều chỉnh điểm đã được xử lý"), group=COUNCIL, order=34
)


def _members(council_id: int, *roles: str) -> list:
    seats = Member.objects.filter(council_id=council_id).select_related("user")
    if roles:
        seats = seats.filter(role__in=roles)
    return [seat.user for seat in seats]


def notify_round_opened(round_: Round) -> None:
    """The members given criteria to score have a sheet to fill in the new round (called
    by ``round_open``, which creates the round)."""
    scorers = (
        Member.objects.filter(council_id=round_.council_id, assignments__isnull=False)
        .select_related("user")
        .distinct()
    )
    title, body = render_mail("council/email/round_opened", {"round": round_})
    notify(
        [seat.user for seat in scorers],
        event=SHEET_ASSIGNED,
        key=f"round:{round_.pk}:open",
        title=title,
        body=body,
        url=reverse("council:scoring", args=[round_.council_id]),
    )


def notify_sheet_assigned(*, council, members) -> None:
    """Members given their first criterion to score in the council (called by
    ``assignment_set``): told once per council, not once per criterion; a criterion given
    later reopens a submitted sheet, which tells them again."""
    title, body = render_mail("council/email/sheet_assigned", {"council": council})
    notify(
        [seat.user for seat in members],
        event=SHEET_ASSIGNED,
        key=f"council:{council.pk}:assigned",
        title=title,
        body=body,
        url=reverse("council:scoring", args=[council.pk]),
    )


def notify_sheet_reopened(change: Change) -> None:
    sheet = change.obj
    user = sheet.member.user
    title, body = render_mail(
        "council/email/sheet_reopened",
        {
            "user": user,
            "council_id": sheet.round.council_id,
            "round": sheet.round,
            "reason": sheet.reopened_because,
        },
    )
    notify(
        [user],
        event=SHEET_REOPENED,
        key=change_key(change),
        title=title,
        body=body,
        url=reverse("council:scoring", args=[sheet.round.council_id]),
    )


def notify_round_locked(change: Change) -> None:
    round_ = change.obj
    title, body = render_mail("council/email/round_locked", {"round": round_})
    notify(
        _members(round_.council_id),
        event=ROUND_LOCKED,
        key=change_key(change),
        title=title,
        body=body,
        url=reverse("council:home", args=[round_.council_id]),
    )


def notify_correction_requested(correction: Correction) -> None:
    """The chair decides; the request is created by ``correction_request``."""
    council_id = correction.score.round.council_id
    title, body = render_mail("council/email/correction_requested", {"correction": correction})
    notify(
        _members(council_id, MemberRole.CHAIR),
        event=CORRECTION_REQUESTED,
        key=f"correction:{correction.pk}:request",
        title=title,
        body=body,
        url=reverse("council:correction_decide", args=[council_id, correction.pk]),
    )


def notify_correction_decided(change: Change) -> None:
    """The member who asked learns the chair's decision and its reason."""
    correction = change.obj
    council_id = correction.score.round.council_id
    title, body = render_mail("council/email/correction_decided", {"correction": correction})
    notify(
        [correction.requested_by],
        event=CORRECTION_DECIDED,
        key=change_key(change),
        title=title,
        body=body,
        url=reverse("council:scoring", args=[council_id]),
    )
