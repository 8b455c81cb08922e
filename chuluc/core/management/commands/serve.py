"""Serve the site with gunicorn and run the background-task worker beside it."""

from __future__ import annotations

import os
import signal
import subprocess
import sys

from django.conf import settings
from django.core.management.base import BaseCommand

from chuluc.core.banners import write_serve_banners
from chuluc.core.site_url import derived


class Command(BaseCommand):
    help = "Chạy máy chủ web (gunicorn) và tiến trình xử lý tác vụ nền trên 127.0.0.1:PORT."

    def add_arguments(self, parser):
        parser.add_argument("--port", type=int, default=settings.PORT)
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--workers", type=int, default=settings.WEB_CONCURRENCY)
        parser.add_argument(
            "--no-worker", action="store_true", help="Không chạy tiến trình tác vụ nền."
        )

    def handle(self, *args, port, host, workers, no_worker, **options):
        python = sys.executable
        if not settings.SITE_URL_CONFIGURED:
            # The links printed on certificates and in mail follow the address served, for
            # the web and worker processes started below (their environment).
            os.environ["SITE_URL"] = derived(host, port)
        children: list[subprocess.Popen] = []
        if not no_worker:
            children.append(
                subprocess.Popen(  # noqa: S603 - our own interpreter and module
                    [python, "-m", "chuluc", "db_worker", "--no-reload", "--interval", "0.5"]
                )
            )
        web = subprocess.Popen(  # noqa: S603
            [
                python,
                "-m",
                "gunicorn",
                "chuluc.config.wsgi:application",
                "--bind",
                f"{host}:{port}",
                "--workers",
                str(workers),
                "--access-logfile",
                "-",
                "--graceful-timeout",
                "10",
            ]
        )
        children.append(web)
        write_serve_banners(self.stdout)
        self.stdout.write(f"Chủ Lực đang chạy tại http://{host}:{port}/ (Ctrl+C để dừng)")
        self.stdout.write(f"Địa chỉ trong mã QR và thư (SITE_URL): {os.environ.get('SITE_URL')}")

        def stop(signum, frame):
            for child in children:
                if child.poll() is None:
                    child.terminate()

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        try:
            code = web.wait()
        finally:
            stop(None, None)
            for child in children:
                try:
                    child.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    child.kill()
        sys.exit(code)
