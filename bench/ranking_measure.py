"""The measuring half of ``bench/ranking.py`` (runs in its own process, Django set up).

``compute_results`` is timed whole, inside ``transaction.atomic()`` as the services call it
(the commit is part of the time), and split by wrapping, for the duration of a run only, the
functions it calls: ``ranking_input`` (read), ``aggregation.rank`` (engine),
``Result.objects.bulk_create`` (insert) and ``dossiers_record_results`` (dossier status). The
rest of the write (deleting the previous results, building the ``Result`` objects, reading
the tie votes) is the remainder. No application file is changed.
"""

from __future__ import annotations

import gc
import os
import resource
import statistics
import time
import tracemalloc
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from django.db import connection, transaction
from ranking_data import COUNCIL_NAME
from ranking_readers import (
    fast_ranking_input,
    grouped_ranking_input,
    grouped_rows,
    orm_fast_ranking_input,
    orm_score_rows,
    orm_sql_ranking_input,
    raw_score_rows,
)

from chuluc.campaigns.enums import DossierStatus
from chuluc.campaigns.models import Dossier, DossierEvent
from chuluc.council import ranking
from chuluc.council.aggregation import rank
from chuluc.council.models import Council, Result, Score

PHASES = ("read", "engine", "write", "insert", "status", "commit")
MIB = 1024 * 1024
ALTERNATIVE_RUNS = 3


def _maxrss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def _reset(council: Council) -> None:
    """Back to the moment the round was closed: eligible dossiers, no results, no events."""
    with transaction.atomic():
        Result.objects.filter(council=council).delete()
        DossierEvent.objects.filter(dossier__campaign_id=council.campaign_id).delete()
        Dossier.objects.filter(campaign_id=council.campaign_id).update(
            status=DossierStatus.ELIGIBLE
        )


def _timed_call(name: str, fn: Callable, phases: dict[str, float]) -> Callable:
    def wrapper(*args, **kwargs):
        started = time.perf_counter()
        try:
            return fn(*args, **kwargs)
        finally:
            phases[name] += time.perf_counter() - started

    return wrapper


@contextmanager
def _instrumented(phases: dict[str, float], reader: Callable | None) -> Iterator[None]:
    saved = (ranking.ranking_input, ranking.rank, ranking.dossiers_record_results)
    manager = Result.objects
    ranking.ranking_input = _timed_call("read", reader or saved[0], phases)
    ranking.rank = _timed_call("engine", saved[1], phases)
    ranking.dossiers_record_results = _timed_call("status", saved[2], phases)
    manager.bulk_create = _timed_call("insert", manager.bulk_create, phases)
    try:
        yield
    finally:
        ranking.ranking_input, ranking.rank, ranking.dossiers_record_results = saved
        del manager.bulk_create


def _run(pk: int, reader: Callable | None = None) -> tuple[dict, list[Result]]:
    """One ``compute_results`` in a transaction; seconds per phase and the rows written."""
    phases = dict.fromkeys(("read", "engine", "insert", "status"), 0.0)
    queries = 0

    def count(execute, sql, params, many, context):
        nonlocal queries
        queries += 1
        return execute(sql, params, many, context)

    with _instrumented(phases, reader), connection.execute_wrapper(count):
        started = time.perf_counter()
        with transaction.atomic():
            council = Council.objects.select_related("campaign").get(pk=pk)
            rows = ranking.compute_results(council=council)
            committing = time.perf_counter()
        finished = time.perf_counter()
    total = finished - started
    phases["commit"] = finished - committing
    phases["write"] = total - phases["read"] - phases["engine"] - phases["commit"]
    return {"total": total, "queries": queries, **phases}, rows


def _fingerprint(rows: list[Result], *, disagreements: bool = True) -> list[tuple]:
    return [
        (
            r.dossier_id,
            r.rank,
            r.total,
            tuple(sorted(r.components.items())),
            r.passed,
            r.top,
            r.tie_group,
            tuple(r.disagreements) if disagreements else (),
        )
        for r in rows
    ]


def _median_phases(runs: list[dict]) -> dict[str, float]:
    return {name: statistics.median(run[name] for run in runs) for name in PHASES}


def _seconds(fn: Callable, *args) -> tuple[float, object]:
    gc.collect()
    started = time.perf_counter()
    value = fn(*args)
    return time.perf_counter() - started, value


def _alternatives(pk: int, baseline: list[tuple], baseline_light: list[tuple]) -> dict:
    """The reads alone, then ``compute_results`` with each bench-only reader."""
    council = Council.objects.select_related("campaign").get(pk=pk)
    out: dict[str, dict] = {}
    for name, fn in (
        ("read only: ORM score query (app, Decimal rows)", orm_score_rows),
        ("read only: same query, raw cursor", raw_score_rows),
        ("read only: app ranking_input (query + float/code rebuild)", ranking.ranking_input),
        ("read only: orm_fast_ranking_input (float + code in SQL, ORM)", orm_fast_ranking_input),
        ("read only: orm_sql_ranking_input (same ORM query, cursor fetch)", orm_sql_ranking_input),
        ("read only: fast_ranking_input (hand-written SQL)", fast_ranking_input),
        ("read only: GROUP BY dossier, criterion in SQL", grouped_rows),
    ):
        times = [_seconds(fn, council)[0] for _ in range(ALTERNATIVE_RUNS)]
        out[name] = {"median": statistics.median(times), "min": min(times), "max": max(times)}
    for name, fn in (
        ("engine only: rank() on app input", ranking.ranking_input),
        ("engine only: rank() on GROUP BY input", grouped_ranking_input),
    ):
        inp = fn(council)
        times = [_seconds(rank, inp)[0] for _ in range(ALTERNATIVE_RUNS)]
        out[name] = {"median": statistics.median(times), "min": min(times), "max": max(times)}
        del inp
    for name, reader, light in (
        ("compute_results with orm_fast_ranking_input", orm_fast_ranking_input, False),
        ("compute_results with orm_sql_ranking_input", orm_sql_ranking_input, False),
        ("compute_results with fast_ranking_input (hand-written SQL)", fast_ranking_input, False),
        ("compute_results with GROUP BY input (no disagreements)", grouped_ranking_input, True),
    ):
        runs = []
        same = True
        for _ in range(ALTERNATIVE_RUNS):
            gc.collect()
            timing, rows = _run(pk, reader)
            runs.append(timing)
            expected = baseline_light if light else baseline
            same = same and _fingerprint(rows, disagreements=not light) == expected
        totals = [r["total"] for r in runs]
        out[name] = {
            "median": statistics.median(totals),
            "min": min(totals),
            "max": max(totals),
            "phases_median": _median_phases(runs),
            "same": same,
        }
    return out


def _traced(pk: int, reader: Callable | None = None) -> tuple[dict, int]:
    """One run under ``tracemalloc``: its timing (slowed down) and the peak of Python memory."""
    gc.collect()
    tracemalloc.start()
    try:
        timing, rows = _run(pk, reader)
        del rows
        return timing, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def _calibration() -> float:
    """Seconds of a fixed pure-Python loop: how busy the CPU was (about 0.15 s when idle)."""
    started = time.perf_counter()
    sum(range(10**7))
    return time.perf_counter() - started


def measure(*, runs: int, warmup: int) -> dict:
    load_before = os.getloadavg()[0]
    calibration = _calibration()
    council = Council.objects.select_related("campaign").get(name=COUNCIL_NAME)
    pk = council.pk
    _reset(council)
    gc.collect()
    setup_rss = _maxrss_mib()
    first, rows = _run(pk)  # the round-close computation: every dossier changes status
    baseline = _fingerprint(rows)
    baseline_light = _fingerprint(rows, disagreements=False)
    del rows
    for _ in range(warmup - 1):
        _run(pk)
    repeat: list[dict] = []
    for _ in range(runs):
        gc.collect()
        timing, rows = _run(pk)
        if _fingerprint(rows) != baseline:
            raise AssertionError("compute_results is not deterministic")
        repeat.append(timing)
        del rows
    peak_rss = _maxrss_mib()  # before tracemalloc, whose own bookkeeping takes memory
    traced, peak = _traced(pk)
    _fast_traced, fast_peak = _traced(pk, orm_sql_ranking_input)
    alternatives = _alternatives(pk, baseline, baseline_light)
    totals = [r["total"] for r in repeat]
    return {
        "load": {
            "before": load_before,
            "after": os.getloadavg()[0],
            "calibration_seconds": min(calibration, _calibration()),
        },
        "runs": runs,
        "warmup": warmup,
        "results": len(baseline),
        "scores": Score.objects.filter(round__council_id=pk).count(),
        "first": first,
        "repeat": {
            "total": totals,
            "median": statistics.median(totals),
            "min": min(totals),
            "max": max(totals),
            "queries": repeat[0]["queries"],
            "phases_median": _median_phases(repeat),
            "runs": repeat,
        },
        "memory": {
            "tracemalloc_peak_mib": peak / MIB,
            "tracemalloc_peak_orm_sql_reader_mib": fast_peak / MIB,
            "tracemalloc_run_seconds": traced["total"],
            "maxrss_setup_mib": setup_rss,
            "maxrss_mib": peak_rss,
        },
        "alternatives": alternatives,
    }
