"""What the council asks of its members on the dashboard ("Việc cần làm",
``chuluc.core.navigation.register_task_source``): derived from the open rounds, the sheets'
states, the corrections' states and the rounds' dates, never stored."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext as _

from chuluc.core.navigation import Task
from chuluc.council.enums import CorrectionStatus, MemberRole, RoundStatus, ScoreSheetStatus
from chuluc.council.models import Correction, Member, Round
from chuluc.council.selectors import sheet_summary


def _due(round_: Round) -> dt.date | None:
    return round_.closes_on or round_.council.campaign.scoring_ends


def _sheet_task(member: Member, round_: Round, today: dt.date) -> Task | None:
    """The member's own sheet of the open round while it is not submitted."""
    summary = sheet_summary(member=member, round_=round_)
    record = summary["record"]
    if not summary["expected"] or (record is not None and record.is_submitted):
        return None
    due = _due(round_)
    if member.no_conflict_signed_at is None:
        why = _("Ký cam kết không xung đột lợi ích trên trang chấm, rồi chấm điểm.")
    elif record is not None and record.reopened_because:
        why = _("Phiếu đã nộp được mở lại: %(reason)s") % {"reason": record.reopened_because}
    else:
        why = _("Vòng “%(round)s” đang mở; chấm đủ các ô rồi nộp phiếu.") % {"round": round_.name}
    return Task(
        what=_("Hoàn thành và nộp phiếu chấm (%(council)s): đã chấm %(done)d/%(expected)d ô")
        % {
            "council": round_.council.name,
            "done": summary["done"],
            "expected": summary["expected"],
        },
        why=why,
        url=reverse("council:scoring", args=[round_.council_id]),
        due=due,
        overdue=bool(due and due < today),
    )


def _lock_task(round_: Round, today: dt.date) -> Task | None:
    """The secretary: the open round once every scoring member has submitted, or late."""
    due = _due(round_)
    overdue = bool(due and due < today)
    ready = round_.scorers and round_.submitted >= round_.scorers
    if not (ready or overdue):
        return None
    return Task(
        what=_("Khóa vòng chấm “%(round)s” (%(council)s)")
        % {"round": round_.name, "council": round_.council.name},
        why=_("Đã nộp %(submitted)d/%(scorers)d phiếu chấm.")
        % {"submitted": round_.submitted, "scorers": round_.scorers},
        url=reverse("council:home", args=[round_.council_id]),
        due=due,
        overdue=overdue,
    )


def council_tasks(user, today: dt.date) -> list[Task]:
    """A member's sheets of the open rounds (a few queries per open round the member sits
    on: one per campaign at most), the secretary's rounds to lock, the chair's corrections
    waiting for approval (one query)."""
    if not getattr(user, "is_authenticated", False):
        return []
    seats = {m.council_id: m for m in Member.objects.filter(user=user).select_related("council")}
    if not seats:
        return []
    found: list[Task] = []
    rounds = (
        Round.objects.filter(status=RoundStatus.OPEN, council_id__in=seats)
        .select_related("council__campaign")
        .annotate(
            scorers=Count("council__members__assignments__member", distinct=True),
            submitted=Count(
                "sheets", filter=Q(sheets__status=ScoreSheetStatus.SUBMITTED), distinct=True
            ),
        )
        .order_by("pk")
    )
    for round_ in rounds:
        member = seats[round_.council_id]
        member.council = round_.council
        task = _sheet_task(member, round_, today)
        if task:
            found.append(task)
        if member.role == MemberRole.SECRETARY:
            task = _lock_task(round_, today)
            if task:
                found.append(task)
    chaired = [pk for pk, m in seats.items() if m.role == MemberRole.CHAIR]
    if chaired:
        waiting = (
            Correction.objects.filter(
                status=CorrectionStatus.REQUESTED, score__round__council_id__in=chaired
            )
            .values("score__round__council_id", "score__round__council__name")
            .annotate(count=Count("id"))
            .order_by("score__round__council_id")
        )
        for row in waiting:
            found.append(
                Task(
                    what=_("Đề nghị điều chỉnh điểm chờ Chủ tịch duyệt (%(council)s): %(count)d")
                    % {"council": row["score__round__council__name"], "count": row["count"]},
                    why=_("Điểm đã khóa chỉ thay đổi khi Chủ tịch duyệt đề nghị điều chỉnh."),
                    url=reverse("council:results", args=[row["score__round__council_id"]]),
                )
            )
    return found
