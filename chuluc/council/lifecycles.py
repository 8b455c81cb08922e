"""The council's stateful records: a scoring round, a member's score sheet for a round, and
a correction of a locked score. Every change of their status goes through these
declarations (``chuluc.core.lifecycle``), fired by the council's services."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from chuluc.core.lifecycle import Lifecycle, Transition
from chuluc.council import rules
from chuluc.council.enums import CorrectionStatus, RoundStatus, ScoreSheetStatus
from chuluc.council.notifications import (
    notify_correction_decided,
    notify_round_locked,
    notify_sheet_reopened,
)
from chuluc.council.selectors import results_frozen

#: Why the council's figures no longer change once the result is published for comment.
RESULTS_FROZEN = _(
    "Kết quả đã được công bố lấy ý kiến; điểm và kết quả của Hội đồng không còn thay đổi được."
)


def sheet_round_open(sheet, **context) -> str | None:
    """A sheet changes only while its round is open (the service passes the round it has
    locked and re-read, so a page loaded before the close cannot submit)."""
    return None if sheet.round.status == RoundStatus.OPEN else _("Vòng chấm đã khóa.")


def results_not_frozen(correction, **context) -> str | None:
    """An approved correction would change a published list."""
    return RESULTS_FROZEN if results_frozen(correction.score.round.council) else None


ROUND = Lifecycle(
    name="round",
    title=_("Vòng chấm"),
    model="council.Round",
    states=RoundStatus,
    initial=RoundStatus.OPEN,
    final=(RoundStatus.CLOSED,),
    notes=_(
        "Một vòng chấm được mở khi lập Hội đồng (vòng 1) hoặc khi cán bộ, Thư ký mở vòng mới "
        "(chỉ khi không còn vòng nào đang chấm). Khi khóa, điểm không sửa được nữa (chỉ qua "
        "đề nghị điều chỉnh có Chủ tịch duyệt) và kết quả được tính."
    ),
    transitions=(
        Transition(
            event="close",
            label=_("Khóa vòng chấm"),
            source=(RoundStatus.OPEN,),
            target=RoundStatus.CLOSED,
            who=_("Thư ký Hội đồng"),
            rule=rules.can_close_this_round,
            effects=(notify_round_locked,),
        ),
    ),
)

SCORE_SHEET = Lifecycle(
    name="score_sheet",
    title=_("Phiếu chấm"),
    model="council.ScoreSheet",
    states=ScoreSheetStatus,
    initial=ScoreSheetStatus.DRAFT,
    notes=_(
        "Phiếu chấm của một thành viên trong một vòng chấm. Thành viên chưa nộp phiếu thì "
        "phiếu đang chấm (có thể chưa có bản ghi). Sửa một điểm sau khi nộp, một hồ sơ vào "
        "hay ra khỏi danh sách chấm, hoặc một tiêu chí được giao thêm, đưa phiếu về trạng thái "
        "chưa nộp (thành viên được báo lý do trên trang chấm); thành viên nộp lại khi đã chấm "
        "đủ."
    ),
    transitions=(
        Transition(
            event="submit",
            label=_("Nộp phiếu chấm"),
            source=(ScoreSheetStatus.DRAFT,),
            target=ScoreSheetStatus.SUBMITTED,
            who=_("Thành viên Hội đồng (phiếu của mình, khi đã chấm đủ)"),
            rule=rules.can_submit_own_sheet,
            guards=(sheet_round_open,),
        ),
        Transition(
            event="reopen",
            label=_("Mở lại phiếu chấm"),
            source=(ScoreSheetStatus.SUBMITTED,),
            target=ScoreSheetStatus.DRAFT,
            who=_("Thành viên Hội đồng, khi sửa một điểm của phiếu đã nộp"),
            rule=rules.can_submit_own_sheet,
            guards=(sheet_round_open,),
        ),
        Transition(
            event="reopen_for_dossier",
            label=_("Mở lại phiếu chấm vì danh sách hồ sơ thay đổi"),
            source=(ScoreSheetStatus.SUBMITTED,),
            target=ScoreSheetStatus.DRAFT,
            who=_("Hệ thống, khi một hồ sơ vào hoặc ra khỏi danh sách thành viên chấm"),
            guards=(sheet_round_open,),
            effects=(notify_sheet_reopened,),
        ),
        Transition(
            event="reopen_for_assignment",
            label=_("Mở lại phiếu chấm vì phân công tiêu chí thay đổi"),
            source=(ScoreSheetStatus.SUBMITTED,),
            target=ScoreSheetStatus.DRAFT,
            who=_("Hệ thống, khi cán bộ giao thêm tiêu chí cho thành viên chấm"),
            guards=(sheet_round_open,),
            effects=(notify_sheet_reopened,),
        ),
    ),
)

CORRECTION = Lifecycle(
    name="correction",
    title=_("Đề nghị điều chỉnh điểm"),
    model="council.Correction",
    states=CorrectionStatus,
    initial=CorrectionStatus.REQUESTED,
    final=(CorrectionStatus.APPROVED, CorrectionStatus.REJECTED),
    notes=_(
        "Điểm của vòng đã khóa chỉ đổi qua đề nghị điều chỉnh (thành viên, Thư ký hoặc Chủ "
        "tịch gửi, có lý do). Khi Chủ tịch duyệt, điểm được sửa và kết quả được tính lại."
    ),
    transitions=(
        Transition(
            event="approve",
            label=_("Duyệt điều chỉnh điểm"),
            source=(CorrectionStatus.REQUESTED,),
            target=CorrectionStatus.APPROVED,
            who=_("Chủ tịch Hội đồng"),
            rule=rules.can_decide_correction,
            guards=(results_not_frozen,),
            effects=(notify_correction_decided,),
        ),
        Transition(
            event="reject",
            label=_("Từ chối điều chỉnh điểm"),
            source=(CorrectionStatus.REQUESTED,),
            target=CorrectionStatus.REJECTED,
            who=_("Chủ tịch Hội đồng"),
            rule=rules.can_decide_correction,
            effects=(notify_correction_decided,),
        ),
    ),
)
