"""Reads of campaigns: the program, the campaign list and page, whether a campaign takes
registrations, and its funnel against its targets."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from chuluc.accounts.rules import is_internal
from chuluc.campaigns.enums import CampaignStatus, DossierStatus, TargetPosition
from chuluc.campaigns.models import Campaign, Dossier, Program
from chuluc.registry.models import IndustryGroup


def default_program() -> Program:
    return Program.objects.select_related("lead_agency").order_by("id").first()


def campaign_list(*, user) -> QuerySet[Campaign]:
    qs = Campaign.objects.select_related("program", "criteria_set").annotate(
        dossier_count=Count("dossiers", filter=~Q(dossiers__status=DossierStatus.DRAFT))
    )
    if not is_internal(user):
        qs = qs.exclude(status=CampaignStatus.DRAFT)
    return qs.order_by("-year", "program_id")


def campaign_detail(*, pk: int) -> Campaign:
    return (
        Campaign.objects.select_related("program", "criteria_set", "copied_from")
        .prefetch_related("legal_basis", "targets", "eligibility_rules")
        .get(pk=pk)
    )


def registration_refusal(campaign: Campaign, now: dt.datetime) -> str | None:
    """Why ``campaign`` takes no dossier at ``now`` (``None`` when it does): the server
    decides the time, whatever the client sends."""
    if campaign.status != CampaignStatus.PUBLISHED:
        return _("Đợt xét chọn chưa mở đăng ký.")
    if now < campaign.registration_opens:
        return _("Đợt xét chọn mở đăng ký từ %s.") % deadline_label(campaign.registration_opens)
    if now > campaign.registration_closes:
        return _("Đã hết hạn nộp hồ sơ (%s).") % deadline_label(campaign.registration_closes)
    return None


def current_campaign() -> Campaign | None:
    """The campaign firms are called to now: the newest one made public (a firm renewing
    its recognition registers there)."""
    return Campaign.objects.filter(status=CampaignStatus.PUBLISHED).order_by("-year", "-id").first()


def deadline_label(value: dt.datetime) -> str:
    """A deadline as people read it in Hanoi: ``17:00 30/09/2026``."""
    return timezone.localtime(value).strftime("%H:%M %d/%m/%Y")


# Funnel stages: a dossier counts in every stage it has reached.
FUNNEL = [
    ("registered", None),
    (
        "submitted",
        {
            DossierStatus.SUBMITTED,
            DossierStatus.RETURNED,
            DossierStatus.ELIGIBLE,
            DossierStatus.INELIGIBLE,
            DossierStatus.SCORED,
            DossierStatus.PASSED,
            DossierStatus.FAILED,
            DossierStatus.PUBLISHED,
            DossierStatus.RECOGNISED,
        },
    ),
    ("returned", {DossierStatus.RETURNED}),
    (
        "eligible",
        {
            DossierStatus.ELIGIBLE,
            DossierStatus.SCORED,
            DossierStatus.PASSED,
            DossierStatus.FAILED,
            DossierStatus.PUBLISHED,
            DossierStatus.RECOGNISED,
        },
    ),
    ("ineligible", {DossierStatus.INELIGIBLE}),
]


def campaign_funnel(*, campaign: Campaign) -> dict:
    """Dossier counts per funnel stage and industry group, plus distinct enterprises."""
    rows = (
        Dossier.objects.filter(campaign=campaign)
        .exclude(status=DossierStatus.WITHDRAWN)
        .values("status", "product__industry_group_id")
        .annotate(n=Count("id"), firms=Count("enterprise", distinct=True))
    )
    groups = list(IndustryGroup.objects.order_by("position"))
    table = {g.pk: defaultdict(int) for g in groups}
    table[None] = defaultdict(int)
    totals: dict[str, int] = defaultdict(int)
    for row in rows:
        for stage, statuses in FUNNEL:
            if statuses is None or row["status"] in statuses:
                table[row["product__industry_group_id"]][stage] += row["n"]
                totals[stage] += row["n"]
    firms = dict(
        Dossier.objects.filter(campaign=campaign)
        .exclude(status=DossierStatus.WITHDRAWN)
        .aggregate(
            registered=Count("enterprise", distinct=True),
            submitted=Count("enterprise", distinct=True, filter=Q(status__in=FUNNEL[1][1])),
            eligible=Count("enterprise", distinct=True, filter=Q(status__in=FUNNEL[3][1])),
        )
    )
    by_group = [(g, table[g.pk]) for g in groups]
    if table[None]:
        by_group.append((None, table[None]))
    first_time = Dossier.objects.filter(
        campaign=campaign, status__in=FUNNEL[3][1], is_renewal=False
    ).count()
    pipeline = {
        "products_recognised": totals.get("eligible", 0),
        "enterprises_recognised": firms["eligible"],
        "first_time_products": first_time,
    }
    against = [
        (t, pipeline[t.indicator], target_position(pipeline[t.indicator], t))
        for t in campaign.targets.all()
        if t.indicator in pipeline
    ]
    return {
        "stages": [s for s, _ in FUNNEL],
        "by_group": by_group,
        "totals": totals,
        "firms": firms,
        "against_targets": against,
    }


def target_position(value, target) -> TargetPosition:
    """below / within / above a target's range."""
    if target.low is not None and value < target.low:
        return TargetPosition.BELOW
    if target.high is not None and value > target.high:
        return TargetPosition.ABOVE
    return TargetPosition.WITHIN
