"""The lifecycles of the support part: a support request (decided once) and a difficulty
ticket (routed to an agency, answered, confirmed or reopened by the enterprise).

The services fire these events (``services.ledger``, ``services.difficulties``); nothing
else changes a request's or a difficulty's status. *Overdue* is derived from the due date
and never a state."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from chuluc.core.lifecycle import Change, Lifecycle, Transition
from chuluc.support import notifications, rules
from chuluc.support.enums import DifficultyStatus, RequestStatus
from chuluc.support.models import DifficultyEvent

# --------------------------------------------------------------------------- requests


def _tell_the_enterprise_of_the_decision(change: Change) -> None:
    notifications.notify_request_decided(change)


SUPPORT_REQUEST = Lifecycle(
    name="support_request",
    title=_("Đề nghị hỗ trợ"),
    model="support.SupportRequest",
    states=RequestStatus,
    initial=RequestStatus.SUBMITTED,
    final=(RequestStatus.APPROVED, RequestStatus.REFUSED),
    on_change=(_tell_the_enterprise_of_the_decision,),
    notes=_(
        "Doanh nghiệp gửi đề nghị theo một chính sách; hạn xử lý tính từ ngày gửi theo thời "
        "hạn của chính sách. Đề nghị được quyết định một lần: chấp thuận (kinh phí, gian hàng… "
        "được ghi sổ ngay hoặc sau) hoặc không chấp thuận kèm lý do."
    ),
    transitions=(
        Transition(
            event="approve",
            label=_("Chấp thuận đề nghị"),
            source=(RequestStatus.SUBMITTED,),
            target=RequestStatus.APPROVED,
            who=_("Cán bộ Sở Công Thương"),
            rule=rules.can_decide_request,
        ),
        Transition(
            event="refuse",
            label=_("Không chấp thuận đề nghị"),
            source=(RequestStatus.SUBMITTED,),
            target=RequestStatus.REFUSED,
            who=_("Cán bộ Sở Công Thương (ghi lý do)"),
            rule=rules.can_decide_request,
        ),
    ),
)


# --------------------------------------------------------------------------- difficulties


def difficulty_timeline_row(difficulty, *, before: str, actor, at, note: str = "") -> None:
    """One row of a difficulty's own history (shown on its page): its creation, then every
    change of its status."""
    DifficultyEvent.objects.create(
        difficulty=difficulty,
        from_status=before,
        to_status=difficulty.status,
        agency=difficulty.agency,
        note=note,
        actor=actor if getattr(actor, "pk", None) else None,
        at=at,
    )


def _timeline_row(change: Change) -> None:
    difficulty_timeline_row(
        change.obj, before=change.before, actor=change.actor, at=change.at, note=change.note
    )


def _tell_the_routed_agency(change: Change) -> None:
    notifications.notify_difficulty_routed(change)


def _tell_the_enterprise_of_the_answer(change: Change) -> None:
    notifications.notify_difficulty_answered(change)


S = DifficultyStatus

DIFFICULTY = Lifecycle(
    name="difficulty",
    title=_("Vướng mắc"),
    model="support.Difficulty",
    states=DifficultyStatus,
    initial=S.RECEIVED,
    final=(S.RESOLVED, S.CANNOT_RESOLVE),
    on_change=(_timeline_row,),
    notes=_(
        "Vướng mắc do doanh nghiệp gửi trực tuyến hoặc cán bộ ghi nhận (tại hội nghị đối thoại, "
        "qua văn bản). Quá hạn (chưa trả lời khi đã qua hạn xử lý) được suy ra từ ngày, không "
        "phải một trạng thái; mỗi thay đổi là một dòng trong lịch sử của vướng mắc."
    ),
    transitions=(
        Transition(
            event="route",
            label=_("Chuyển cơ quan xử lý"),
            source=(S.RECEIVED, S.ROUTED, S.IN_PROGRESS),
            target=S.ROUTED,
            who=_("Cán bộ Sở Công Thương"),
            rule=rules.can_route_difficulty,
            effects=(_tell_the_routed_agency,),
        ),
        Transition(
            event="start",
            label=_("Nhận xử lý vướng mắc"),
            source=(S.ROUTED,),
            target=S.IN_PROGRESS,
            who=_("Cán bộ cơ quan được chuyển đến, cán bộ Sở Công Thương"),
            rule=rules.can_answer_difficulty,
        ),
        Transition(
            event="answer",
            label=_("Trả lời vướng mắc"),
            source=(S.ROUTED, S.IN_PROGRESS),
            target=S.ANSWERED,
            who=_("Cán bộ cơ quan được chuyển đến, cán bộ Sở Công Thương"),
            rule=rules.can_answer_difficulty,
            effects=(_tell_the_enterprise_of_the_answer,),
        ),
        Transition(
            event="resolve",
            label=_("Xác nhận đã giải quyết"),
            source=(S.ANSWERED,),
            target=S.RESOLVED,
            who=_("Người đại diện doanh nghiệp, cán bộ Sở Công Thương"),
            rule=rules.can_confirm_difficulty,
        ),
        Transition(
            event="reopen",
            label=_("Báo vướng mắc chưa được giải quyết"),
            source=(S.ANSWERED,),
            target=S.IN_PROGRESS,
            who=_("Người đại diện doanh nghiệp, cán bộ Sở Công Thương"),
            rule=rules.can_confirm_difficulty,
            effects=(_tell_the_routed_agency,),
        ),
        Transition(
            event="close_unresolved",
            label=_("Kết luận không thể giải quyết"),
            source=(S.RECEIVED, S.ROUTED, S.IN_PROGRESS),
            target=S.CANNOT_RESOLVE,
            who=_("Cán bộ Sở Công Thương, cán bộ cơ quan được chuyển đến (ghi lý do)"),
            rule=rules.can_answer_difficulty,
        ),
    ),
)


def difficulty_event_to(state: str, target: str) -> str | None:
    """The event that leads a difficulty from ``state`` to ``target`` (at most one does)."""
    for transition in DIFFICULTY.events_from(state):
        if transition.target == target:
            return transition.event
    return None
