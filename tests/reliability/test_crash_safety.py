"""Crash safety (issue 8): an import, a decision and a bulk certificate run are killed with
SIGKILL at each crash point they pass (``crash_points``: a write inside a transaction, just
before and just after a commit, a write outside a transaction, a file half written, stored
or about to be deleted, and before and after the whole); afterwards the database passes its
integrity check, holds either all or none of each step, references no broken file, and
running the operation again finishes it.

Where a kill lands never depends on timing: the child stops at the point it was given and
blocks there until the parent kills it (``harness.kill_at_point``). One run of each
operation to its end first records the points it passes; a test per operation and phase
then kills it at ``CHULUC_CRASH_RUNS`` of that phase's points, spread evenly over them
(1 in the ordinary suite, the middle one; 20 under ``make soak``, which is every point of
most phases). ``CHULUC_RELIABILITY_LOG`` names a file that receives one JSON line per kill
(point, step of the operation, state found, recovery)."""

from __future__ import annotations

import json
import os
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.reliability.conftest import CRASH_BACKENDS, crash_runs
from tests.reliability.crash_points import PHASES
from tests.reliability.harness import integrity_problems, kill_at_point, read_points

IMPORT_ROWS = 1000
PRODUCTS, TOP_N = 8, 3
LOCK_ERRORS = ("database is locked", "OperationalError")


@dataclass(frozen=True)
class Operation:
    name: str
    run: str
    check: str
    recover: str
    phases: tuple[str, ...]  # the crash points it passes (recorded: see test below)
    tasks: str = "immediate"
    mode: str = ""

    def args(self) -> dict:
        return {"mode": self.mode} if self.mode else {}


# The upload is stored and validated (on the upload's commit), then committed and written
# (on the commit's commit): every kind of point but a file deletion.
IMPORT = Operation(
    "import",
    "import_run",
    "import_check",
    "import_recover",
    phases=(
        "ready",
        "write",
        "autocommit",
        "commit",
        "committed",
        "file-partial",
        "file-stored",
        "end",
    ),
)
# One transaction, its background run queued on commit (database task backend).
DECISION = Operation(
    "decision",
    "decision_run",
    "decision_check",
    "decision_recover",
    phases=("ready", "write", "autocommit", "commit", "committed", "end"),
    tasks="database",
)
# Every PDF rendered and stored first (referenced by nothing yet), then in one transaction
# the rows pointed at them, the audit row and the firms' notifications; then the open-data
# files and, in one transaction, the snapshot's row and audit row. After the commit the
# notifications' mail is claimed (one UPDATE outside a transaction) and sent.
CERTIFICATES = Operation(
    "certificates",
    "certificates_run",
    "certificates_check",
    "certificates_recover",
    phases=(
        "ready",
        "write",
        "autocommit",
        "commit",
        "committed",
        "file-partial",
        "file-stored",
        "end",
    ),
    mode="first",
)
# Every PDF written again under a new name, then in one transaction the rows pointed at the
# new files and the audit row; the old files deleted once that has committed.
REGENERATION = Operation(
    "regeneration",
    "certificates_run",
    "certificates_check",
    "certificates_recover",
    phases=(
        "ready",
        "write",
        "commit",
        "committed",
        "file-partial",
        "file-stored",
        "file-delete",
        "end",
    ),
    mode="force",
)
OPERATIONS = (IMPORT, DECISION, CERTIFICATES, REGENERATION)


def kill_points(count: int, runs: int) -> list[int]:
    """Which of a phase's ``count`` points to kill at: ``runs`` of them spread evenly (the
    middle one for a single run; every one when ``runs >= count``)."""
    return sorted({1 + (2 * i + 1) * count // (2 * runs) for i in range(runs)})


# the states -----------------------------------------------------------------------------


def assert_import_all_or_none(state: dict, point) -> str:
    jobs = state["jobs"]
    assert len(jobs) <= 1
    job = jobs[0] if jobs else None
    if job is not None:
        assert job["file_size"] == state["file_size"]  # the stored upload is whole
        assert state["audit_upload"] == 1
        assert state["audit_commit"] == int(job["status"] in {"committing", "done"})
        assert job["status"] in {"validating", "validated", "committing", "done"}
    else:
        assert (state["audit_upload"], state["audit_commit"]) == (0, 0)
    if job is not None and job["status"] == "done":
        assert state["present"] == state["expected"] == state["audit_created"]
        assert job["result"]["created"] == state["expected"]
    else:
        assert (state["present"], state["enterprises"], state["audit_created"]) == (0, 0, 0)
    return job["status"] if job else "no job"


def assert_import_complete(state: dict) -> None:
    assert_import_all_or_none(state, None)
    assert state["jobs"][-1]["status"] == "done"
    assert state["present"] == state["expected"] == IMPORT_ROWS


def _numbers(entries: int, top: int) -> list[str]:
    return sorted(
        [f"SPCNCL-2026-{i:03d}" for i in range(1, entries + 1)]
        + [f"TOP-2026-{i:02d}" for i in range(1, top + 1)]
    )


# A kill between the decision's commit and the queuing of its background run (queued on
# commit) leaves a decision whose PDFs and open data wait for an officer to regenerate them
# (docs/reliability.md, known limits). The point is tabled so that the state it leaves is
# checked exactly, and so that this test fails once the limit is lifted.
DECISION_COMMITTED_UNQUEUED = ("committed", 1)


def assert_decision_all_or_none(state: dict, point) -> str:
    entries, top = state["entries"], state["entries_top"]
    assert (entries, top) == (PRODUCTS, TOP_N)
    if state["decisions"] == 0:
        assert (state["recognitions"], state["certificates"], state["audit"]) == (0, 0, 0)
        assert state["dossiers"] == {"published": entries}
        assert state["tasks"] == 0
        return "before commit"
    assert state["decisions"] == 1
    assert (state["recognitions"], state["audit"]) == (entries, 1)
    assert state["numbers"] == _numbers(entries, top)
    assert state["dossiers"] == {"recognised": entries}
    if point == DECISION_COMMITTED_UNQUEUED:
        assert state["tasks"] == 0
        return "committed, background run not queued (known limit)"
    assert state["tasks"] == 1, "decision committed but its background task was never queued"
    return "committed"


def assert_decision_complete(state: dict) -> None:
    assert assert_decision_all_or_none(state, None) == "committed"


def assert_certificates_consistent(state: dict, point) -> str:
    assert [c for c in state["certificates"] if c["problem"]] == []
    assert [s for s in state["snapshots"] if s["problem"]] == []
    assert len(state["certificates"]) == PRODUCTS + TOP_N
    return (
        f"{state['generated']} PDFs ({state['regenerated']} regenerated), "
        f"{len(state['snapshots'])} snapshots"
    )


def assert_certificates_complete(state: dict) -> None:
    assert_certificates_consistent(state, None)
    assert state["generated"] == PRODUCTS + TOP_N
    assert len(state["snapshots"]) >= 1


CHECKS = {
    "import": (assert_import_all_or_none, assert_import_complete),
    "decision": (assert_decision_all_or_none, assert_decision_complete),
    "certificates": (assert_certificates_consistent, assert_certificates_complete),
    "regeneration": (assert_certificates_consistent, assert_certificates_complete),
}


# the worlds -----------------------------------------------------------------------------


def _base(worlds, backend: str, name: str):
    if name == "import":
        return worlds.base(backend, "import", lambda w: w.run("import_build", rows=IMPORT_ROWS))
    decision = worlds.base(
        backend, "decision", lambda w: w.run("decision_build", products=PRODUCTS, top_n=TOP_N)
    )
    if name == "decision":
        return decision

    def decided(world):  # the decision entered, its background run queued, not yet run
        phase = world.data_dir / "phase.log"
        world.run("decision_run", tasks="database", phase_file=str(phase))
        assert read_points(phase)[-1][0] == "end"
        phase.unlink()

    certificates = _clone_base(worlds, decision, backend, "certificates", decided)
    if name == "certificates":
        return certificates

    def generated(world):  # every PDF built once: the officer then regenerates them all
        phase = world.data_dir / "phase.log"
        world.run("certificates_run", phase_file=str(phase), mode="first")
        phase.unlink()

    return _clone_base(worlds, certificates, backend, "regeneration", generated)


def _clone_base(worlds, parent, backend: str, scenario: str, build):
    key = (backend, scenario)
    if key not in worlds.built:
        world = parent.clone(worlds.root / f"{backend}-{scenario}")
        build(world)
        worlds.built[key] = world
    return worlds.built[key]


# the kills ------------------------------------------------------------------------------


def _recorded_points(worlds, backend: str, op: Operation) -> list[tuple[str, int, str]]:
    """The crash points of one run of ``op`` to its end (once per session), which must
    leave the operation complete."""
    key = (backend, op.name)
    if key not in worlds.recordings:
        base = _base(worlds, backend, op.name)
        world = worlds.clone(base, f"{backend}-{op.name}-record")
        phase_file = world.data_dir / "phase.log"
        _result, output = world.run(op.run, tasks=op.tasks, phase_file=str(phase_file), **op.args())
        assert [m for m in LOCK_ERRORS if m in output] == [], output
        state, _output = world.run(op.check, tasks=op.tasks)
        CHECKS[op.name][1](state)
        worlds.recordings[key] = read_points(phase_file)
        worlds.drop(world)
    return worlds.recordings[key]


def _log(record: dict) -> None:
    path = os.environ.get("CHULUC_RELIABILITY_LOG", "")
    if path:
        with Path(path).open("a", encoding="utf-8") as handle:
            handle.write(json.dumps(record, default=str) + "\n")


def _kill_and_recover(worlds, backend: str, op: Operation, point: tuple[str, int], step: str):
    base = _base(worlds, backend, op.name)
    world = worlds.clone(base, f"{backend}-{op.name}-{point[0]}-{point[1]}")
    phase_file = world.data_dir / "phase.log"
    output = kill_at_point(
        world, op.run, point, tasks=op.tasks, phase_file=str(phase_file), **op.args()
    )
    assert [m for m in LOCK_ERRORS if m in output] == [], output
    assert read_points(phase_file)[-1][:2] == point  # it went no further
    problems, checks = integrity_problems(world)
    assert problems == [], f"killed at {point} ({step}): {problems}"
    # what the kill left, then the operation run again to its end (one child)
    all_or_none, complete = CHECKS[op.name]
    recovered, _output = world.run(op.recover, tasks=op.tasks, **op.args())
    found = all_or_none(recovered["before"], point)
    complete(recovered)
    after, checks_after = integrity_problems(world)
    assert after == []
    record = {
        "backend": backend,
        "operation": op.name,
        "phase": point[0],
        "point": point[1],
        "step": step,
        "state": found,
        "integrity_checks": checks + checks_after,
        "recovery": recovered.get("steps", []),
        "orphan_files": recovered.get("orphan_files", 0),
        "truncated_orphans": len(recovered.get("truncated_orphans", [])),
    }
    _log(record)
    worlds.drop(world)
    return record


@pytest.mark.parametrize("backend", CRASH_BACKENDS)
@pytest.mark.parametrize("op", OPERATIONS, ids=lambda o: o.name)
def test_operation_passes_the_tabled_crash_points(backend, op, worlds):
    points = _recorded_points(worlds, backend, op)
    passed = Counter(phase for phase, _n, _step in points)

    assert tuple(p for p in PHASES if p in passed) == op.phases
    assert (points[0][0], points[-1][0]) == ("ready", "end")


@pytest.mark.parametrize("backend", CRASH_BACKENDS)
@pytest.mark.parametrize(
    ("op", "phase"),
    [pytest.param(op, phase, id=f"{op.name}-{phase}") for op in OPERATIONS for phase in op.phases],
)
def test_killed_operation_leaves_all_or_none_and_recovers(backend, op, phase, worlds):
    points = [(p, n, step) for p, n, step in _recorded_points(worlds, backend, op) if p == phase]
    assert points, f"{op.name} no longer passes {phase}: update Operation.phases"
    chosen = kill_points(len(points), crash_runs())

    records = [_kill_and_recover(worlds, backend, op, (phase, n), points[n - 1][2]) for n in chosen]

    assert [(r["phase"], r["point"]) for r in records] == [(phase, n) for n in chosen]
