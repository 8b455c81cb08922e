"""``chuluc requeue_tasks [--older-than MINUTES]``: background tasks (certificates' PDFs,
open-data snapshots, mail) that a killed worker left marked *running* go back to the queue.

django-tasks' database worker marks a task running when it takes it and finished when it
ends; a worker killed in between (power cut, out of memory, a deploy that did not wait)
leaves the task running forever and nobody runs it again. Every task of the platform is
safe to run again (each one finishes what is not done yet: tests/reliability), so a task
running for longer than any real run takes is put back as ready, and a worker takes it.
Run it from cron (docs/deployment.md) or after restarting a server that was killed."""

from __future__ import annotations

import datetime as dt

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

DEFAULT_MINUTES = 60


class Command(BaseCommand):
    help = (
        "Đưa lại vào hàng đợi các tác vụ nền đang ở trạng thái “đang chạy” quá lâu "
        "(tiến trình xử lý đã bị dừng đột ngột)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--older-than",
            default=str(DEFAULT_MINUTES),
            help=f"Số phút một tác vụ đã chạy mà chưa xong (mặc định {DEFAULT_MINUTES}).",
        )

    def handle(self, *args, older_than: str, **options):
        try:
            minutes = int(older_than)
        except ValueError:
            minutes = -1
        if minutes < 1:
            raise CommandError(f"Số phút không hợp lệ: {older_than} (cần số nguyên dương).")
        cutoff = timezone.now() - dt.timedelta(minutes=minutes)
        with transaction.atomic():
            stale = DBTaskResult.objects.running().filter(started_at__lt=cutoff)
            names = sorted({r.task_path for r in stale})
            count = stale.update(status=TaskResultStatus.READY, started_at=None)
        self.stdout.write(
            f"Đã đưa lại {count} tác vụ vào hàng đợi" + (f": {', '.join(names)}." if names else ".")
        )
