"""Reads of the public portal. Only public facts: products and enterprises that hold a
recognition (every recognition belongs to an entered decision), published results, comments
an officer published (never their sender's contact), certificates and the open-data
versions. Never dossier figures, scores, contacts or anything of a product never
recognised. Each page is a fixed number of queries whatever the data size."""

from __future__ import annotations

import datetime as dt
import operator
from dataclasses import dataclass, field
from functools import reduce

from django.core.exceptions import ObjectDoesNotExist
from django.core.paginator import Page
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet, Subquery

from chuluc.core.text import search_key, sorted_by_name
from chuluc.decisions import selectors as decision_selectors
from chuluc.decisions.enums import Validity
from chuluc.decisions.models import (
    Certificate,
    Decision,
    OpenDataSnapshot,
    Publication,
    PublicComment,
    PublishedEntry,
    Recognition,
)
from chuluc.registry.enums import Ownership
from chuluc.registry.models import (
    District,
    Enterprise,
    IndustryGroup,
    Product,
    ProductImage,
    PublicRecordMention,
)

# --------------------------------------------------------------------------- products


@dataclass(frozen=True)
class YearMark:
    """One recognition of a product, as the directory shows it."""

    year: int
    top: bool
    validity: str

    @property
    def is_revoked(self) -> bool:
        return self.validity == Validity.REVOKED


@dataclass
class ProductRow:
    product: Product
    years: list[YearMark] = field(default_factory=list)


def _recognitions_by_year() -> Prefetch:
    return Prefetch(
        "recognitions",
        queryset=Recognition.objects.only(
            "id", "product_id", "year", "top", "status", "valid_until"
        ).order_by("-year", "id"),
        to_attr="public_recognitions",
    )


def _recognised(qs: QuerySet[Product], recognitions: QuerySet[Recognition]) -> QuerySet[Product]:
    """``qs`` restricted to products with a recognition in ``recognitions``, newest first,
    with what a row of the directory shows."""
    latest = Recognition.objects.filter(product=OuterRef("pk")).order_by("-year")
    return (
        # ``IN`` rather than ``EXISTS``: the database walks the recognitions (thousands) and
        # looks their products up, instead of testing each of the register's products.
        qs.filter(pk__in=recognitions.values("product_id"))
        .annotate(latest_year=Subquery(latest.values("year")[:1]))
        .select_related("enterprise", "enterprise__district", "industry_group")
        .prefetch_related(_recognitions_by_year())
        .order_by("-latest_year", "search_key", "id")
    )


def directory(
    *,
    year: int | None = None,
    group: str = "",
    district: str = "",
    top: bool = False,
    fdi: bool = False,
    q: str = "",
    validity: tuple[str, ...] = (),
    on: dt.date | None = None,
) -> QuerySet[Product]:
    """The recognised products, each once, newest recognition year first. ``year``, ``top``
    and ``validity`` (states of ``decisions.selectors.validity`` on ``on``; empty: any)
    apply to the same recognition ("Top in 2025, in force today"); the search ignores
    accents and case and looks at the product, its enterprise and its industry group."""
    recognitions = Recognition.objects.all()
    if year is not None:
        recognitions = recognitions.filter(year=year)
    if top:
        recognitions = recognitions.filter(top=True)
    if validity:
        in_states = [decision_selectors.with_validity(recognitions, s, on=on) for s in validity]
        recognitions = reduce(operator.or_, in_states)
    qs = Product.objects.all()
    if group:
        qs = qs.filter(industry_group__code=group)
    if district:
        qs = qs.filter(enterprise__district__code=district)
    if fdi:
        qs = qs.filter(enterprise__ownership=Ownership.FDI)
    key = search_key(q)
    if key:
        qs = qs.filter(
            Q(search_key__contains=key)
            | Q(enterprise__search_key__contains=key)
            | Q(industry_group__search_key__contains=key)
        )
    return _recognised(qs, recognitions)


def product_rows(products, *, on: dt.date | None = None) -> list[ProductRow]:
    """Rows of products from ``directory`` or ``enterprise_products``: each with its years
    of recognition, Top years marked, and what each recognition is worth today."""
    on = on or decision_selectors.today()
    return [
        ProductRow(
            product=p,
            years=[
                YearMark(r.year, r.top, decision_selectors.validity(r, on=on))
                for r in p.public_recognitions
            ],
        )
        for p in products
    ]


#: Public records shown beside a search's recognised products, at most.
PUBLIC_RECORDS_SHOWN = 50


def public_records(q: str) -> list[PublicRecordMention]:
    """What public sources (the press, the city's announcements) said was recognised before
    this system kept the decisions, matching the search ``q`` as the directory does (one
    query; none without a search). Only the source's words: the firm, the product if
    named, the year as written, the Top 10 mention and the address of the source."""
    key = search_key(q)
    if not key:
        return []
    return list(
        PublicRecordMention.objects.filter(
            Q(enterprise__search_key__contains=key) | Q(product__search_key__contains=key)
        )
        .select_related("enterprise", "product")
        .order_by("enterprise__search_key", "year_label", "id")[:PUBLIC_RECORDS_SHOWN]
    )


def directory_choices() -> dict[str, list]:
    """What the directory's filters offer (three queries)."""
    return {
        "years": decision_selectors.recognition_years(),
        "groups": [
            (g.code, g.display_name) for g in IndustryGroup.objects.order_by("position", "name")
        ],
        "districts": [
            (d.code, str(d)) for d in sorted_by_name(District.objects.all(), key=lambda d: d.name)
        ],
    }


def _public_products() -> QuerySet[Product]:
    return Product.objects.filter(Exists(Recognition.objects.filter(product=OuterRef("pk"))))


def public_product(pk: int) -> Product | None:
    """A product that holds (or held) a recognition, with its images; None for any other
    product. Callers show its public facts (description, images, its enterprise's name,
    district and website), never its figures or contacts."""
    return (
        _public_products()
        .filter(pk=pk)
        .select_related("enterprise", "enterprise__district", "industry_group")
        .prefetch_related(Prefetch("images", queryset=ProductImage.objects.order_by("id")))
        .first()
    )


def public_product_image(product_pk: int, pk: int) -> ProductImage | None:
    """An image of a public product (``public_product``); None for any other image."""
    return ProductImage.objects.filter(
        pk=pk, product_id=product_pk, product__in=_public_products()
    ).first()


@dataclass
class HistoryRow:
    recognition: Recognition
    validity: str
    certificates: list[Certificate]
    newer: Recognition | None
    #: the year of the public results page that shows the decision, if it has one
    decision_page_year: int | None = None

    @property
    def is_revoked(self) -> bool:
        return self.validity == Validity.REVOKED


def product_history(product: Product, *, on: dt.date | None = None) -> list[HistoryRow]:
    """Every recognition of the product, newest first, with its decision, certificates and
    validity (revoked and superseded ones included: the public may hold their certificates).
    """
    on = on or decision_selectors.today()
    items = list(
        decision_selectors.recognitions()
        .select_related("renewed_by__decision", "decision__campaign__publication")
        .filter(product=product)
        .order_by("-year", "-id")
    )
    return [
        HistoryRow(
            recognition=r,
            validity=decision_selectors.validity(r, on=on),
            certificates=list(r.certificates.all()),
            newer=_newer(r),
            decision_page_year=_published_year(r.decision),
        )
        for r in items
    ]


def _published_year(decision: Decision) -> int | None:
    """The year of the results page (``results_for_year``) where ``decision`` is shown: a
    campaign's results are public once published."""
    campaign = decision.campaign
    return campaign.year if hasattr(campaign, "publication") else None


def _newer(recognition: Recognition) -> Recognition | None:
    try:
        return recognition.renewed_by
    except ObjectDoesNotExist:
        return None


# --------------------------------------------------------------------------- enterprises


def public_enterprise(pk: int) -> Enterprise | None:
    """An enterprise with at least one recognition; None for any other. Callers show only
    its public facts (name, tax code, district, ownership, website), never its contacts."""
    return (
        Enterprise.objects.filter(
            Exists(Recognition.objects.filter(enterprise=OuterRef("pk"))), pk=pk
        )
        .select_related("district")
        .only(
            "id",
            "name",
            "short_name",
            "tax_code",
            "ownership",
            "website",
            "district",
            "is_demo",
            "is_public_record",
            "source_url",
        )
        .first()
    )


def enterprise_products(enterprise: Enterprise) -> QuerySet[Product]:
    """The enterprise's recognised products (the same rows as the directory)."""
    return _recognised(Product.objects.all(), Recognition.objects.filter(enterprise=enterprise))


# --------------------------------------------------------------------------- results


def results_archive() -> QuerySet[Publication]:
    """Every published result, newest year first, with its decision (if entered) and the
    size of its list (one query)."""
    return (
        Publication.objects.select_related("campaign", "campaign__decision")
        .annotate(
            entry_count=Count("entries", filter=Q(entries__withdrawn=False)),
            top_count=Count("entries", filter=Q(entries__withdrawn=False, entries__top=True)),
            withdrawn_count=Count("entries", filter=Q(entries__withdrawn=True)),
        )
        .order_by("-campaign__year", "campaign__program_id")
    )


def decision_of(publication: Publication) -> Decision | None:
    try:
        return publication.campaign.decision
    except ObjectDoesNotExist:
        return None


@dataclass
class YearResult:
    publication: Publication
    decision: Decision | None
    #: the published list in rank order (a query): the public page shows it a page at a
    #: time, ``page`` (a national list holds thousands of products)
    entries: QuerySet[PublishedEntry] | list[PublishedEntry]
    comments: list[PublicComment]
    recognised: set[int]  # ids of the entries' products recognised by the decision
    page: Page | None = None


def results_for_year(year: int) -> list[YearResult]:
    """The published results of a year (one per program, usually one): the list with rank,
    Top and withdrawn marks (never the scores), the decision, and the comments an officer
    published with the department's answer (never the sender's contact)."""
    publications = list(
        Publication.objects.filter(campaign__year=year)
        .select_related("campaign", "campaign__decision")
        .order_by("campaign__program_id")
    )
    results = []
    for publication in publications:
        decision = decision_of(publication)
        recognised = (
            set(decision.recognitions.values_list("product_id", flat=True)) if decision else set()
        )
        results.append(
            YearResult(
                publication=publication,
                decision=decision,
                entries=(
                    decision_selectors.published_entries(publication).only(
                        "id",
                        "rank",
                        "top",
                        "withdrawn",
                        "product__id",
                        "product__name",
                        "product__is_demo",
                        "product__is_public_record",
                        "product__industry_group__name",
                        "product__industry_group__name_en",
                        "enterprise__id",
                        "enterprise__name",
                        "enterprise__is_demo",
                        "enterprise__is_public_record",
                        "publication_id",
                    )
                ),
                comments=list(decision_selectors.public_comments(publication)),
                recognised=recognised,
            )
        )
    return results


# --------------------------------------------------------------------------- verification


@dataclass
class Verification:
    certificate: Certificate
    recognition: Recognition
    validity: str
    newer: Recognition | None
    newer_certificates: list[Certificate]

    @property
    def is_valid(self) -> bool:
        return self.validity == Validity.VALID

    @property
    def is_expiring(self) -> bool:
        return self.validity == Validity.EXPIRING

    @property
    def is_expired(self) -> bool:
        return self.validity == Validity.EXPIRED

    @property
    def is_revoked(self) -> bool:
        return self.validity == Validity.REVOKED

    @property
    def is_superseded(self) -> bool:
        return self.validity == Validity.SUPERSEDED


def verification(number: str) -> Verification | None:
    """What the public may know of a certificate number (case-insensitive), or None."""
    wanted = number.strip()
    if not wanted:
        return None
    # The renewal is read apart (``_newer``): PostgreSQL takes several times longer to
    # choose the order of nine joins than of these seven (docs/performance.md).
    certificates = Certificate.objects.select_related(
        "recognition__decision",
        "recognition__product",
        "recognition__product__industry_group",
        "recognition__enterprise",
    )
    # Numbers are issued in capitals: the unique index finds them; any other case is still
    # found, by a scan, only when that misses.
    certificate = (
        certificates.filter(number=wanted.upper()).first()
        or certificates.filter(number__iexact=wanted).first()
    )
    if certificate is None:
        return None
    recognition = certificate.recognition
    newer = Recognition.objects.select_related("decision").filter(renewal_of=recognition).first()
    return Verification(
        certificate=certificate,
        recognition=recognition,
        validity=decision_selectors.validity(recognition),
        newer=newer,
        newer_certificates=list(newer.certificates.order_by("title")) if newer else [],
    )


# --------------------------------------------------------------------------- open data


@dataclass
class OpenDataEntry:
    decision: Decision
    latest: OpenDataSnapshot
    versions: list[OpenDataSnapshot]  # newest first, the latest included


def open_data_index() -> list[OpenDataEntry]:
    """Each decision with open data: its latest version and every version (two queries)."""
    decisions = (
        Decision.objects.filter(Exists(OpenDataSnapshot.objects.filter(decision=OuterRef("pk"))))
        .select_related("campaign")
        .prefetch_related(
            Prefetch(
                "snapshots",
                queryset=OpenDataSnapshot.objects.order_by("-version"),
                to_attr="versions",
            )
        )
        .order_by("-campaign__year", "-signed_on", "-id")
    )
    return [OpenDataEntry(d, d.versions[0], d.versions) for d in decisions]


def snapshot(decision_pk: int, version: int) -> OpenDataSnapshot | None:
    return (
        OpenDataSnapshot.objects.select_related("decision__campaign")
        .filter(decision_id=decision_pk, version=version)
        .first()
    )


def latest_snapshot(decision_pk: int) -> OpenDataSnapshot | None:
    return OpenDataSnapshot.objects.filter(decision_id=decision_pk).order_by("-version").first()
