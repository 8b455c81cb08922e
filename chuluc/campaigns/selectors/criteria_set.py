"""Reads of criteria sets: the list, one set with its groups, criteria and bands, a set as a
spec for export, and who may score a judged criterion."""

from __future__ import annotations

from django.db.models import Count, Prefetch, QuerySet

from chuluc.accounts.enums import Role
from chuluc.campaigns.criteria_io import BandSpec, CriterionSpec, GroupSpec, SetSpec
from chuluc.campaigns.models import CriteriaSet, Criterion, CriterionGroup
from chuluc.core.models import Agency


def scorer_codes() -> set[str]:
    """Who may be assigned to score a judged criterion: an agency or a council role."""
    return set(Agency.objects.values_list("code", flat=True)) | {Role.COUNCIL_MEMBER.value}


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


def criteria_set_spec(*, pk: int) -> SetSpec:
    """A stored set as a spec, for export (it imports back unchanged)."""
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
                name_en=g.name_en,
                criteria=[
                    CriterionSpec(
                        code=c.code,
                        name=c.name,
                        name_en=c.name_en,
                        max_points=c.max_points,
                        kind=c.kind,
                        guidance=c.guidance,
                        guidance_en=c.guidance_en,
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
