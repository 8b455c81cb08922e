"""The lifecycle of a firm report: submitted by the enterprise, flagged when the plausibility
checks find something (``chuluc.monitoring.plausibility``), checked by an officer. Before the
check a resubmission replaces the figures (a new version) and goes back to submitted or
flagged; after it, a correction is a new version with a reason that waits for the officer's
check, the checked figures staying in effect until then.

``services.firm_reports`` fires these events; nothing else changes a report's status."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from chuluc.core.lifecycle import Lifecycle, Transition
from chuluc.monitoring import rules
from chuluc.monitoring.enums import ReportStatus
from chuluc.monitoring.notifications import notify_report_flagged

S = ReportStatus

FIRM_REPORT = Lifecycle(
    name="firm_report",
    title=_("Báo cáo định kỳ của doanh nghiệp"),
    model="monitoring.FirmReport",
    states=ReportStatus,
    initial=S.SUBMITTED,
    notes=_(
        "Doanh nghiệp nộp báo cáo của một kỳ (tạo báo cáo ở trạng thái đã nộp). Mỗi lần nộp là "
        "một phiên bản được lưu lại; hệ thống kiểm tra tính hợp lý của số liệu, báo cáo có cảnh "
        "báo chuyển sang cần xem xét. Trước khi Sở kiểm tra, nộp lại thay số liệu. Báo cáo đã "
        "kiểm tra không bị ghi đè: doanh nghiệp gửi bản sửa kèm lý do, số liệu đã kiểm tra vẫn "
        "được dùng cho đến khi Sở kiểm tra bản sửa."
    ),
    transitions=(
        Transition(
            event="flag",
            label=_("Đánh dấu cần xem xét"),
            source=(S.SUBMITTED, S.FLAGGED),
            target=S.FLAGGED,
            who=_("Hệ thống, khi số liệu vừa nộp (lần đầu hoặc nộp lại) có cảnh báo tính hợp lý"),
            effects=(notify_report_flagged,),
        ),
        Transition(
            event="resubmit",
            label=_("Nộp lại báo cáo"),
            source=(S.SUBMITTED, S.FLAGGED),
            target=S.SUBMITTED,
            who=_(
                "Người đại diện doanh nghiệp (cán bộ Sở khi nhập thay), số liệu không có cảnh báo"
            ),
        ),
        Transition(
            event="correct",
            label=_("Gửi bản sửa báo cáo đã kiểm tra"),
            source=(S.CHECKED, S.CORRECTED),
            target=S.CORRECTED,
            who=_(
                "Người đại diện doanh nghiệp (cán bộ Sở khi nhập thay), kèm lý do sửa; bản sửa "
                "mới thay bản sửa chưa được kiểm tra"
            ),
        ),
        Transition(
            event="check",
            label=_("Kiểm tra báo cáo"),
            source=(S.SUBMITTED, S.FLAGGED, S.CORRECTED),
            target=S.CHECKED,
            who=_(
                "Cán bộ Sở Công Thương (báo cáo có cảnh báo cần ghi chú); kiểm tra bản sửa đưa "
                "số liệu của bản sửa vào sử dụng"
            ),
            rule=rules.can_review_reports,
        ),
    ),
)
