"""The spreadsheet import workflow: upload → validate (background) → preview → commit
(background, one transaction) → done. One transition function moves a job."""

from __future__ import annotations

import logging
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from chuluc.core.audit import audit_record, audit_record_many
from chuluc.core.errors import ApplicationError
from chuluc.core.spreadsheets import read_rows
from chuluc.core.text import search_key
from chuluc.core.uploads import CSV, XLSX, check_upload, display_name
from chuluc.registry.enums import IMPORT_TRANSITIONS, ImportKind, ImportStatus
from chuluc.registry.importing import ImportPlan, plan_import
from chuluc.registry.models import Enterprise, ImportJob, Product
from chuluc.registry.signals import send_keys_changed

logger = logging.getLogger(__name__)


def _transition(job: ImportJob, to: str, **fields: Any) -> ImportJob:
    if to not in IMPORT_TRANSITIONS[job.status]:
        raise ApplicationError(
            _("Không thể chuyển lượt nhập từ “%(a)s” sang “%(b)s”.")
            % {"a": job.get_status_display(), "b": ImportStatus(to).label}
        )
    job.status = to
    for name, value in fields.items():
        setattr(job, name, value)
    if to in {ImportStatus.DONE, ImportStatus.FAILED, ImportStatus.CANCELLED}:
        job.finished_at = timezone.now()
    job.save()
    return job


def _enqueue(task, job: ImportJob) -> None:
    def send() -> None:
        result = task.enqueue(job.pk)
        ImportJob.objects.filter(pk=job.pk).update(task_id=str(result.id)[:64])

    transaction.on_commit(send)


@transaction.atomic
def import_job_create(*, actor, kind: str, upload) -> ImportJob:
    if kind not in ImportKind.values:
        raise ApplicationError(_("Loại dữ liệu nhập không hợp lệ."))
    file_kind = check_upload(upload, allowed=(XLSX, CSV), max_bytes=settings.IMPORT_MAX_BYTES)
    job = ImportJob(
        kind=kind,
        original_name=display_name(upload.name),
        created_by=actor,
        status=ImportStatus.VALIDATING,
        report={"format": file_kind.code},
    )
    job.file.save(upload.safe_name, upload, save=False)
    job.save()
    audit_record(
        actor=actor, action="import.upload", obj=job, changes={"file": [None, job.original_name]}
    )
    from chuluc.registry.tasks import validate_import

    _enqueue(validate_import, job)
    return job


def _load(job: ImportJob) -> list[list[str]]:
    with job.file.open("rb") as handle:
        return read_rows(
            handle, kind=job.report.get("format", "xlsx"), max_rows=settings.IMPORT_MAX_ROWS
        )


def _plan(job: ImportJob, *, progress: bool) -> ImportPlan:
    rows = _load(job)
    total = max(len(rows) - 1, 0)
    ImportJob.objects.filter(pk=job.pk).update(total_rows=total, processed_rows=0)

    def report_progress(done: int) -> None:
        ImportJob.objects.filter(pk=job.pk).update(processed_rows=done)

    from django.core.exceptions import ValidationError

    try:
        return plan_import(job.kind, rows, report_progress if progress else None)
    except ValidationError as exc:
        raise ApplicationError(" ".join(exc.messages)) from None


def import_job_validate(*, job_id: int) -> ImportJob:
    """Background step: read the file, check every row, store the preview report."""
    job = ImportJob.objects.get(pk=job_id)
    if job.status != ImportStatus.VALIDATING:
        return job
    try:
        plan = _plan(job, progress=True)
    except ApplicationError as exc:
        with transaction.atomic():
            return _transition(job, ImportStatus.FAILED, error_message=exc.message)
    report = {**job.report, **plan.report()}
    with transaction.atomic():
        job.refresh_from_db()
        return _transition(
            job,
            ImportStatus.VALIDATED,
            report=report,
            processed_rows=job.total_rows,
            valid_rows=plan.valid,
            error_rows=len(plan.issues),
        )


@transaction.atomic
def import_job_commit(*, actor, job: ImportJob) -> ImportJob:
    """Ask for the valid rows of a previewed job to be written (in the background)."""
    job = ImportJob.objects.select_for_update().get(pk=job.pk)
    if job.valid_rows == 0:
        raise ApplicationError(_("Tệp không có dòng hợp lệ nào để nhập."))
    _transition(job, ImportStatus.COMMITTING, processed_rows=0, result={"committed_by": actor.pk})
    audit_record(
        actor=actor, action="import.commit", obj=job, changes={"valid_rows": [None, job.valid_rows]}
    )
    from chuluc.registry.tasks import commit_import

    _enqueue(commit_import, job)
    return job


@transaction.atomic
def import_job_cancel(*, actor, job: ImportJob) -> ImportJob:
    job = ImportJob.objects.select_for_update().get(pk=job.pk)
    _transition(job, ImportStatus.CANCELLED)
    audit_record(actor=actor, action="import.cancel", obj=job, changes={})
    return job


def import_job_write(*, job_id: int) -> ImportJob:
    """Background step: write every valid row in one transaction, or nothing."""
    job = ImportJob.objects.select_related("created_by").get(pk=job_id)
    if job.status != ImportStatus.COMMITTING:
        return job
    from chuluc.accounts.models import User

    actor = User.objects.filter(pk=job.result.get("committed_by")).first() or job.created_by
    try:
        plan = _plan(job, progress=False)
        with transaction.atomic():
            counts = _write_plan(plan, actor=actor, source={"import_job": [None, job.pk]})
            job.refresh_from_db()
            return _transition(
                job,
                ImportStatus.DONE,
                result={**job.result, **counts},
                processed_rows=job.total_rows,
            )
    except ApplicationError as exc:
        message = exc.message
    except Exception:  # any failure leaves the register untouched; the job says why
        logger.exception("import %s failed", job_id)
        message = _(
            "Lỗi hệ thống khi ghi dữ liệu; không dòng nào được nhập. Hãy báo quản trị viên."
        )
    with transaction.atomic():
        job.refresh_from_db()
        return _transition(job, ImportStatus.FAILED, error_message=message)


def import_rows_commit(
    *, actor, kind: str, rows: list[list[str]], source: str
) -> tuple[ImportPlan, dict[str, int]]:
    """Write the valid rows of a spreadsheet at once (the command-line path)."""
    from django.core.exceptions import ValidationError

    try:
        plan = plan_import(kind, rows)
    except ValidationError as exc:
        raise ApplicationError(" ".join(exc.messages)) from None
    with transaction.atomic():
        counts = _write_plan(plan, actor=actor, source={"import_file": [None, source]})
    return plan, counts


def _write_plan(plan: ImportPlan, *, actor, source: dict) -> dict[str, int]:
    model = Enterprise if plan.kind == ImportKind.ENTERPRISES else Product
    label = "enterprise" if model is Enterprise else "product"
    created = []
    for values in plan.creates:
        obj = model(**values)
        if model is Enterprise:
            obj.search_key = search_key(obj.name, obj.short_name, obj.tax_code)
        else:
            obj.name_key = obj.search_key = search_key(obj.name)
        created.append(obj)
    model.objects.bulk_create(created, batch_size=500)
    if model is Enterprise and any(o.pk is None for o in created):
        # Backends that do not return primary keys from bulk inserts: read them back.
        ids = dict(
            Enterprise.objects.filter(tax_code__in=[o.tax_code for o in created]).values_list(
                "tax_code", "pk"
            )
        )
        for obj in created:
            obj.pk = ids[obj.tax_code]
    updated = []
    update_diffs = []
    fields: set[str] = set()
    rekeyed = []
    for obj, changes in plan.updates:
        update_diffs.append({name: [getattr(obj, name), value] for name, value in changes.items()})
        for name, value in changes.items():
            setattr(obj, name, value)
        fields.update(changes)
        old_key = obj.search_key
        if model is Enterprise:
            obj.search_key = search_key(obj.name, obj.short_name, obj.tax_code)
        else:
            obj.name_key = obj.search_key = search_key(obj.name)
        if obj.search_key != old_key:
            rekeyed.append(obj.pk)
        updated.append(obj)
    if updated:
        model.objects.bulk_update(
            updated,
            [*sorted(fields), "search_key", *(["name_key"] if model is Product else [])],
            batch_size=500,
        )
        send_keys_changed(**{f"{label}_ids": rekeyed})
    audit_record_many(
        actor=actor,
        action=f"{label}.import_create",
        items=[
            (o, {**source, **{k: [None, v] for k, v in values.items()}})
            for o, values in zip(created, plan.creates, strict=True)
        ],
    )
    audit_record_many(
        actor=actor,
        action=f"{label}.import_update",
        items=[(o, {**source, **d}) for o, d in zip(updated, update_diffs, strict=True)],
    )
    return {
        "created": len(created),
        "updated": len(updated),
        "unchanged": plan.unchanged,
        "rejected": len(plan.issues),
    }
