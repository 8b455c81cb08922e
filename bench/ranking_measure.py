"""The measuring half of ``bench/ranking.py`` (runs in its own process, Django set up).

Four operations, each inside ``transaction.atomic()`` as the services run them (the commit
is part of the time):

``close``
    What ``round_close`` does: combine every score of the round (``combined_rebuild``), rank,
    write every ``Result``, move every dossier to passed/failed. Measured from the state just
    before closing (no combined scores, no results, dossiers eligible).
``recompute``
    ``compute_results`` with the combined scores and results in place: what a tie vote or
    a re-ranking costs, and the figure held against the 1 s target.
``correction``
    What an approved correction costs: one score changes, its (dossier, criterion) is
    recombined, the campaign re-ranked and the changed results rewritten.
``raw``
    ``compute_results(raw=True)``: the ranking from every raw score, the path a council that
    asks for normalisation takes (and the design before combined scores).

Each run is split into phases by wrapping, for its duration only, the functions the
operation calls: ``combined_rebuild`` (combine), ``ranking_input`` (read), ``aggregation.rank``
(engine), the row writers of ``core.bulk`` (write), ``dossiers_record_results`` (status).
No application file is changed.
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
from decimal import Decimal

from django.db import connection, transaction
from ranking_data import COUNCIL_NAME

from chuluc.campaigns.enums import DossierStatus
from chuluc.campaigns.models import Dossier, DossierEvent
from chuluc.council import combined, ranking
from chuluc.council.enums import RoundStatus
from chuluc.council.models import CombinedScore, Council, Result, Round, Score

PHASES = ("combine", "read", "engine", "write", "status", "other", "commit")
MIB = 1024 * 1024


def _maxrss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def _closed_round(council: Council) -> Round:
    return council.rounds.filter(status=RoundStatus.CLOSED).order_by("-number").first()


def _reset(council: Council) -> None:
    """Back to the moment before the round closed: no combined scores, no results, no
    events, every dossier eligible."""
    with transaction.atomic():
        round_ = _closed_round(council)
        CombinedScore.objects.filter(round=round_).delete()
        Round.objects.filter(pk=round_.pk).update(combined_at=None)
        Result.objects.filter(council=council).delete()
        DossierEvent.objects.filter(dossier__campaign_id=council.campaign_id).delete()
        Dossier.objects.filter(campaign_id=council.campaign_id).update(
            status=DossierStatus.ELIGIBLE
        )


def _timed(name: str, fn: Callable, phases: dict[str, float]) -> Callable:
    def wrapper(*args, **kwargs):
        started = time.perf_counter()
        try:
            return fn(*args, **kwargs)
        finally:
            phases[name] += time.perf_counter() - started

    return wrapper


@contextmanager
def _instrumented(phases: dict[str, float]) -> Iterator[None]:
    targets = [
        (ranking, "ranking_input", "read"),
        (ranking, "rank", "engine"),
        (ranking, "bulk_insert", "write"),
        (ranking, "bulk_update_by_pk", "write"),
        (ranking, "dossiers_record_results", "status"),
        (combined, "combined_rebuild", "combine"),
        (ranking, "combined_rebuild", "combine"),
    ]
    saved = [(module, attr, getattr(module, attr)) for module, attr, _ in targets]
    for module, attr, phase in targets:
        setattr(module, attr, _timed(phase, getattr(module, attr), phases))
    try:
        yield
    finally:
        for module, attr, original in saved:
            setattr(module, attr, original)


def _run(pk: int, operation: Callable[[Council], int]) -> dict:
    """One operation in a transaction: seconds per phase and the number of queries."""
    phases = dict.fromkeys(PHASES, 0.0)
    queries = 0

    def count(execute, sql, params, many, context):
        nonlocal queries
        queries += 1
        return execute(sql, params, many, context)

    gc.collect()
    with _instrumented(phases), connection.execute_wrapper(count):
        started = time.perf_counter()
        with transaction.atomic():
            council = Council.objects.select_related("campaign").get(pk=pk)
            operation(council)
            committing = time.perf_counter()
        finished = time.perf_counter()
    total = finished - started
    phases["commit"] = finished - committing
    phases["other"] = total - sum(phases[p] for p in PHASES if p != "other")
    return {"total": total, "queries": queries, **phases}


def _close(council: Council) -> int:
    combined.combined_rebuild(_closed_round(council))
    return ranking.compute_results(council=council)


def _recompute(council: Council) -> int:
    return ranking.compute_results(council=council)


def _raw(council: Council) -> int:
    return ranking.compute_results(council=council, raw=True)


class _Correction:
    """Alternately raise to the maximum and lower to 0 one member's score on one criterion of
    a dossier ranked mid-table, as an approved correction does."""

    def __init__(self, council: Council) -> None:
        results = Result.objects.filter(council=council).order_by("rank", "dossier_id")
        dossier = results[results.count() // 2].dossier_id
        self.score = (
            Score.objects.filter(round=_closed_round(council), dossier_id=dossier)
            .select_related("criterion", "round")
            .order_by("criterion_id", "member_id")
            .first()
        )
        self.original = self.score.value
        self.high = False

    def _apply(self, council: Council, value: Decimal) -> int:
        Score.objects.filter(pk=self.score.pk).update(value=value)
        combined.combined_rebuild(
            self.score.round, dossiers=[self.score.dossier_id], criteria=[self.score.criterion_id]
        )
        return ranking.compute_results(council=council)

    def __call__(self, council: Council) -> int:
        self.high = not self.high
        return self._apply(council, self.score.criterion.max_points if self.high else Decimal(0))

    def restore(self, council: Council) -> None:
        with transaction.atomic():
            self._apply(council, self.original)


def _fingerprint(pk: int) -> list[tuple]:
    return list(
        Result.objects.filter(council_id=pk)
        .order_by("dossier_id")
        .values_list("dossier_id", "rank", "total", "components", "passed", "top", "disagreements")
    )


def _traced(pk: int, operation: Callable[[Council], int]) -> float:
    """Peak of Python allocations (MiB) during one run under ``tracemalloc``."""
    gc.collect()
    tracemalloc.start()
    try:
        _run(pk, operation)
        return tracemalloc.get_traced_memory()[1] / MIB
    finally:
        tracemalloc.stop()


def _summary(runs: list[dict]) -> dict:
    totals = [r["total"] for r in runs]
    return {
        "total": totals,
        "median": statistics.median(totals),
        "min": min(totals),
        "max": max(totals),
        "queries": runs[-1]["queries"],
        "phases_median": {p: statistics.median(r[p] for r in runs) for p in PHASES},
    }


def _calibration() -> float:
    """Seconds of a fixed pure-Python loop: how busy the CPU was (about 0.15 s when idle)."""
    started = time.perf_counter()
    sum(range(10**7))
    return time.perf_counter() - started


def measure(*, runs: int, warmup: int) -> dict:
    load_before = os.getloadavg()[0]
    calibration = _calibration()
    pk = Council.objects.get(name=COUNCIL_NAME).pk
    council = Council.objects.select_related("campaign").get(pk=pk)
    setup_rss = _maxrss_mib()
    closes = []
    for _ in range(max(1, min(runs, 2))):
        _reset(council)
        closes.append(_run(pk, _close))
    close_rss = _maxrss_mib()
    baseline = _fingerprint(pk)
    for _ in range(warmup):
        _run(pk, _recompute)
    recomputes = [_run(pk, _recompute) for _ in range(runs)]
    if _fingerprint(pk) != baseline:
        raise AssertionError("recomputing without a change changed the results")
    correction = _Correction(council)
    corrections = [_run(pk, correction) for _ in range(runs)]
    correction.restore(council)
    if _fingerprint(pk) != baseline:
        raise AssertionError("a correction and its reversal did not restore the results")
    raws = [_run(pk, _raw) for _ in range(2)]
    if _fingerprint(pk) != baseline:
        raise AssertionError("the ranking from the raw scores differs from the combined one")
    raw_rss = _maxrss_mib()
    memory = {
        "maxrss_setup_mib": setup_rss,
        "maxrss_after_close_mib": close_rss,
        "maxrss_after_raw_mib": raw_rss,
        "tracemalloc_recompute_mib": _traced(pk, _recompute),
        "tracemalloc_correction_mib": _traced(pk, correction),
        "tracemalloc_raw_mib": _traced(pk, _raw),
    }
    correction.restore(council)
    _reset(council)
    memory["tracemalloc_close_mib"] = _traced(pk, _close)
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
        "combined": CombinedScore.objects.filter(round__council_id=pk).count(),
        "operations": {
            "recompute": _summary(recomputes),
            "correction": _summary(corrections),
            "close": _summary(closes),
            "raw": _summary(raws),
        },
        "memory": memory,
    }
