"""Reads of dossiers: lists and the dossier page, a representative's products for a
campaign, whether a dossier is a renewal, whether its enterprise may still change it, and
a dossier's history."""

from __future__ import annotations

import datetime as dt

from django.db.models import Prefetch, Q, QuerySet
from django.utils.translation import gettext as _

from chuluc.accounts.rules import is_internal
from chuluc.accounts.selectors import user_enterprise_ids
from chuluc.campaigns.enums import DOSSIER_EDITABLE, DossierStatus, ScreeningOutcome
from chuluc.campaigns.figures import Year
from chuluc.campaigns.models import Campaign, Dossier, ScreeningCheck, YearFigures
from chuluc.campaigns.screening import threshold_hints
from chuluc.campaigns.selectors.campaign import deadline_label, registration_refusal
from chuluc.core.models import AuditEntry
from chuluc.core.selectors import audit_for
from chuluc.core.text import search_key
from chuluc.registry.models import Product


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
        # a receipt's reference number, as quoted by the firm, finds its dossier
        qs = qs.filter(
            Q(product_key__contains=key)
            | Q(enterprise_key__contains=key)
            | Q(reference__iexact=q.strip())
        )
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


def registration_hints(*, campaign: Campaign, products: list[Product]) -> dict[int, str]:
    """Product id → why its last known figures (its latest year with a figure, from any
    earlier dossier) fall short of this campaign's thresholds for its track: what the
    campaign page says beside "Lập hồ sơ" (a hint; screening decides). Products that meet
    them or have no figures are left out. Two queries whatever the number of products."""
    rows = (
        YearFigures.objects.filter(dossier__product__in=products)
        .exclude(dossier__campaign=campaign)
        .filter(
            Q(revenue_vnd__isnull=False)
            | Q(production_value_vnd__isnull=False)
            | Q(export_usd__isnull=False)
        )
        .order_by("dossier__product_id", "-year", "-dossier__campaign__year", "-id")
        .values_list(
            "dossier__product_id",
            "year",
            "revenue_vnd",
            "production_value_vnd",
            "export_usd",
            "employees",
        )
    )
    latest: dict[int, Year] = {}
    for product_id, *figures in rows:
        latest.setdefault(product_id, Year(*figures))
    rules = list(campaign.eligibility_rules.all())
    hints = {}
    for product in products:
        if product.pk not in latest:
            continue
        below = [
            h.text for h in threshold_hints(rules, product.track, latest[product.pk]) if not h.met
        ]
        if below:
            hints[product.pk] = " ".join(below)
    return hints


def automatic_acceptable(dossier: Dossier) -> bool:
    """Whether the officer can agree with the automatic results in one step: some rule is
    still to conclude and every such rule has a pass/fail result (not one needing the
    officer's judgement). Reads the prefetched ``screening`` rows (``dossier_detail``)."""
    pending = [c for c in dossier.screening.all() if not c.decided]
    return bool(pending) and all(c.automatic != ScreeningOutcome.REVIEW for c in pending)


def is_renewal(product: Product, campaign: Campaign) -> bool:
    """Recognised before: a recognised dossier of an earlier year, or a public record."""
    earlier = Dossier.objects.filter(
        product=product, status=DossierStatus.RECOGNISED, campaign__year__lt=campaign.year
    ).exists()
    return earlier or product.mentions.exists()


def resubmission_refusal(dossier: Dossier, now: dt.datetime) -> str | None:
    """Why a returned dossier can no longer come back (``None`` while it can): its own
    deadline, set when it was returned, has passed."""
    if dossier.resubmit_by and now > dossier.resubmit_by:
        return _("Đã quá hạn bổ sung hồ sơ (%s).") % deadline_label(dossier.resubmit_by)
    return None


def edit_refusal(dossier: Dossier, now: dt.datetime) -> str | None:
    """Why the enterprise can no longer change its dossier's figures, documents and
    certificates (``None`` while it can): a draft while registration is open, a returned
    dossier until its own deadline."""
    if dossier.status not in DOSSIER_EDITABLE:
        return _("Hồ sơ đã nộp; chỉ sửa được khi cán bộ trả lại để bổ sung.")
    if dossier.status == DossierStatus.RETURNED:
        return resubmission_refusal(dossier, now)
    return registration_refusal(dossier.campaign, now)


def dossier_history(dossier: Dossier) -> QuerySet[AuditEntry]:
    """The audit rows of the dossier and of the officer's conclusions on its current
    eligibility rules, newest first."""
    return audit_for(dossier, *dossier.screening.all())
