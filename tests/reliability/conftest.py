"""Worlds shared by the reliability tests: one migrated database per backend per session,
cloned for each scenario (see ``harness``). PostgreSQL worlds are skipped, with the reason,
only when the server does not answer."""

from __future__ import annotations

import os
import shutil
import time

import pytest

from tests.reliability.harness import World, pg_unreachable_reason


def _backends() -> list[str]:
    """The backend the suite runs on (CI runs the suite once per backend: ``DATABASE_URL``
    names PostgreSQL or not); both with ``CHULUC_RELIABILITY_BACKENDS=sqlite,postgres``
    (``make soak``)."""
    chosen = os.environ.get("CHULUC_RELIABILITY_BACKENDS", "")
    if chosen:
        return [b.strip() for b in chosen.split(",") if b.strip()]
    url = os.environ.get("DATABASE_URL", "")
    return ["postgres"] if url.startswith(("postgres", "pgsql")) else ["sqlite"]


BACKENDS = _backends()
# Kills cost a migrated database per backend: the suite kills on SQLite only (the
# transactions under test are Django's, on either backend); `make soak` kills on both.
CRASH_BACKENDS = (
    BACKENDS
    if os.environ.get("CHULUC_RELIABILITY_BACKENDS")
    else [b for b in BACKENDS if b == "sqlite"]
)


def crash_runs() -> int:
    """Kills per operation and phase of crash point (test_crash_safety): one in the
    ordinary suite, otherwise ``CHULUC_CRASH_RUNS`` (20 under ``make soak``)."""
    return int(os.environ.get("CHULUC_CRASH_RUNS", "1"))


class Worlds:
    """Builds each (backend, scenario) once per session and hands out clones."""

    def __init__(self, root):
        self.root = root
        self.built: dict[tuple[str, str], World] = {}
        self.clones: list[World] = []
        self.recordings: dict[tuple[str, str], list] = {}  # crash points of a whole run
        self.timings: dict[str, float] = {}

    def base(self, backend: str, scenario: str, build) -> World:
        key = (backend, scenario)
        if key not in self.built:
            if backend == "postgres" and (reason := pg_unreachable_reason()):
                pytest.skip(reason)
            migrated = self._migrated(backend)
            started = time.monotonic()
            world = migrated.clone(self.root / f"{backend}-{scenario}")
            build(world)
            self.timings[f"{backend}:{scenario}"] = time.monotonic() - started
            self.built[key] = world
        return self.built[key]

    def _migrated(self, backend: str) -> World:
        key = (backend, "migrated")
        if key not in self.built:
            started = time.monotonic()
            world = World.empty(backend, self.root / f"{backend}-migrated")
            world.run("migrate")
            self.timings[f"{backend}:migrate"] = time.monotonic() - started
            self.built[key] = world
        return self.built[key]

    def clone(self, base: World, name: str) -> World:
        world = base.clone(self.root / name)
        self.clones.append(world)
        return world

    def drop(self, world: World) -> None:
        """Remove a run's world; PostgreSQL databases wait for the end of the session (a
        DROP DATABASE costs a checkpoint, seconds on a busy machine)."""
        if world.backend == "postgres":
            shutil.rmtree(world.data_dir, ignore_errors=True)
            return
        world.drop()
        if world in self.clones:
            self.clones.remove(world)

    def close(self) -> None:
        for world in [*self.clones, *self.built.values()]:
            world.drop()


@pytest.fixture(scope="session")
def worlds(tmp_path_factory):
    registry = Worlds(tmp_path_factory.mktemp("reliability"))
    yield registry
    registry.close()
