"""Reads of the support part. Every list is scoped to what the person may see and keeps a
fixed number of queries; *overdue* is derived here from the due date, never stored."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
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
from chuluc.decisions.enums import Validity
from chuluc.decisions.models import Recognition
from chuluc.decisions.selectors import validity
from chuluc.registry.models import Enterprise
from chuluc.registry.rules import represents
from chuluc.support import rules
from chuluc.support.enums import DIFFICULTY_OPEN, Eligibility, RequestStatus
from chuluc.support.models import (
    BudgetLine,
    Connection,
    ConnectionRequest,
    Dialogue,
    Difficulty,
    EventParticipant,
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


def eligibility_problem(policy: Policy, enterprise_id: int, on: dt.date | None = None) -> str:
    """Why the enterprise may not receive the policy on a day ("" when it may), as the
    services say it when they refuse a request or a ledger row."""
    on = on or today()
    unmet = unmet_condition(policy, recognitions_of([enterprise_id], on)[enterprise_id], on)
    if unmet is None:
        return ""
    if unmet == Eligibility.TOP_RECOGNITION:
        return _(
            "Chính sách “%(policy)s” chỉ dành cho doanh nghiệp có sản phẩm thuộc nhóm Top "
            "còn hiệu lực vào ngày %(day)s."
        ) % {"policy": policy.name, "day": on.strftime("%d/%m/%Y")}
    return _(
        "Chính sách “%(policy)s” chỉ dành cho doanh nghiệp có sản phẩm công nghiệp chủ lực "
        "được công nhận còn hiệu lực vào ngày %(day)s."
    ) % {"policy": policy.name, "day": on.strftime("%d/%m/%Y")}


#: The validities in which a recognition makes its enterprise a recognised firm.
IN_FORCE = (Validity.VALID, Validity.EXPIRING)


def recognitions_of(enterprise_ids, on: dt.date) -> dict[int, list[Recognition]]:
    """Every recognition of the enterprises that has begun by the day, per enterprise (one
    query); whether each is in force is ``decisions.selectors.validity``'s to say."""
    found: dict[int, list[Recognition]] = defaultdict(list)
    rows = Recognition.objects.filter(
        enterprise_id__in=list(enterprise_ids), valid_from__lte=on
    ).order_by("-valid_until", "-id")
    for recognition in rows:
        found[recognition.enterprise_id].append(recognition)
    return found


def recognised_enterprise_ids(enterprise_ids, on: dt.date | None = None) -> set[int]:
    """Those of the enterprises with a recognition in force on the day (one query)."""
    on = on or today()
    return {
        enterprise_id
        for enterprise_id, rows in recognitions_of(enterprise_ids, on).items()
        if any(validity(r, on) in IN_FORCE for r in rows)
    }


def join_refusal(actor, enterprise) -> str | None:
    """Why ``actor`` may not join an event or a dialogue for ``enterprise``, or ``None``: a
    firm joins through its own verified representative, and only while it has a recognised
    product in force (the support is for key-product enterprises)."""
    if not represents(actor, enterprise.pk):
        return _("Bạn không phải đại diện đã xác minh của doanh nghiệp này.")
    if enterprise.pk not in recognised_enterprise_ids([enterprise.pk]):
        return _(
            "Chỉ doanh nghiệp có sản phẩm công nghiệp chủ lực được công nhận còn hiệu lực "
            "mới đăng ký tham gia."
        )
    return None


def unmet_condition(policy: Policy, recognitions: list[Recognition], on: dt.date) -> str | None:
    """The policy's declared condition (``Eligibility``) that an enterprise with these
    recognitions (``recognitions_of``) does not meet on a day, or ``None``: the one place
    that reads the conditions, whose validity is ``decisions.selectors.validity``'s."""
    if policy.eligibility == Eligibility.ANY_REGISTERED:
        return None
    in_force = [r for r in recognitions if validity(r, on) in IN_FORCE]
    if policy.eligibility == Eligibility.TOP_RECOGNITION:
        return None if any(r.top for r in in_force) else Eligibility.TOP_RECOGNITION
    return None if in_force else Eligibility.VALID_RECOGNITION


def standing_problem(policy: Policy, recognitions: list[Recognition], on: dt.date) -> str:
    """Why an enterprise with these recognitions may not receive the policy on a day, in
    words for the catalogue ("" when it may)."""
    if not policy.is_active:
        return _("Chính sách này không còn áp dụng.")
    unmet = unmet_condition(policy, recognitions, on)
    if unmet is None:
        return ""
    in_force = [r for r in recognitions if validity(r, on) in IN_FORCE]
    if in_force:  # recognised, but not in the Top group
        return _(
            "Cần sản phẩm thuộc nhóm Top còn hiệu lực; sản phẩm được công nhận của doanh "
            "nghiệp không thuộc nhóm Top."
        )
    if not recognitions:
        return _("Cần sản phẩm công nghiệp chủ lực được công nhận; doanh nghiệp chưa có.")
    latest = recognitions[0]
    return _(
        "Cần công nhận còn hiệu lực; công nhận gần nhất của doanh nghiệp (năm %(year)s) "
        "đang ở tình trạng “%(state)s”."
    ) % {"year": latest.year, "state": Validity(validity(latest, on)).label}


@dataclass(frozen=True)
class Standing:
    """Whether one of the person's enterprises may receive a policy, and why not."""

    enterprise: Enterprise
    problem: str

    @property
    def eligible(self) -> bool:
        return not self.problem


def policy_catalogue(
    user, on: dt.date | None = None, *, only: Policy | None = None
) -> list[tuple[Policy, list[Standing]]]:
    """The policies (or ``only`` one), each with what it means for each enterprise the
    person represents (none for the department's readers): a fixed number of queries
    whatever the number of policies, enterprises or recognitions."""
    on = on or today()
    rows = [only] if only is not None else list(policies())
    if rules.can_view_support(user):
        return [(policy, []) for policy in rows]
    enterprises = list(
        Enterprise.objects.filter(pk__in=user_enterprise_ids(user))
        .only("id", "name")
        .order_by("search_key", "id")
    )
    recognitions = recognitions_of([e.pk for e in enterprises], on)
    return [
        (
            policy,
            [
                Standing(e, standing_problem(policy, recognitions.get(e.pk, []), on))
                for e in enterprises
            ],
        )
        for policy in rows
    ]


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


def registered_event_ids(user) -> set[int]:
    """The events the person's own enterprises registered for (one query); another firm's
    registrations are never read for a representative."""
    return set(
        EventParticipant.objects.filter(
            enterprise_id__in=list(user_enterprise_ids(user))
        ).values_list("event_id", flat=True)
    )


def own_participations(user, event: TradeEvent) -> list[EventParticipant]:
    """The person's own enterprises' registrations for an event."""
    return list(
        event.participants.filter(enterprise_id__in=list(user_enterprise_ids(user)))
        .select_related("enterprise")
        .order_by("enterprise__search_key", "id")
    )


def attending_dialogue_ids(user) -> set[int]:
    """The dialogue meetings the person's own enterprises attend (one query)."""
    return set(
        Dialogue.participants.through.objects.filter(
            enterprise_id__in=list(user_enterprise_ids(user))
        ).values_list("dialogue_id", flat=True)
    )


def own_enterprises(user) -> QuerySet[Enterprise]:
    """The enterprises the person represents, by name."""
    return Enterprise.objects.filter(pk__in=list(user_enterprise_ids(user))).order_by(
        "search_key", "id"
    )


# --------------------------------------------------------------------------- linkages


def listings_for(user, *, kind: str = "") -> QuerySet[Listing]:
    """Officers and the leader: every listing. A representative: the board of the program,
    their own enterprises' listings (open or closed) and the other firms' open ones (never
    a partner firm's, whose contacts are the officers' to broker); ``is_own`` says which."""
    queryset = Listing.objects.select_related("enterprise", "partner", "industry_group")
    if kind:
        queryset = queryset.filter(kind=kind)
    if rules.can_view_support(user):
        return queryset.annotate(is_own=Value(False, output_field=BooleanField()))
    own = list(user_enterprise_ids(user))
    return queryset.filter(
        Q(enterprise_id__in=own) | Q(enterprise__isnull=False, is_open=True)
    ).annotate(
        is_own=Case(
            When(enterprise_id__in=own, then=Value(True)),
            default=Value(False),
            output_field=BooleanField(),
        )
    )


def connection_requests_on(listing: Listing) -> QuerySet[ConnectionRequest]:
    """The requests to be put in touch sent about a listing (its firm and officers read)."""
    return listing.connection_requests.select_related("enterprise").order_by("-requested_at")


def connection_requests_sent(user, listing: Listing) -> QuerySet[ConnectionRequest]:
    """The requests the person's own enterprises sent about a listing."""
    return listing.connection_requests.filter(
        enterprise_id__in=list(user_enterprise_ids(user))
    ).select_related("enterprise")


def connection_requests() -> QuerySet[ConnectionRequest]:
    """Every request to be put in touch, for the officers who broker them."""
    return ConnectionRequest.objects.select_related(
        "enterprise", "listing", "listing__enterprise"
    ).order_by("-requested_at", "-id")


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
