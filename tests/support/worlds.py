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
from tests.factories.campaigns import make_campaign
from tests.factories.registry import ProductFactory
from tests.portal.worlds import recognise

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f"
    b"\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\xff\xff?\x00\x05\xfe\x02\xfe\xa7\x35\x81\x84\x00"
    b"\x00\x00\x00IEND\xaeB`\x82"
)


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
    return Decision.objects.create(
        campaign=campaign,
        number=f"{year}/QĐ-UBND (thử)",
        signed_on=dt.date(year, 11, 30),
        signer_name="Người Ký Thử",
        signer_title="Phó Chủ tịch UBND Thành phố",
        entered_by=officer,
        entered_at=timezone.now(),
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
    from chuluc.support.models import Difficulty

    difficulty = routed(officer, rep, enterprise, agency=agency)
    today = timezone.localdate()
    Difficulty.objects.filter(pk=difficulty.pk).update(
        received_on=today - dt.timedelta(days=days + 15), due_on=today - dt.timedelta(days=days)
    )
    difficulty.refresh_from_db()
    return difficulty
