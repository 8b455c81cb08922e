"""Campaigns and dossiers for tests, built through the services like real ones, and a
factory for the dossiers a test needs in a state the services would take a whole council to
reach."""

import datetime as dt
from decimal import Decimal

import factory
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from chuluc.campaigns import services
from chuluc.campaigns.enums import CampaignStatus, EvidenceKind, TieBreak
from chuluc.campaigns.models import Dossier
from chuluc.campaigns.selectors import default_program
from chuluc.demo.campaigns import demo_pdf
from tests.factories.accounts import UserFactory
from tests.factories.registry import ProductFactory


def make_campaign(
    *, year: int = 2026, opens_days_ago: int = 10, closes_in_days: int = 20, **fields
):
    now = timezone.now()
    defaults = {
        "registration_opens": now - dt.timedelta(days=opens_days_ago),
        "registration_closes": now + dt.timedelta(days=closes_in_days),
        "pass_mark": Decimal(70),
        "status": CampaignStatus.PUBLISHED,
        # ties go to the council's vote unless a test names tie-break criteria
        "tie_break": TieBreak.VOTE,
    }
    return services.campaign_create(
        actor=None, program=default_program(), year=year, **{**defaults, **fields}
    )


def pdf_upload(name: str = "tai-lieu.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, demo_pdf("Test document"))


# A criteria set that imports: two groups, a computed and a judged criterion, 100 points.
VALID_CRITERIA = """
name: Bộ thử
total_points: 100
groups:
  - code: A
    name: Quy mô
    criteria:
      - {code: K1, name: Doanh thu, kind: computed, metric: revenue_latest_bn, max_points: 60,
         bands: [{lower: null, upper: 100, points: 20}, {lower: 100, upper: null, points: 60}]}
      - {code: K2, name: Công nghệ, kind: judged, scorer: so-khcn, max_points: 40}
"""

GOOD_FIGURES = {
    "revenue_vnd": 150_000_000_000,
    "production_value_vnd": 140_000_000_000,
    "export_usd": 2_000_000,
    "employees": 300,
}


def complete_dossier(*, actor, campaign, product, figures: dict | None = None):
    """A draft with every required item, ready to submit."""
    dossier = services.dossier_create(actor=actor, campaign=campaign, product=product)
    years = range(campaign.year - campaign.figure_years, campaign.year)
    services.dossier_save(
        actor=actor, dossier=dossier, figures={y: dict(figures or GOOD_FIGURES) for y in years}
    )
    for kind in (
        EvidenceKind.FINANCIAL_STATEMENT,
        EvidenceKind.BUSINESS_REGISTRATION,
        EvidenceKind.COMPLIANCE_COMMITMENT,
    ):
        services.evidence_upload(
            actor=actor, dossier=dossier, kind=kind, upload=pdf_upload(f"{kind}.pdf")
        )
    dossier.refresh_from_db()
    return dossier


def eligible_dossier(*, officer, actor, campaign, product, figures: dict | None = None):
    """A dossier submitted and screened eligible (every rule confirmed as computed)."""
    dossier = complete_dossier(actor=actor, campaign=campaign, product=product, figures=figures)
    services.dossier_submit(actor=actor, dossier=dossier)
    return screen_eligible(officer=officer, dossier=dossier)


def submitted_and_drafts(*, rep, campaign, enterprise, count: int) -> None:
    """``count`` submitted dossiers and ``count`` drafts of new products of ``enterprise``:
    the queues' query-count tests (one row, then many)."""
    for _ in range(count):
        product = ProductFactory(enterprise=enterprise)
        dossier = complete_dossier(actor=rep, campaign=campaign, product=product)
        services.dossier_submit(actor=rep, dossier=dossier)
        services.dossier_create(
            actor=rep, campaign=campaign, product=ProductFactory(enterprise=enterprise)
        )


def screen_eligible(*, officer, dossier):
    """A submitted dossier screened eligible: every rule confirmed as computed."""
    for check in dossier.screening.all():
        services.screening_decide(
            actor=officer,
            check=check,
            outcome="pass",
            reason="" if check.automatic == "pass" else "Đạt (thử)",
        )
    return services.dossier_screen(actor=officer, dossier=dossier)


class DossierFactory(factory.django.DjangoModelFactory):
    """A dossier row written directly (``campaign`` is required), for a state such as
    recognised without its council; a dossier the services can build is built by
    :func:`complete_dossier`."""

    class Meta:
        model = Dossier

    product = factory.SubFactory(ProductFactory)
    enterprise = factory.LazyAttribute(lambda o: o.product.enterprise)
    track = factory.LazyAttribute(lambda o: o.product.track)
    created_by = factory.SubFactory(UserFactory)
