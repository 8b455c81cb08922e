"""Crash safety (issue 8): an import, a decision and a bulk certificate run are killed with
SIGKILL at seeded random moments spread over the operation's measured duration; afterwards
the database passes its integrity check, holds either all or none of each step, references
no broken file, and running the operation again finishes it.

``CHULUC_CRASH_RUNS`` kills per operation and backend (3 in the ordinary suite, 20 under
``make soak``); ``CHULUC_CRASH_SEED`` changes the moments; ``CHULUC_RELIABILITY_LOG`` names
a file that receives one JSON line per kill (delay, phase reached, state found)."""

from __future__ import annotations

import json
import os
import random
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.reliability.conftest import CRASH_BACKENDS, crash_runs
from tests.reliability.harness import (
    integrity_problems,
    kill_hard,
    last_phase,
    phase_span,
    wait_for_phase,
)

IMPORT_ROWS = 1000
PRODUCTS, TOP_N = 8, 3
LOCK_ERRORS = ("database is locked", "OperationalError")


@dataclass(frozen=True)
class Operation:
    name: str
    run: str
    check: str
    recover: str
    tasks: str = "immediate"
    mode: str = ""

    def args(self) -> dict:
        return {"mode": self.mode} if self.mode else {}


IMPORT = Operation("import", "import_run", "import_check", "import_recover")
DECISION = Operation(
    "decision", "decision_run", "decision_check", "decision_recover", tasks="database"
)
CERTIFICATES = Operation(
    "certificates", "certificates_run", "certificates_check", "certificates_recover", mode="first"
)
REGENERATION = Operation(
    "regeneration", "certificates_run", "certificates_check", "certificates_recover", mode="force"
)


# the states -----------------------------------------------------------------------------


def assert_import_all_or_none(state: dict) -> str:
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
    assert_import_all_or_none(state)
    assert state["jobs"][-1]["status"] == "done"
    assert state["present"] == state["expected"] == IMPORT_ROWS


def _numbers(entries: int, top: int) -> list[str]:
    return sorted(
        [f"SPCNCL-2026-{i:03d}" for i in range(1, entries + 1)]
        + [f"TOP-2026-{i:02d}" for i in range(1, top + 1)]
    )


def assert_decision_all_or_none(state: dict) -> str:
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
    # the certificates' background run is queued on commit: a kill between the commit and
    # the enqueue would leave a decision whose PDFs and open data are never built
    assert state["tasks"] == 1, "decision committed but its background task was never queued"
    return "committed"


def assert_decision_complete(state: dict) -> None:
    assert assert_decision_all_or_none(state) == "committed"


def assert_certificates_consistent(state: dict) -> str:
    assert [c for c in state["certificates"] if c["problem"]] == []
    assert [s for s in state["snapshots"] if s["problem"]] == []
    assert len(state["certificates"]) == PRODUCTS + TOP_N
    return (
        f"{state['generated']} PDFs ({state['regenerated']} regenerated), "
        f"{len(state['snapshots'])} snapshots"
    )


def assert_certificates_complete(state: dict) -> None:
    assert_certificates_consistent(state)
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
        assert last_phase(phase) == "end"
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


def _start(world, op: Operation):
    phase_file = world.data_dir / "phase.log"
    process = world.start(op.run, tasks=op.tasks, phase_file=str(phase_file), **op.args())
    return process, phase_file


def _measure(worlds, base, backend: str, op: Operation) -> float:
    """One run to its end: how long the operation takes once the child is ready (from its
    phase lines: the kills are spread over the operation, not the interpreter's exit)."""
    world = worlds.clone(base, f"{backend}-{op.name}-measure")
    process, phase_file = _start(world, op)
    wait_for_phase(phase_file, "ready", process)
    output, _ = process.communicate(timeout=300)
    assert process.returncode == 0, output
    duration = phase_span(phase_file)
    state, _output = world.run(op.check, tasks=op.tasks)
    CHECKS[op.name][1](state)
    worlds.drop(world)
    return duration


def _log(record: dict) -> None:
    path = os.environ.get("CHULUC_RELIABILITY_LOG", "")
    if path:
        with Path(path).open("a", encoding="utf-8") as handle:
            handle.write(json.dumps(record, default=str) + "\n")


def _kill_runs(worlds, backend: str, op: Operation) -> list[dict]:
    base = _base(worlds, backend, op.name)
    duration = _measure(worlds, base, backend, op)
    runs = crash_runs()
    seed = int(os.environ.get("CHULUC_CRASH_SEED", "8"))
    rng = random.Random(f"{seed}:{backend}:{op.name}")  # noqa: S311 - test timing
    all_or_none, complete = CHECKS[op.name]
    records = []
    for i in range(runs):
        world = worlds.clone(base, f"{backend}-{op.name}-{i}")
        process, phase_file = _start(world, op)
        ready = wait_for_phase(phase_file, "ready", process)
        delay = duration * (i + rng.random()) / runs  # one moment in each slice of the run
        time.sleep(max(0.0, ready + delay - time.monotonic()))
        ended_first = process.poll() is not None
        output = kill_hard(process)
        assert [m for m in LOCK_ERRORS if m in output] == [], output
        problems, checks = integrity_problems(world)
        assert problems == [], f"kill {i} at {delay:.2f} s: {problems}"
        # what the kill left, then the operation run again to its end (one child)
        recovered, _output = world.run(op.recover, tasks=op.tasks, **op.args())
        found = all_or_none(recovered["before"])
        complete(recovered)
        after, checks_after = integrity_problems(world)
        assert after == []
        record = {
            "backend": backend,
            "operation": op.name,
            "run": i,
            "duration": round(duration, 3),
            "delay": round(delay, 3),
            "ended_before_kill": ended_first,
            "phase": last_phase(phase_file),
            "state": found,
            "integrity_checks": checks + checks_after,
            "recovery": recovered.get("steps", []),
            "orphan_files": recovered.get("orphan_files", 0),
            "truncated_orphans": len(recovered.get("truncated_orphans", [])),
        }
        _log(record)
        records.append(record)
        worlds.drop(world)
    return records


@pytest.mark.parametrize("backend", CRASH_BACKENDS)
@pytest.mark.parametrize("op", [IMPORT, DECISION, CERTIFICATES, REGENERATION], ids=lambda o: o.name)
def test_killed_operation_leaves_all_or_none_and_recovers(backend, op, worlds):
    records = _kill_runs(worlds, backend, op)
    assert len(records) == crash_runs()
    # the kills landed inside the operation, not only before or after it
    assert any(not r["ended_before_kill"] for r in records)
