"""Worlds for the support part's tests, built through the services where one exists.

Recognitions with chosen dates (valid last year, revoked in March, expired in June) are
written by ``recognition``: the decisions services would need a whole council per row and
always date a recognition from today, and the support part only reads them."""

from __future__ import annotations

import datetime as dt

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from chuluc.campaigns.models import Campaign
from chuluc.core.models import Agency
from chuluc.decisions.enums import RecognitionStatus
from chuluc.decisions.models import Decision, Recognition
from chuluc.demo.campaigns import demo_pdf
from chuluc.support import services
from chuluc.support.enums import (
    DifficultyCategory,
    DifficultyStatus,
    Eligibility,
    PolicyCategory,
    SupportForm,
)
from chuluc.support.models import Difficulty
from tests.factories.campaigns import make_campaign
from tests.factories.decisions import DecisionFactory
from tests.factories.portal import recognise
from tests.factories.registry import EnterpriseFactory, ProductFactory


def sct() -> Agency:
    return Agency.objects.get(code="so-cong-thuong")


def khcn() -> Agency:
    return Agency.objects.get(code="so-khcn")


def tnmt() -> Agency:
    return Agency.objects.get(code="so-tnmt")


def pdf(name: str = "bien-ban.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, demo_pdf("Bien ban ho tro"))


def make_policy(
    officer,
    *,
    name: str = "Hỗ trợ gian hàng hội chợ",
    eligibility: str = Eligibility.ANY_REGISTERED,
    category: str = PolicyCategory.TRADE_PROMOTION,
    kind: str = SupportForm.BOOTH,
    sla_days: int = 15,
    agency=None,
):
    return services.policy_create(
        actor=officer,
        name=name,
        category=category,
        legal_basis="QĐ 4303/QĐ-UBND ngày 24/9/2020",
        agency=agency or sct(),
        eligibility=eligibility,
        kind=kind,
        sla_days=sla_days,
    )


def _decision(officer, year: int) -> Decision:
    decision = Decision.objects.filter(campaign__year=year).first()
    if decision is not None:
        return decision
    campaign = Campaign.objects.filter(year=year).first() or make_campaign(year=year)
    return DecisionFactory(
        campaign=campaign,
        number=f"{year}/QĐ-UBND (thử)",
        signed_on=dt.date(year, 11, 30),
        entered_by=officer,
    )


def recognition(
    officer,
    enterprise,
    *,
    valid_from: dt.date,
    valid_until: dt.date,
    revoked_on: dt.date | None = None,
    top: bool = False,
) -> Recognition:
    """A recognition of a new product of ``enterprise`` valid between the two dates (revoked
    on a day, if given)."""
    decision = _decision(officer, valid_from.year)
    product = ProductFactory(enterprise=enterprise)
    made = recognise(
        decision=decision,
        product=product,
        rank=Recognition.objects.filter(decision=decision).count() + 1,
        actor=officer,
        top=top,
    )
    changes = {"valid_from": valid_from, "valid_until": valid_until}
    if revoked_on is not None:
        changes |= {
            "status": RecognitionStatus.REVOKED,
            "revoked_at": timezone.make_aware(dt.datetime.combine(revoked_on, dt.time(10, 0))),
        }
    Recognition.objects.filter(pk=made.pk).update(**changes)
    made.refresh_from_db()
    return made


def valid_now(officer, enterprise, *, top: bool = False) -> Recognition:
    today = timezone.localdate()
    return recognition(
        officer,
        enterprise,
        valid_from=today - dt.timedelta(days=30),
        valid_until=today + dt.timedelta(days=700),
        top=top,
    )


def give(officer, enterprise, policy, *, on: dt.date, amount: int = 0, **extra):
    return services.support_record_create(
        actor=officer,
        enterprise=enterprise,
        policy=policy,
        given_on=on,
        kind=extra.pop("kind", SupportForm.BOOTH),
        quantity=extra.pop("quantity", 1),
        amount_vnd=amount,
        **extra,
    )


def raise_difficulty(rep, enterprise, *, title: str = "Chậm cấp phép xây dựng nhà xưởng"):
    return services.difficulty_raise(
        actor=rep,
        enterprise=enterprise,
        category=DifficultyCategory.PROCEDURES,
        title=title,
        description="Hồ sơ xin phép xây dựng nhà xưởng mở rộng đã nộp 3 tháng chưa có kết quả.",
    )


def routed(officer, rep, enterprise, *, agency=None, due_on: dt.date | None = None):
    difficulty = raise_difficulty(rep, enterprise)
    return services.difficulty_move(
        actor=officer,
        difficulty=difficulty,
        status=DifficultyStatus.ROUTED,
        agency=agency or khcn(),
        due_on=due_on,
    )


def overdue(officer, rep, enterprise, *, days: int = 3, agency=None):
    """A routed difficulty whose due date passed ``days`` days ago."""
    difficulty = routed(officer, rep, enterprise, agency=agency)
    today = timezone.localdate()
    Difficulty.objects.filter(pk=difficulty.pk).update(
        received_on=today - dt.timedelta(days=days + 15), due_on=today - dt.timedelta(days=days)
    )
    difficulty.refresh_from_db()
    return difficulty


COVERAGE_YEAR = 2025


def hand_counted_coverage(officer) -> dict:
    """Nine enterprises, counted and reached by hand for ``COVERAGE_YEAR`` (2025), by name:

    A  valid 12/2024–11/2027, two recognitions, supported 10/03/2025  → counted, reached
    B  valid 07/2022–30/06/2025 (expired during 2025), supported 01/05 → counted, reached
    C  valid 12/2023–11/2026, revoked 15/03/2025 (during the year)    → counted, not reached
    D  valid 12/2023–11/2026, revoked 01/08/2024 (before the year),
       supported 2025                                                  → not counted
    E  valid 12/2024–11/2027, supported 15/12/2024 and 10/01/2026 only → counted, not reached
    F  valid 01/2022–31/12/2024 (expired before the year)              → not counted
    G  valid from 05/01/2026 (after the year)                          → not counted
    H  no recognition, supported 2025 under an open policy             → not counted
    So 4 counted (A, B, C, E), 2 reached (A, B): 50.0%, not reached: C and E."""
    names = "ABCDEFGH"
    e = {n: EnterpriseFactory(name=f"Công ty Thử {n}") for n in names}
    for n, start, end, revoked in [
        ("A", dt.date(2024, 12, 1), dt.date(2027, 11, 30), None),
        ("A", dt.date(2024, 12, 1), dt.date(2027, 11, 30), None),
        ("B", dt.date(2022, 7, 1), dt.date(2025, 6, 30), None),
        ("C", dt.date(2023, 12, 1), dt.date(2026, 11, 30), dt.date(2025, 3, 15)),
        ("D", dt.date(2023, 12, 1), dt.date(2026, 11, 30), dt.date(2024, 8, 1)),
        ("E", dt.date(2024, 12, 1), dt.date(2027, 11, 30), None),
        ("F", dt.date(2022, 1, 10), dt.date(2024, 12, 31), None),
        ("G", dt.date(2026, 1, 5), dt.date(2028, 1, 4), None),
    ]:
        recognition(officer, e[n], valid_from=start, valid_until=end, revoked_on=revoked)
    policy = make_policy(officer, eligibility=Eligibility.ANY_REGISTERED)
    for n, day in [
        ("A", dt.date(2025, 3, 10)),
        ("B", dt.date(2025, 5, 1)),
        ("D", dt.date(2025, 4, 1)),
        ("E", dt.date(2024, 12, 15)),
        ("E", dt.date(2026, 1, 10)),
        ("H", dt.date(2025, 9, 9)),
    ]:
        give(officer, e[n], policy, on=day, amount=1_000_000)
    return e
