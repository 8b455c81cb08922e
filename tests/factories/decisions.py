"""Worlds for the decisions part, built through the services: a closed council round with
passing products, its publication, the decision and its recognitions; and factories for a
decision or a public comment written directly."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import factory
from django.utils import timezone

from chuluc.council import services as council_services
from chuluc.decisions import services
from chuluc.decisions.models import Decision, Publication, PublicComment
from tests.factories.accounts import UserFactory
from tests.factories.council import build_council
from tests.factories.registry import EnterpriseFactory, ProductFactory


def closed_council(
    *, officer, rep, enterprise, dossier_count: int = 4, top_n: int = 2, year=2026, products=None
) -> dict:
    """A council whose round is closed: dossier i gets (100 - 10 i) % of every judged
    criterion from both members, so the first ones pass and the first ``top_n`` are Top."""
    setup = build_council(
        officer=officer,
        rep=rep,
        enterprise=enterprise,
        dossier_count=dossier_count,
        year=year,
        products=products,
    )
    campaign = setup["campaign"]
    campaign.top_n, campaign.pass_mark = top_n, Decimal(50)
    campaign.save(update_fields=["top_n", "pass_mark"])
    round_ = setup["council"].rounds.get()
    for member in (setup["members"]["uv1"], setup["members"]["uv2"]):
        for i, dossier in enumerate(setup["dossiers"]):
            for criterion in setup["judged"]:
                share = Decimal(100 - 10 * i) / 100
                council_services.score_record(
                    actor=member.user,
                    round_=round_,
                    dossier=dossier,
                    criterion=criterion,
                    value=(criterion.max_points * share).quantize(Decimal("0.01")),
                )
    council_services.round_close(actor=setup["members"]["thu_ky"].user, round_=round_)
    return setup


def published(*, officer, rep, enterprise, **options) -> dict:
    world = closed_council(officer=officer, rep=rep, enterprise=enterprise, **options)
    world["publication"] = services.publication_publish(
        actor=officer, campaign=world["campaign"], notice="Lấy ý kiến nhân dân (thử)"
    )
    return world


def close_comments(publication: Publication, *, days_ago: int = 1) -> None:
    """As if the comment window had ended ``days_ago`` days ago."""
    Publication.objects.filter(pk=publication.pk).update(
        comments_close_at=timezone.now() - dt.timedelta(days=days_ago)
    )
    publication.refresh_from_db()


def decided(*, officer, rep, enterprise, number: str = "1234/QĐ-UBND", **options) -> dict:
    world = published(officer=officer, rep=rep, enterprise=enterprise, **options)
    close_comments(world["publication"])
    world["decision"] = services.decision_enter(
        actor=officer,
        campaign=world["campaign"],
        number=number,
        signed_on=timezone.localdate(),
        signer_name="Nguyễn Văn Thử",
        signer_title="Phó Chủ tịch UBND Thành phố",
    )
    return world


def other_enterprise_product(name: str = "Sản phẩm khác"):
    enterprise = EnterpriseFactory()
    return ProductFactory(enterprise=enterprise, name=name)


class DecisionFactory(factory.django.DjangoModelFactory):
    """A decision entered without its council (``campaign`` is required): for worlds whose
    recognitions are written directly; :func:`decided` builds one through the services."""

    class Meta:
        model = Decision

    number = factory.Sequence(lambda n: f"{n + 1}/QĐ-UBND (thử)")
    signed_on = factory.LazyFunction(timezone.localdate)
    signer_name = "Người Ký Thử"
    signer_title = "Phó Chủ tịch UBND Thành phố"
    entered_by = factory.SubFactory(UserFactory)
    entered_at = factory.LazyFunction(timezone.now)


class PublicCommentFactory(factory.django.DjangoModelFactory):
    """A comment received on ``publication`` (required), on its first entry unless
    ``entry`` is given, waiting for moderation."""

    class Meta:
        model = PublicComment

    entry = factory.LazyAttribute(lambda o: o.publication.entries.first())
    author_name = "Người góp ý"
    author_contact = "bi-mat@example.vn"
    text = "Góp ý bí mật chưa duyệt"
    received_at = factory.LazyFunction(timezone.now)
    sender_key = "x"


def decided_in_the_past(
    *,
    officer,
    rep,
    enterprise,
    year: int = 2023,
    published_on: dt.date | None = None,
    signed_on: dt.date | None = None,
    number: str = "4023/QĐ-UBND",
    **options,
) -> dict:
    """A past year's campaign whose decision was recorded in history mode, with the real
    dates (by default published 14/11, signed 30/11 of ``year``)."""
    world = closed_council(officer=officer, rep=rep, enterprise=enterprise, year=year, **options)
    world["decision"] = services.decision_record_past(
        actor=officer,
        campaign=world["campaign"],
        published_on=published_on or dt.date(year, 11, 14),
        number=number,
        signed_on=signed_on or dt.date(year, 11, 30),
        signer_name="Nguyễn Văn Thử",
        signer_title="Phó Chủ tịch UBND Thành phố",
    )
    world["publication"] = world["decision"].campaign.publication
    return world
