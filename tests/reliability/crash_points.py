"""The points at which a crash test kills an operation (run inside the child process).

While an operation runs under :func:`traced`, every step that changes what a crash would
leave behind is a *crash point*, announced to the phase file as ``<phase> <n> <step>``:

- ``ready``: Django is up and the inputs are loaded; nothing of the operation has run;
- ``write``: a row was inserted, updated or deleted inside a transaction (not committed);
- ``autocommit``: a row was written outside any transaction (committed by itself);
- ``commit``: a transaction has made all its writes and is about to commit;
- ``committed``: a transaction has committed; what it asked to run on commit has not run;
- ``file-partial``: a file being stored has half its content written;
- ``file-stored``: a file was stored; nothing after it has happened;
- ``file-delete``: a stored file is about to be deleted;
- ``end``: the operation has finished (the process has not exited).

``<n>`` counts the points of that phase (1, 2, ...); ``<step>`` names the part of the
operation running (set by the caller with :meth:`Tracer.step`), for the log.

Given ``stop_at=(phase, n)``, the child stops at that point: it prints
``CRASH-POINT phase n`` on its standard output and then blocks reading its standard input,
a pipe the parent holds and never writes to, until the parent kills it. The kill thus lands
exactly there, however busy the machine is. Should the parent go away instead, the read
sees the end of the pipe and the child exits at once without running further.
"""

from __future__ import annotations

import contextlib
import os
import sys
import time
from collections import Counter
from collections.abc import Iterator

from django.core.files.storage import FileSystemStorage, Storage
from django.db import connection

PHASES = (
    "ready",
    "write",
    "autocommit",
    "commit",
    "committed",
    "file-partial",
    "file-stored",
    "file-delete",
    "end",
)
STOP_MARKER = "CRASH-POINT"
WRITES = ("INSERT", "UPDATE", "DELETE", "REPLACE")


class Tracer:
    def __init__(self, phase_file: str, stop_at: tuple[str, int] | None) -> None:
        self.phase_file = phase_file
        self.stop_at = tuple(stop_at) if stop_at else None
        self.counts: Counter[str] = Counter()
        self.current_step = "start"

    def step(self, name: str) -> None:
        """Name the part of the operation that runs from now on (not a crash point)."""
        self.current_step = name

    def point(self, phase: str) -> None:
        assert phase in PHASES, phase
        self.counts[phase] += 1
        n = self.counts[phase]
        with open(self.phase_file, "a", encoding="utf-8") as handle:
            handle.write(f"{phase} {n} {self.current_step} {time.time():.6f}\n")
        if self.stop_at == (phase, n):
            sys.stdout.write(f"\n{STOP_MARKER} {phase} {n}\n")
            sys.stdout.flush()
            sys.stdin.buffer.read(1)  # blocks until the parent kills this process
            os._exit(3)  # the parent went away: never run past the point


def _sql_point(tracer: Tracer, connection):
    def wrapper(execute, sql, params, many, context):
        result = execute(sql, params, many, context)
        if sql.lstrip().upper().startswith(WRITES):
            tracer.point("write" if connection.in_atomic_block else "autocommit")
        return result

    return wrapper


class _HalfThenRest:
    """The content of a file being stored, given to the storage in two chunks with the
    ``file-partial`` point between them."""

    def __init__(self, tracer: Tracer, data: bytes, name: str | None) -> None:
        self.tracer, self.data, self.name = tracer, data, name
        self.size = len(data)

    def chunks(self, chunk_size=None) -> Iterator[bytes]:
        half = len(self.data) // 2
        yield self.data[:half]
        self.tracer.point("file-partial")
        yield self.data[half:]


@contextlib.contextmanager
def traced(phase_file: str, stop_at=None) -> Iterator[Tracer]:
    """Announce (and, with ``stop_at``, stop at) every crash point of the code run inside.

    The hooks are the database connection's execute wrapper and its commit, and the file
    storage's save and delete: the operation itself is not changed."""
    tracer = Tracer(phase_file, stop_at)
    save, delete, commit = Storage.save, FileSystemStorage.delete, connection.commit

    def traced_save(storage, name, content, max_length=None):
        if hasattr(content, "seek"):
            content.seek(0)
        data = content.read()
        name = save(
            storage,
            name,
            _HalfThenRest(tracer, data, name or getattr(content, "name", None)),
            max_length=max_length,
        )
        tracer.point("file-stored")
        return name

    def traced_delete(storage, name):
        tracer.point("file-delete")
        return delete(storage, name)

    def traced_commit():
        tracer.point("commit")
        commit()
        tracer.point("committed")

    Storage.save, FileSystemStorage.delete = traced_save, traced_delete
    connection.commit = traced_commit
    try:
        with connection.execute_wrapper(_sql_point(tracer, connection)):
            tracer.point("ready")
            yield tracer
            tracer.step("done")
            tracer.point("end")
    finally:
        Storage.save, FileSystemStorage.delete = save, delete
        del connection.commit
