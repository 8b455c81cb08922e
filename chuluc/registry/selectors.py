"""Reads of the register. Views, exports and the API build no query of their own."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet

from chuluc.accounts.rules import is_internal
from chuluc.accounts.selectors import user_enterprise_ids
from chuluc.core.text import search_key, sorted_by_name
from chuluc.registry.models import District, Enterprise, ImportJob, IndustryGroup, Product
from chuluc.registry.validators import normalize_tax_code


def _by_source(qs, source: str):
    """Demo records, real ones, or public-record entries only."""
    if source == "demo":
        return qs.filter(is_demo=True)
    if source == "real":
        return qs.filter(is_demo=False)
    if source == "public":
        return qs.filter(is_public_record=True)
    return qs


def _visible_enterprises(user) -> QuerySet[Enterprise]:
    qs = Enterprise.objects.all()
    if is_internal(user):
        return qs
    return qs.filter(pk__in=list(user_enterprise_ids(user)))


def enterprise_list(
    *,
    user,
    q: str = "",
    ownership: str = "",
    district: int | None = None,
    demo: str = "",
    verified: str = "",
) -> QuerySet[Enterprise]:
    qs = (
        _visible_enterprises(user)
        .select_related("district")
        .annotate(product_count=Count("products"))
    )
    key = search_key(q)
    if key:
        qs = qs.filter(search_key__contains=key)
    if ownership:
        qs = qs.filter(ownership=ownership)
    if district:
        qs = qs.filter(district_id=district)
    qs = _by_source(qs, demo)
    if verified == "yes":
        qs = qs.filter(is_verified=True)
    elif verified == "no":
        qs = qs.filter(is_verified=False)
    return qs.order_by("search_key", "id")


def enterprise_detail(*, pk: int) -> Enterprise:
    return (
        Enterprise.objects.select_related("district")
        .prefetch_related("contacts", "top500", "mentions__product")
        .get(pk=pk)
    )


def enterprise_products(*, enterprise: Enterprise) -> QuerySet[Product]:
    return enterprise.products.select_related("industry_group").order_by("search_key")


def product_list(
    *, user, q: str = "", group: int | None = None, track: str = "", demo: str = ""
) -> QuerySet[Product]:
    qs = Product.objects.select_related("enterprise", "industry_group")
    if not is_internal(user):
        qs = qs.filter(enterprise_id__in=list(user_enterprise_ids(user)))
    key = search_key(q)
    if key:
        qs = qs.filter(Q(search_key__contains=key) | Q(enterprise__search_key__contains=key))
    if group:
        qs = qs.filter(industry_group_id=group)
    if track:
        qs = qs.filter(track=track)
    qs = _by_source(qs, demo)
    return qs.order_by("search_key", "id")


def product_detail(*, pk: int) -> Product:
    return (
        Product.objects.select_related("enterprise", "industry_group")
        .prefetch_related("images", "mentions")
        .get(pk=pk)
    )


def import_job_list() -> QuerySet[ImportJob]:
    return ImportJob.objects.select_related("created_by").order_by("-created_at", "-id")


def district_choices() -> list[tuple[int, str]]:
    """The units by name in Vietnamese alphabetical order (the database's order is the code
    points', which puts Thường Tín before Thạch Thất)."""
    return [(d.pk, str(d)) for d in sorted_by_name(District.objects.all(), key=lambda d: d.name)]


def industry_group_choices() -> list[tuple[int, str]]:
    return [(g.pk, g.display_name) for g in IndustryGroup.objects.order_by("position")]


def enterprises_for_export(*, user, **filters) -> QuerySet[Enterprise]:
    return enterprise_list(user=user, **filters)


def register_counts(*, user) -> dict[str, int]:
    """Headline counts for the dashboard, over what the user may see (one query)."""
    qs = _visible_enterprises(user)
    totals = qs.aggregate(
        enterprises=Count("id", distinct=True),
        demo=Count("id", filter=Q(is_demo=True), distinct=True),
        public_records=Count("id", filter=Q(is_public_record=True), distinct=True),
        products=Count("products", distinct=True),
    )
    return {k: v or 0 for k, v in totals.items()}


def enterprise_by_tax_code(tax_code: str) -> Enterprise | None:
    """The firm the register holds under this tax code (spaces and dots as people type
    them are ignored), if any."""
    code = normalize_tax_code(tax_code)
    return Enterprise.objects.filter(tax_code=code).first() if code else None
