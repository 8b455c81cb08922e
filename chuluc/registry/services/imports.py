"""The spreadsheet import workflow: upload → validate (background) → preview → commit
(background, one transaction) → done. Every move of a job is an event of its lifecycle
(``chuluc.registry.lifecycles.IMPORT_JOB``)."""

from __future__ import annotations

import logging
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from chuluc.accounts.models import User
from chuluc.core.audit import audit_record, audit_record_many
from chuluc.core.errors import ApplicationError
from chuluc.core.spreadsheets import read_rows
from chuluc.core.uploads import CSV, XLSX, check_upload, display_name
from chuluc.registry.cleaning import enterprise_search_key, product_keys
from chuluc.registry.enums import ImportKind
from chuluc.registry.importing import ImportPlan, plan_import
from chuluc.registry.lifecycles import IMPORT_JOB
from chuluc.registry.models import Enterprise, ImportJob, Product
from chuluc.registry.signals import send_keys_changed

logger = logging.getLogger(__name__)


def _fire(job: ImportJob, event: str, *, actor=None, changes=None, **fields: Any) -> ImportJob:
    """Move ``job`` by ``event``; a job that ends notes when."""
    if IMPORT_JOB.transition(event).target in IMPORT_JOB.final:
        fields["finished_at"] = timezone.now()
    IMPORT_JOB.fire(job, event, actor=actor, fields=fields, changes=changes)
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
        status=IMPORT_JOB.initial,
        report={"format": file_kind.code},
    )
    job.file.save(upload.safe_name, upload, save=False)
    job.save()
    audit_record(
        actor=actor,
        action="import_job.upload",
        obj=job,
        changes={"status": [None, job.status], "file": [None, job.original_name]},
    )
    from chuluc.registry.tasks import validate_import  # noqa: PLC0415 - cycle: tasks wraps this module

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

    try:
        return plan_import(job.kind, rows, report_progress if progress else None)
    except ValidationError as exc:
        raise ApplicationError(" ".join(exc.messages)) from None


def import_job_validate(*, job_id: int) -> ImportJob:
    """Background step: read the file, check every row, store the preview report."""
    job = ImportJob.objects.get(pk=job_id)
    if IMPORT_JOB.refusal(job, "validate"):  # already done by an earlier run of the task
        return job
    try:
        plan = _plan(job, progress=True)
    except ApplicationError as exc:
        with transaction.atomic():
            return _fire(job, "fail", error_message=exc.message)
    with transaction.atomic():
        job.refresh_from_db()
        # The preview (up to a thousand refused rows) is saved beside the event, not in its
        # audit row, which keeps the counts.
        job.report = {**job.report, **plan.report()}
        job.save(update_fields=["report"])
        return _fire(
            job,
            "validate",
            processed_rows=job.total_rows,
            valid_rows=plan.valid,
            error_rows=len(plan.issues),
        )


@transaction.atomic
def import_job_commit(*, actor, job: ImportJob) -> ImportJob:
    """Ask for the valid rows of a previewed job to be written (in the background)."""
    job = ImportJob.objects.select_for_update().get(pk=job.pk)
    _fire(
        job,
        "commit",
        actor=actor,
        changes={"valid_rows": [None, job.valid_rows]},
        processed_rows=0,
        result={"committed_by": actor.pk},
    )
    from chuluc.registry.tasks import commit_import  # noqa: PLC0415 - cycle: tasks wraps this module

    _enqueue(commit_import, job)
    return job


@transaction.atomic
def import_job_cancel(*, actor, job: ImportJob) -> ImportJob:
    job = ImportJob.objects.select_for_update().get(pk=job.pk)
    return _fire(job, "cancel", actor=actor)


def import_job_write(*, job_id: int) -> ImportJob:
    """Background step: write every valid row in one transaction, or nothing."""
    job = ImportJob.objects.select_related("created_by").get(pk=job_id)
    if IMPORT_JOB.refusal(job, "finish"):  # already done by an earlier run of the task
        return job
    actor = User.objects.filter(pk=job.result.get("committed_by")).first() or job.created_by
    try:
        plan = _plan(job, progress=False)
        with transaction.atomic():
            counts = _write_plan(plan, actor=actor, source={"import_job": [None, job.pk]})
            job.refresh_from_db()
            return _fire(
                job,
                "finish",
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
        return _fire(job, "fail", error_message=message)


def import_rows_commit(
    *, actor, kind: str, rows: list[list[str]], source: str
) -> tuple[ImportPlan, dict[str, int]]:
    """Write the valid rows of a spreadsheet at once (the command-line path)."""
    try:
        plan = plan_import(kind, rows)
    except ValidationError as exc:
        raise ApplicationError(" ".join(exc.messages)) from None
    with transaction.atomic():
        counts = _write_plan(plan, actor=actor, source={"import_file": [None, source]})
    return plan, counts


def _set_keys(obj: Enterprise | Product) -> None:
    if isinstance(obj, Enterprise):
        obj.search_key = enterprise_search_key(obj)
    else:
        product_keys(obj)


def _write_plan(plan: ImportPlan, *, actor, source: dict) -> dict[str, int]:
    model = Enterprise if plan.kind == ImportKind.ENTERPRISES else Product
    label = "enterprise" if model is Enterprise else "product"
    created = []
    for values in plan.creates:
        obj = model(**values)
        _set_keys(obj)
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
        _set_keys(obj)
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
