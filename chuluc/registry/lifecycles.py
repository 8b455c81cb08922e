"""The register's stateful record: a spreadsheet import job.

An officer uploads a file; a background task checks every row (``validate``) and stores the
preview; the officer asks for the valid rows to be written (``commit``) or drops the job
(``cancel``); a background task writes them in one transaction (``finish``). Either
background step may ``fail``, and then says why."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from chuluc.core.lifecycle import Lifecycle, Transition
from chuluc.registry import rules
from chuluc.registry.enums import ImportStatus

SYSTEM = _lazy("Hệ thống (tác vụ chạy nền)")
OFFICER = _lazy("Cán bộ Sở Công Thương")


def has_valid_rows(job, **context) -> str | None:
    """Nothing is written from a file whose every row was refused."""
    if job.valid_rows == 0:
        return _("Tệp không có dòng hợp lệ nào để nhập.")
    return None


IMPORT_JOB = Lifecycle(
    name="import_job",
    title=_lazy("Lượt nhập dữ liệu"),
    model="registry.ImportJob",
    states=ImportStatus,
    initial=ImportStatus.VALIDATING,
    final=(ImportStatus.DONE, ImportStatus.FAILED, ImportStatus.CANCELLED),
    transitions=(
        Transition(
            event="validate",
            label=_lazy("Kiểm tra xong"),
            source=(ImportStatus.VALIDATING,),
            target=ImportStatus.VALIDATED,
            who=SYSTEM,
        ),
        Transition(
            event="commit",
            label=_lazy("Nhập dữ liệu"),
            source=(ImportStatus.VALIDATED,),
            target=ImportStatus.COMMITTING,
            who=OFFICER,
            rule=rules.can_decide_import,
            guards=(has_valid_rows,),
        ),
        Transition(
            event="cancel",
            label=_lazy("Hủy lượt nhập"),
            source=(ImportStatus.VALIDATED,),
            target=ImportStatus.CANCELLED,
            who=OFFICER,
            rule=rules.can_decide_import,
        ),
        Transition(
            event="finish",
            label=_lazy("Ghi xong"),
            source=(ImportStatus.COMMITTING,),
            target=ImportStatus.DONE,
            who=SYSTEM,
        ),
        Transition(
            event="fail",
            label=_lazy("Báo lỗi"),
            source=(ImportStatus.VALIDATING, ImportStatus.COMMITTING),
            target=ImportStatus.FAILED,
            who=SYSTEM,
        ),
    ),
)
