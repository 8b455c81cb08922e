"""The lifecycle of a firm report: submitted by the enterprise, flagged when the plausibility
checks find something (``chuluc.monitoring.plausibility``), checked by an officer; a
resubmission replaces the figures and goes back to submitted or flagged.

``services.firm_reports`` fires these events; nothing else changes a report's status."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from chuluc.core.lifecycle import Lifecycle, Transition
from chuluc.monitoring import rules
from chuluc.monitoring.enums import ReportStatus

S = ReportStatus

FIRM_REPORT = Lifecycle(
    name="firm_report",
    title=_("Báo cáo định kỳ của doanh nghiệp"),
    model="monitoring.FirmReport",
    states=ReportStatus,
    initial=S.SUBMITTED,
    notes=_(
        "Doanh nghiệp nộp báo cáo của một kỳ (tạo báo cáo ở trạng thái đã nộp). Mỗi lần nộp, hệ "
        "thống kiểm tra tính hợp lý của số liệu; báo cáo có cảnh báo chuyển sang cần xem xét. "
        "Nộp lại thay số liệu và đưa báo cáo về đã nộp hoặc cần xem xét, kể cả khi đã kiểm tra."
    ),
    transitions=(
        Transition(
            event="flag",
            label=_("Đánh dấu cần xem xét"),
            source=(S.SUBMITTED, S.FLAGGED, S.CHECKED),
            target=S.FLAGGED,
            who=_("Hệ thống, khi số liệu vừa nộp (lần đầu hoặc nộp lại) có cảnh báo tính hợp lý"),
        ),
        Transition(
            event="resubmit",
            label=_("Nộp lại báo cáo"),
            source=(S.SUBMITTED, S.FLAGGED, S.CHECKED),
            target=S.SUBMITTED,
            who=_(
                "Người đại diện doanh nghiệp (cán bộ Sở khi nhập thay), số liệu không có cảnh báo"
            ),
        ),
        Transition(
            event="check",
            label=_("Kiểm tra báo cáo"),
            source=(S.SUBMITTED, S.FLAGGED),
            target=S.CHECKED,
            who=_("Cán bộ Sở Công Thương (báo cáo có cảnh báo cần ghi chú)"),
            rule=rules.can_review_reports,
        ),
    ),
)
