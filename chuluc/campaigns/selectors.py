"""Reads of campaigns and dossiers for pages and reports."""

from __future__ import annotations

from collections import defaultdict

from django.db.models import Count, Prefetch, Q, QuerySet

from chuluc.accounts.rules import is_internal
from chuluc.accounts.selectors import user_enterprise_ids
from chuluc.campaigns.enums import CampaignStatus, DossierStatus
from chuluc.campaigns.models import (
    Campaign,
    CriteriaSet,
    Criterion,
    CriterionGroup,
    Dossier,
    Program,
    ScreeningCheck,
)
from chuluc.core.text import search_key
from chuluc.registry.models import IndustryGroup, Product


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


def criteria_set_detail(*, pk: int) -> CriteriaSet:
    return (
        CriteriaSet.objects.select_related("program")
        .prefetch_related(
            Prefetch("groups", queryset=CriterionGroup.objects.order_by("position")),
            Prefetch(
                "groups__criteria",
                queryset=Criterion.objects.order_by("position").prefetch_related("bands"),
            ),
        )
        .get(pk=pk)
    )


def criteria_set_list() -> QuerySet[CriteriaSet]:
    return (
        CriteriaSet.objects.select_related("program")
        .annotate(campaign_count=Count("campaigns"))
        .order_by("program_id", "-version")
    )


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


def target_position(value, target) -> str:
    """below / within / above a target's range."""
    if target.low is not None and value < target.low:
        return "below"
    if target.high is not None and value > target.high:
        return "above"
    return "within"


def dossier_list(
    *,
    user,
    campaign: Campaign | None = None,
    status: str = "",
    group: int | None = None,
    q: str = "",
    renewal: str = "",
) -> QuerySet[Dossier]:
    qs = Dossier.objects.select_related(
        "campaign", "product", "product__industry_group", "enterprise"
    )
    if not is_internal(user):
        qs = qs.filter(enterprise_id__in=list(user_enterprise_ids(user)))
    if campaign is not None:
        qs = qs.filter(campaign=campaign)
    if status:
        qs = qs.filter(status=status)
    if group:
        qs = qs.filter(product__industry_group_id=group)
    if renewal == "first":
        qs = qs.filter(is_renewal=False)
    elif renewal == "renewal":
        qs = qs.filter(is_renewal=True)
    key = search_key(q)
    if key:
        qs = qs.filter(Q(product_key__contains=key) | Q(enterprise_key__contains=key))
    return qs.order_by("-campaign__year", "enterprise_key", "product_key", "id")


def dossier_detail(*, pk: int) -> Dossier:
    return (
        Dossier.objects.select_related(
            "campaign",
            "campaign__program",
            "campaign__criteria_set",
            "product",
            "product__industry_group",
            "enterprise",
        )
        .prefetch_related(
            "figures",
            "certificates",
            "evidence",
            "events__actor",
            "figure_versions",
            "computed_scores__criterion",
            Prefetch(
                "screening", queryset=ScreeningCheck.objects.select_related("rule", "decided_by")
            ),
            "campaign__eligibility_rules",
        )
        .get(pk=pk)
    )


def products_for_registration(*, user, campaign: Campaign) -> list[tuple[Product, Dossier | None]]:
    """The representative's products, each with its dossier in this campaign if any."""
    products = list(
        Product.objects.filter(enterprise_id__in=list(user_enterprise_ids(user)))
        .select_related("enterprise")
        .order_by("enterprise__search_key", "search_key")
    )
    dossiers = {
        d.product_id: d for d in Dossier.objects.filter(campaign=campaign, product__in=products)
    }
    return [(p, dossiers.get(p.pk)) for p in products]


def criteria_set_spec(*, pk: int):
    """A stored set as a spec, for export (it imports back unchanged)."""
    from chuluc.campaigns.criteria_io import BandSpec, CriterionSpec, GroupSpec, SetSpec

    criteria_set = criteria_set_detail(pk=pk)
    return SetSpec(
        name=criteria_set.name,
        total_points=criteria_set.total_points,
        is_assumption=criteria_set.is_assumption,
        source=criteria_set.source,
        groups=[
            GroupSpec(
                code=g.code,
                name=g.name,
                criteria=[
                    CriterionSpec(
                        code=c.code,
                        name=c.name,
                        max_points=c.max_points,
                        kind=c.kind,
                        guidance=c.guidance,
                        metric=c.metric,
                        scorer=c.scorer,
                        bands=[BandSpec(b.lower, b.upper, b.points) for b in c.bands.all()],
                    )
                    for c in g.criteria.all()
                ],
            )
            for g in criteria_set.groups.all()
        ],
    )
