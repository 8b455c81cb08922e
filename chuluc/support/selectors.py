"""Reads of the support part. Every list is scoped to what the person may see and keeps a
fixed number of queries; *overdue* is derived here from the due date, never stored."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db.models import (
    BooleanField,
    Case,
    DecimalField,
    ExpressionWrapper,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from chuluc.accounts.selectors import user_enterprise_ids
from chuluc.decisions.enums import RecognitionStatus
from chuluc.decisions.models import Recognition
from chuluc.support import rules
from chuluc.support.enums import DIFFICULTY_OPEN, Eligibility, RequestStatus
from chuluc.support.models import (
    BudgetLine,
    Connection,
    Dialogue,
    Difficulty,
    Listing,
    Partner,
    Policy,
    SupportRecord,
    SupportRequest,
    TradeEvent,
)

ZERO = Value(Decimal(0), output_field=DecimalField(max_digits=18, decimal_places=0))


def today() -> dt.date:
    return timezone.localdate()


# --------------------------------------------------------------------------- eligibility


def valid_recognitions(enterprise_id: int, on: dt.date):
    """The enterprise's recognitions valid on a day (active, inside their validity)."""
    return Recognition.objects.filter(
        enterprise_id=enterprise_id,
        status=RecognitionStatus.ACTIVE,
        valid_from__lte=on,
        valid_until__gte=on,
    )


def eligibility_problem(policy: Policy, enterprise_id: int, on: dt.date | None = None) -> str:
    """Why the enterprise may not receive the policy on a day ("" when it may): the one
    place that reads the declared eligibility rules."""
    on = on or today()
    if policy.eligibility == Eligibility.ANY_REGISTERED:
        return ""
    recognitions = valid_recognitions(enterprise_id, on)
    if policy.eligibility == Eligibility.TOP_RECOGNITION:
        recognitions = recognitions.filter(top=True)
        if not recognitions.exists():
            return _(
                "Chính sách “%(policy)s” chỉ dành cho doanh nghiệp có sản phẩm thuộc nhóm Top "
                "còn hiệu lực vào ngày %(day)s."
            ) % {"policy": policy.name, "day": on.strftime("%d/%m/%Y")}
        return ""
    if not recognitions.exists():
        return _(
            "Chính sách “%(policy)s” chỉ dành cho doanh nghiệp có sản phẩm công nghiệp chủ lực "
            "được công nhận còn hiệu lực vào ngày %(day)s."
        ) % {"policy": policy.name, "day": on.strftime("%d/%m/%Y")}
    return ""


# --------------------------------------------------------------------------- policies, budget


def policies(*, active_only: bool = False) -> QuerySet[Policy]:
    queryset = Policy.objects.select_related("agency")
    return queryset.filter(is_active=True) if active_only else queryset


def _used_in_line() -> Subquery:
    used = (
        SupportRecord.objects.filter(
            policy_id=OuterRef("policy_id"), given_on__year=OuterRef("year")
        )
        .order_by()
        .values("policy_id")
        .annotate(total=Sum("amount_vnd"))
        .values("total")
    )
    return Coalesce(Subquery(used), ZERO)


def budget_lines(*, year: int | None = None, policy: Policy | None = None) -> QuerySet[BudgetLine]:
    """Budget lines with ``used`` (sum of the ledger in that policy-year) and ``left``."""
    queryset = BudgetLine.objects.select_related("policy").annotate(used=_used_in_line())
    queryset = queryset.annotate(
        left=ExpressionWrapper(
            Coalesce("amount_vnd", ZERO) - Coalesce("used", ZERO),
            output_field=DecimalField(max_digits=19, decimal_places=0),
        )
    )
    if year is not None:
        queryset = queryset.filter(year=year)
    if policy is not None:
        queryset = queryset.filter(policy=policy)
    return queryset.order_by("-year", "policy__category", "policy__name")


def budget_used(policy_id: int, year: int) -> Decimal:
    return SupportRecord.objects.filter(policy_id=policy_id, given_on__year=year).aggregate(
        total=Coalesce(Sum("amount_vnd"), ZERO)
    )["total"]


# --------------------------------------------------------------------------- scoping


def _own(queryset: QuerySet, user, field: str = "enterprise_id") -> QuerySet:
    """Everything for internal readers; for a representative, their own enterprises only."""
    if rules.can_view_support(user):
        return queryset
    return queryset.filter(**{f"{field}__in": user_enterprise_ids(user)})


def records_for(user, *, year: int | None = None) -> QuerySet[SupportRecord]:
    queryset = SupportRecord.objects.select_related("enterprise", "policy", "agency")
    if year:
        queryset = queryset.filter(given_on__year=year)
    return _own(queryset, user)


def record_years() -> list[int]:
    return [d.year for d in SupportRecord.objects.dates("given_on", "year", order="DESC")]


def requests_for(user, *, status: str = "") -> QuerySet[SupportRequest]:
    on = today()
    queryset = SupportRequest.objects.select_related("enterprise", "policy", "record").annotate(
        overdue=ExpressionWrapper(
            Q(status=RequestStatus.SUBMITTED, due_on__lt=on), output_field=BooleanField()
        )
    )
    if status:
        queryset = queryset.filter(status=status)
    return _own(queryset, user)


def overdue_requests(on: dt.date | None = None) -> QuerySet[SupportRequest]:
    on = on or today()
    return (
        SupportRequest.objects.select_related("enterprise", "policy")
        .filter(status=RequestStatus.SUBMITTED, due_on__lt=on)
        .annotate(overdue=Value(True, output_field=BooleanField()))
        .order_by("due_on", "id")
    )


def _overdue_expression(on: dt.date):
    return Case(
        When(status__in=DIFFICULTY_OPEN, due_on__lt=on, then=Value(True)),
        default=Value(False),
        output_field=BooleanField(),
    )


def difficulties_for(user, *, status: str = "", overdue: bool = False) -> QuerySet[Difficulty]:
    """Officers and the leader: all; an agency officer: those routed to their agency; a
    representative: their own enterprise's. ``overdue`` is annotated, never stored."""
    on = today()
    queryset = Difficulty.objects.select_related("enterprise", "agency", "dialogue").annotate(
        overdue=_overdue_expression(on)
    )
    if status:
        queryset = queryset.filter(status=status)
    if overdue:
        queryset = queryset.filter(status__in=DIFFICULTY_OPEN, due_on__lt=on)
    if rules.can_view_support(user):
        return queryset
    agency = rules.user_agency_id(user)
    scope = Q(enterprise_id__in=user_enterprise_ids(user))
    if agency is not None:
        scope |= Q(agency_id=agency)
    return queryset.filter(scope)


def overdue_difficulties_for(user) -> QuerySet[Difficulty]:
    return difficulties_for(user, overdue=True).order_by("due_on", "id")


def difficulty_detail(pk: int) -> Difficulty:
    return (
        Difficulty.objects.select_related("enterprise", "agency", "dialogue", "answered_by")
        .annotate(overdue=_overdue_expression(today()))
        .get(pk=pk)
    )


def difficulty_history(difficulty: Difficulty):
    return difficulty.events.select_related("actor", "agency").order_by("at", "id")


def is_overdue(obj, on: dt.date | None = None) -> bool:
    """Whether a request or a difficulty is overdue on a day (derived, never stored)."""
    on = on or today()
    if isinstance(obj, SupportRequest):
        return obj.status == RequestStatus.SUBMITTED and obj.due_on < on
    return obj.status in DIFFICULTY_OPEN and obj.due_on < on


# --------------------------------------------------------------------------- events, dialogues


def events() -> QuerySet[TradeEvent]:
    return TradeEvent.objects.select_related("policy")


def event_participants(event: TradeEvent):
    return event.participants.select_related("enterprise", "record").order_by(
        "enterprise__search_key", "id"
    )


def dialogues() -> QuerySet[Dialogue]:
    return Dialogue.objects.prefetch_related("participants")


# --------------------------------------------------------------------------- linkages


def listings_for(user, *, kind: str = "") -> QuerySet[Listing]:
    queryset = Listing.objects.select_related("enterprise", "partner", "industry_group")
    if kind:
        queryset = queryset.filter(kind=kind)
    return _own(queryset, user)


def partners() -> QuerySet[Partner]:
    return Partner.objects.select_related("industry_group")


def connections(*, year: int | None = None) -> QuerySet[Connection]:
    queryset = Connection.objects.select_related("enterprise", "counterpart_enterprise", "partner")
    if year:
        queryset = queryset.filter(happened_on__year=year)
    return queryset


# --------------------------------------------------------------------------- one enterprise


def enterprise_support(enterprise_id: int) -> dict:
    """Everything an enterprise received, requested and raised, and what it offers/seeks."""
    on = today()
    return {
        "records": SupportRecord.objects.filter(enterprise_id=enterprise_id).select_related(
            "enterprise", "policy", "agency"
        ),
        "requests": SupportRequest.objects.filter(enterprise_id=enterprise_id)
        .select_related("enterprise", "policy")
        .annotate(
            overdue=ExpressionWrapper(
                Q(status=RequestStatus.SUBMITTED, due_on__lt=on), output_field=BooleanField()
            )
        ),
        "difficulties": Difficulty.objects.filter(enterprise_id=enterprise_id)
        .select_related("enterprise", "agency")
        .annotate(overdue=_overdue_expression(on)),
        "participations": TradeEvent.objects.filter(
            participants__enterprise_id=enterprise_id
        ).order_by("-starts_on"),
        "listings": Listing.objects.filter(enterprise_id=enterprise_id),
        "connections": Connection.objects.filter(
            Q(enterprise_id=enterprise_id) | Q(counterpart_enterprise_id=enterprise_id)
        ).select_related("enterprise", "counterpart_enterprise", "partner"),
        "total_vnd": SupportRecord.objects.filter(enterprise_id=enterprise_id).aggregate(
            total=Coalesce(Sum("amount_vnd"), ZERO)
        )["total"],
    }
