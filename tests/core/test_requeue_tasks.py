"""``chuluc requeue_tasks``: a task that a killed worker left *running* goes back to the
queue and a worker finishes it; a task still within its time is left alone; bad input is
refused with a clear message."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from chuluc.registry.enums import ImportKind, ImportStatus
from chuluc.registry.services import imports
from tests.registry.spreadsheets import VI_HEADER, csv_upload, enterprise_rows


@pytest.fixture
def database_tasks(settings, monkeypatch):
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}
    }
    # The worker checks its connection between tasks, which closes one inside the test's
    # transaction (PostgreSQL); a worker process has no such transaction around it.
    monkeypatch.setattr(
        "django_tasks_db.management.commands.db_worker.close_old_connections", lambda: None
    )


def _upload(officer, capture):
    with capture(execute=True):
        job = imports.import_job_create(
            actor=officer,
            kind=ImportKind.ENTERPRISES,
            upload=csv_upload(VI_HEADER, enterprise_rows(3)),
        )
    return job


def _killed_while_running(minutes_ago: int) -> DBTaskResult:
    """The queued task, as a worker killed ``minutes_ago`` minutes into it leaves it."""
    result = DBTaskResult.objects.get()
    DBTaskResult.objects.filter(pk=result.pk).update(
        status=TaskResultStatus.RUNNING,
        started_at=timezone.now() - dt.timedelta(minutes=minutes_ago),
        worker_ids=["killed-worker"],
    )
    return result


def _requeue(*args) -> str:
    out = StringIO()
    call_command("requeue_tasks", *args, stdout=out)
    return out.getvalue()


def test_requeued_task_is_run_by_a_worker(
    db, officer, database_tasks, django_capture_on_commit_callbacks
):
    job = _upload(officer, django_capture_on_commit_callbacks)
    result = _killed_while_running(minutes_ago=90)
    # a worker never takes a running task …
    call_command("db_worker", "--batch", "--no-startup-delay", stdout=StringIO())
    job.refresh_from_db()
    assert job.status == ImportStatus.VALIDATING
    # … until it is requeued
    assert "Đã đưa lại 1 tác vụ" in _requeue()
    result.refresh_from_db()
    assert (result.status, result.started_at) == (TaskResultStatus.READY, None)
    call_command("db_worker", "--batch", "--no-startup-delay", stdout=StringIO())
    job.refresh_from_db()
    result.refresh_from_db()
    assert (job.status, result.status) == (ImportStatus.VALIDATED, TaskResultStatus.SUCCESSFUL)


def test_task_within_its_time_is_left_running(
    db, officer, database_tasks, django_capture_on_commit_callbacks
):
    _upload(officer, django_capture_on_commit_callbacks)
    result = _killed_while_running(minutes_ago=10)
    assert "Đã đưa lại 0 tác vụ" in _requeue("--older-than", "60")
    assert "Đã đưa lại 1 tác vụ" in _requeue("--older-than", "5")
    result.refresh_from_db()
    assert result.status == TaskResultStatus.READY


@pytest.mark.parametrize("bad", ["0", "-5", "mười", ""])
def test_bad_minutes_refused_clearly(db, bad):
    with pytest.raises(CommandError, match="Số phút không hợp lệ"):
        _requeue("--older-than", bad)
