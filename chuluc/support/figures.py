"""Figures of the support part, computed from the records every time: never stored, never
typed in. Each function reads querysets (all rows by default; a test may pass its own).

**Support coverage of year Y** (the plans' "100% of SPCNCL firms benefit from support"):

- an enterprise *counts* in Y when it held a recognition valid on at least one day of Y:
  ``valid_from ≤ 31/12/Y`` and ``valid_until ≥ 1/1/Y``, and the recognition was not revoked
  before 1/1/Y (one revoked during Y still counts: it was valid part of the year). A
  recognition superseded by a renewal keeps its own dates; an enterprise counts once
  however many recognitions it holds;
- it is *reached* when the ledger holds at least one support given to it dated in Y
  (``given_on`` in Y); support in another year does not reach it for Y;
- coverage = reached / counted, in percent with one decimal (none when nobody counts),
  against the target: the ``support_coverage`` target of the campaign of year Y when one
  exists (its lower bound), else 100%; with the list of counted enterprises not reached.

**Difficulties of year Y** (received in Y): resolved on time (the enterprise confirmed it
resolved on or before the due date), resolved late, cannot be resolved, answered and
waiting for the enterprise's confirmation, open and not yet due, open and overdue (due date
passed, still with the agency: received, routed or in progress).

**Support amount by category**, **budget use** (ledger sum per policy-year against its
budget line) and **linkages made** (connections by kind, contract value) are sums of the
ledger and the connections dated in Y."""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from functools import cached_property

from django.db.models import Count, F, Q, QuerySet, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from chuluc.campaigns.models import Target
from chuluc.decisions.enums import RecognitionStatus
from chuluc.decisions.models import Recognition
from chuluc.registry.models import Enterprise
from chuluc.support.enums import (
    DIFFICULTY_OPEN,
    ConnectionKind,
    DifficultyStatus,
    PolicyCategory,
    RequestStatus,
)
from chuluc.support.models import Connection, Difficulty, SupportRecord, SupportRequest
from chuluc.support.selectors import ZERO, budget_lines

DEFAULT_COVERAGE_TARGET = Decimal(100)
FIRST = 10  # enterprises named in a summary line
#: Up to this many enterprises not reached, they are read by id; beyond, the register is
#: read in name order, chunk after chunk, until ten of them are found.
FEW_MISSING = 1_000
SCAN_CHUNK = 200
COVERAGE_INDICATOR = "support_coverage"


@dataclass
class Coverage:
    year: int
    counted: int
    reached: int
    share: Decimal | None
    target: Decimal
    target_from_campaign: bool
    missing_ids: set = field(default_factory=set)
    #: the same enterprises as a query (built by ``coverage``), to list them without
    #: passing thousands of ids to the database
    missing_query: QuerySet | None = None

    def _missing(self) -> QuerySet:
        which = self.missing_ids if self.missing_query is None else self.missing_query
        return Enterprise.objects.filter(pk__in=which).order_by("search_key", "id")

    @cached_property
    def not_reached(self) -> list:
        """The counted enterprises that received no support, by name (read when asked)."""
        return list(self._missing()) if self.missing_ids else []

    @cached_property
    def first_not_reached(self) -> list:
        """The first ten of them by name, for a summary line. Few of them: read by id. Many:
        the register is read in name order until ten are found (the ids are already known),
        instead of the database filtering and sorting all of them, which costs far more
        when thousands are missing (docs/performance.md)."""
        if len(self.missing_ids) <= FEW_MISSING:
            return list(self._missing()[:FIRST]) if self.missing_ids else []
        found: list = []
        by_name = Enterprise.objects.order_by("search_key", "id")
        for start in itertools.count(0, SCAN_CHUNK):
            chunk = list(by_name[start : start + SCAN_CHUNK])
            found += [e for e in chunk if e.pk in self.missing_ids]
            if len(found) >= FIRST or len(chunk) < SCAN_CHUNK:
                return found[:FIRST]
        return found  # pragma: no cover - the loop always returns

    @property
    def below_target(self) -> bool:
        return self.share is None or self.share < self.target


def _start_of(year: int) -> dt.datetime:
    return timezone.make_aware(dt.datetime(year, 1, 1))  # noqa: DTZ001 - made aware here


def counted_enterprises(year: int, recognitions: QuerySet | None = None) -> QuerySet:
    """The ids of the enterprises holding a recognition valid on at least one day of
    ``year``, as a query (to filter other queries inside the database)."""
    recognitions = Recognition.objects.all() if recognitions is None else recognitions
    return (
        recognitions.filter(
            valid_from__lte=dt.date(year, 12, 31), valid_until__gte=dt.date(year, 1, 1)
        )
        .filter(~Q(status=RecognitionStatus.REVOKED) | Q(revoked_at__gte=_start_of(year)))
        .order_by()
        .values_list("enterprise_id", flat=True)
        .distinct()
    )


def counted_enterprise_ids(year: int, recognitions: QuerySet | None = None) -> set[int]:
    """Enterprises holding a recognition valid on at least one day of ``year``."""
    return set(counted_enterprises(year, recognitions))


def coverage_target(year: int) -> tuple[Decimal, bool]:
    """The campaign's ``support_coverage`` target for the year (lower bound), else 100%."""
    target = (
        Target.objects.filter(indicator=COVERAGE_INDICATOR, campaign__year=year)
        .exclude(low__isnull=True, high__isnull=True)
        .order_by("campaign_id")
        .first()
    )
    if target is None:
        return DEFAULT_COVERAGE_TARGET, False
    return (target.low if target.low is not None else target.high), True


def coverage(
    year: int, *, recognitions: QuerySet | None = None, records: QuerySet | None = None
) -> Coverage:
    """Support coverage of ``year`` (see the module's docstring for the definition)."""

    records = SupportRecord.objects.all() if records is None else records
    counted = counted_enterprise_ids(year, recognitions)
    # Filters are subqueries: thousands of ids as query parameters cost more to build than
    # the database takes to answer (scale L, bench/pages.py).
    counted_query = counted_enterprises(year, recognitions)
    reached_query = (
        records.filter(given_on__year=year, enterprise_id__in=counted_query)
        .order_by()
        .values_list("enterprise_id", flat=True)
        .distinct()
    )
    # The year's supported enterprises, intersected here with the counted ones (already
    # read): cheaper than the database filtering by the counted subquery once more.
    reached = counted & set(
        records.filter(given_on__year=year)
        .order_by()
        .values_list("enterprise_id", flat=True)
        .distinct()
    )
    share = None
    if counted:
        share = (Decimal(100) * len(reached) / len(counted)).quantize(
            Decimal("0.1"), rounding=ROUND_HALF_UP
        )
    target, from_campaign = coverage_target(year)
    return Coverage(
        year=year,
        counted=len(counted),
        reached=len(reached),
        share=share,
        target=Decimal(target),
        target_from_campaign=from_campaign,
        missing_ids=counted - reached,
        missing_query=counted_query.exclude(enterprise_id__in=reached_query),
    )


def difficulty_outcomes(
    year: int, *, on: dt.date | None = None, difficulties: QuerySet | None = None
) -> dict[str, int]:
    """Difficulties received in ``year`` by outcome, on a day (overdue depends on it)."""
    on = on or timezone.localdate()
    difficulties = Difficulty.objects.all() if difficulties is None else difficulties
    resolved = Q(status=DifficultyStatus.RESOLVED)
    waiting = Q(status__in=DIFFICULTY_OPEN)
    return difficulties.filter(received_on__year=year).aggregate(
        total=Count("id"),
        resolved_on_time=Count("id", filter=resolved & Q(resolved_on__lte=F("due_on"))),
        resolved_late=Count("id", filter=resolved & Q(resolved_on__gt=F("due_on"))),
        cannot_resolve=Count("id", filter=Q(status=DifficultyStatus.CANNOT_RESOLVE)),
        answered=Count("id", filter=Q(status=DifficultyStatus.ANSWERED)),
        open=Count("id", filter=waiting & Q(due_on__gte=on)),
        overdue=Count("id", filter=waiting & Q(due_on__lt=on)),
    )


def request_outcomes(year: int, *, on: dt.date | None = None) -> dict[str, int]:
    """Requests sent in ``year``: approved, refused, waiting (on time / overdue)."""
    on = on or timezone.localdate()
    waiting = Q(status=RequestStatus.SUBMITTED)
    return (
        SupportRequest.objects.filter(submitted_at__gte=_start_of(year))
        .filter(submitted_at__lt=_start_of(year + 1))
        .aggregate(
            total=Count("id"),
            approved=Count("id", filter=Q(status=RequestStatus.APPROVED)),
            refused=Count("id", filter=Q(status=RequestStatus.REFUSED)),
            waiting=Count("id", filter=waiting & Q(due_on__gte=on)),
            overdue=Count("id", filter=waiting & Q(due_on__lt=on)),
        )
    )


def amount_by_category(year: int, *, records: QuerySet | None = None) -> list[dict]:
    """Every category of support (zero rows included): supports given, enterprises
    reached, amount in đồng, from the ledger rows dated in ``year``."""
    records = SupportRecord.objects.all() if records is None else records
    rows = {
        r["policy__category"]: r
        for r in records.filter(given_on__year=year)
        .values("policy__category")
        .annotate(
            supports=Count("id"),
            enterprises=Count("enterprise", distinct=True),
            amount=Coalesce(Sum("amount_vnd"), ZERO),
        )
        .order_by()
    }
    out = []
    for category in PolicyCategory:
        row = rows.get(category.value, {})
        out.append(
            {
                "category": category,
                "supports": row.get("supports", 0),
                "enterprises": row.get("enterprises", 0),
                "amount": row.get("amount", Decimal(0)),
            }
        )
    return out


def budget_use(year: int) -> list:
    """Budget lines of ``year`` with the amount used (ledger sum) and left."""
    return list(budget_lines(year=year))


def linkages(year: int, *, connections: QuerySet | None = None) -> dict:
    """Connections made in ``year`` by kind, and the value of the contracts signed."""
    connections = Connection.objects.all() if connections is None else connections
    in_year = connections.filter(happened_on__year=year)
    counts = {r["kind"]: r["n"] for r in in_year.values("kind").annotate(n=Count("id")).order_by()}
    totals = in_year.aggregate(
        contract_value=Coalesce(Sum("value_vnd", filter=Q(kind=ConnectionKind.CONTRACT)), ZERO),
        enterprises=Count("enterprise", distinct=True),
        partners=Count("partner", distinct=True),
    )
    return {
        "by_kind": [(kind, counts.get(kind.value, 0)) for kind in ConnectionKind],
        "total": sum(counts.values()),
        **totals,
    }


def figure_years() -> list[int]:
    """Years that have something to show (recognitions, ledger or difficulties), newest first."""
    years = {timezone.localdate().year}
    years |= {d.year for d in SupportRecord.objects.dates("given_on", "year")}
    years |= {d.year for d in Difficulty.objects.dates("received_on", "year")}
    years |= set(Recognition.objects.values_list("year", flat=True).distinct())
    return sorted(years, reverse=True)
