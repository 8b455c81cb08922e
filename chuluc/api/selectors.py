"""Public reads of the API: only products and enterprises with a recognition (every
recognition belongs to an entered decision), and only their public facts. Built on
``decisions.selectors.recognitions``; each list is one query plus its prefetches, in a
stable order."""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet

from chuluc.core.text import search_key
from chuluc.decisions import opendata
from chuluc.decisions import selectors as decision_selectors
from chuluc.decisions.models import OpenDataSnapshot, Recognition
from chuluc.registry.enums import Ownership
from chuluc.registry.models import Enterprise, Product


def _product_recognitions() -> Prefetch:
    return Prefetch(
        "recognitions",
        queryset=Recognition.objects.select_related("decision").order_by("-year", "id"),
        to_attr="public_recognitions",
    )


def _recognised_products() -> QuerySet[Product]:
    return Product.objects.filter(Exists(Recognition.objects.filter(product=OuterRef("pk"))))


def _fdi_q(fdi: bool, prefix: str = "") -> Q:
    q = Q(**{f"{prefix}ownership": Ownership.FDI})
    return q if fdi else ~q


def public_products(
    *,
    year: int | None = None,
    industry_group: str | None = None,
    district: str | None = None,
    top: bool | None = None,
    fdi: bool | None = None,
    q: str | None = None,
) -> QuerySet[Product]:
    """Recognised products; ``year`` and ``top`` apply to the same recognition."""
    recognitions = Recognition.objects.filter(product=OuterRef("pk"))
    if year is not None:
        recognitions = recognitions.filter(year=year)
    if top is not None:
        recognitions = recognitions.filter(top=top)
    qs = Product.objects.filter(Exists(recognitions))
    if industry_group:
        qs = qs.filter(industry_group__code=industry_group)
    if district:
        qs = qs.filter(enterprise__district__code=district)
    if fdi is not None:
        qs = qs.filter(_fdi_q(fdi, "enterprise__"))
    key = search_key(q or "")
    if key:
        qs = qs.filter(
            Q(search_key__contains=key)
            | Q(enterprise__search_key__contains=key)
            | Q(industry_group__search_key__contains=key)
        )
    return (
        qs.select_related("industry_group", "enterprise")
        .prefetch_related(_product_recognitions())
        .order_by("search_key", "id")
    )


def public_product(pk: int) -> Product | None:
    return (
        _recognised_products()
        .select_related("industry_group", "enterprise")
        .prefetch_related(_product_recognitions())
        .filter(pk=pk)
        .first()
    )


def public_recognitions(
    *, year: int | None = None, top: bool | None = None, status: str | None = None
) -> QuerySet[Recognition]:
    qs = decision_selectors.recognitions()
    if year is not None:
        qs = qs.filter(year=year)
    if top is not None:
        qs = qs.filter(top=top)
    if status:
        qs = decision_selectors.with_validity(qs, status)
    return qs.order_by("-year", "id")


def public_recognition(pk: int) -> Recognition | None:
    return decision_selectors.recognitions().filter(pk=pk).first()


def _enterprise_products() -> Prefetch:
    return Prefetch(
        "products",
        queryset=_recognised_products().order_by("search_key", "id"),
        to_attr="public_products",
    )


def public_enterprises(
    *, district: str | None = None, fdi: bool | None = None, q: str | None = None
) -> QuerySet[Enterprise]:
    """Enterprises with at least one recognised product, with those products only."""
    qs = Enterprise.objects.filter(Exists(Recognition.objects.filter(enterprise=OuterRef("pk"))))
    if district:
        qs = qs.filter(district__code=district)
    if fdi is not None:
        qs = qs.filter(_fdi_q(fdi))
    key = search_key(q or "")
    if key:
        qs = qs.filter(search_key__contains=key)
    return (
        qs.select_related("district")
        .prefetch_related(_enterprise_products())
        .order_by("search_key", "id")
    )


def public_enterprise(pk: int) -> Enterprise | None:
    return public_enterprises().filter(pk=pk).first()


def open_data_snapshots(*, decision: int | None = None) -> QuerySet[OpenDataSnapshot]:
    qs = OpenDataSnapshot.objects.select_related("decision", "decision__campaign")
    if decision is not None:
        qs = qs.filter(decision_id=decision)
    return qs.order_by("-decision__signed_on", "-decision_id", "-version")


def snapshot_urls(snapshot: OpenDataSnapshot) -> dict[str, str]:
    """Where the portal serves a snapshot's files and metadata record (absolute URLs)."""
    return opendata.snapshot_urls(snapshot.decision_id, snapshot.version)
