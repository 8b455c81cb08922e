"""Worlds for the portal's tests.

The main world goes through the services from the council's closed round to the decision:
five passing products of enterprise A (the first two Top), comments sent, moderated and
answered, the fifth product withdrawn after a comment, the decision entered. Then one more
recognition for an FDI enterprise (demo data), a renewal of the first product in the next
year, a revocation and an expired recognition.

Recognitions beyond the services' reach (another enterprise without its own council, a
later year, fifty rows for the query counts) are written by ``recognise``: the services
would need a whole council per row, and the portal only reads them."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from dateutil.relativedelta import relativedelta
from django.utils import timezone

from chuluc.campaigns.enums import DossierStatus
from chuluc.campaigns.models import YearFigures
from chuluc.council.models import CombinedScore, Result, Score
from chuluc.decisions import services
from chuluc.decisions.enums import CommentEffect, CommentStatus, RecognitionStatus, Title
from chuluc.decisions.models import Certificate, Decision, Recognition
from chuluc.registry import services as registry_services
from chuluc.registry.enums import Ownership
from chuluc.registry.models import District, IndustryGroup
from tests.factories.campaigns import DossierFactory, make_campaign
from tests.factories.decisions import (
    DecisionFactory,
    PublicCommentFactory,
    close_comments,
    published,
)
from tests.factories.registry import valid_tax_code

# Values no public page may show (each appears in the database of the main world).
REVENUE = 987654321987
PRODUCTION = 876543219876
EXPORT_USD = 7654321
SCORE = Decimal("6.78")
TOTAL = Decimal("87.6543")
PUBLISHED_TEXT = "Sản phẩm SP 1 đạt chất lượng, đề nghị giữ trong danh sách."
PUBLISHED_ANSWER = "Sở ghi nhận ý kiến ủng hộ."
PUBLISHED_CONTACT = "nguoi.gop.y.cong.khai@example.vn"
PRIVATE_TEXT = "Góp ý giữ kín MẬT-KÍN-4471 về sản phẩm SP 4."
PRIVATE_CONTACT = "0911 222 333"
WAITING_TEXT = "Góp ý chờ duyệt CHỜ-DUYỆT-5582."
WAITING_CONTACT = "cho.duyet@example.vn"
ENTERPRISE_EMAIL = "van.phong@khoa-a.example.vn"
ENTERPRISE_PHONE = "024 3999 8888"
CONTACT_NAME = "Trần Thị Liên Hệ"
CONTACT_EMAIL = "tran.lienhe@khoa-a.example.vn"
CONTACT_PHONE = "0912 345 678"
REP_PHONE = "0987 111 222"
WEBSITE = "https://khoa-a.example.vn"
FDI_NAME = "Công ty TNHH Sữa Ngoại Thử"
FDI_PRODUCT = "Sữa chua Hương Quê"
NEXT_YEAR_NUMBER = "77/QĐ-UBND"
REVOKE_REASON = "Doanh nghiệp ngừng sản xuất sản phẩm tại Hà Nội"
REVOKE_REF = "99/QĐ-UBND ngày 01/02/2027"


def recognise(
    *,
    decision: Decision,
    product,
    rank: int,
    actor,
    top: bool = False,
    renewal_of: Recognition | None = None,
) -> Recognition:
    """A recognition of ``product`` by ``decision`` with its certificates, numbered after
    the decision's existing ones; a renewal supersedes the older recognition."""
    campaign = decision.campaign
    dossier = DossierFactory(
        campaign=campaign, product=product, status=DossierStatus.RECOGNISED, created_by=actor
    )
    if renewal_of is not None:
        Recognition.objects.filter(pk=renewal_of.pk).update(status=RecognitionStatus.SUPERSEDED)
    recognition = Recognition.objects.create(
        decision=decision,
        product=product,
        enterprise=product.enterprise,
        dossier=dossier,
        year=campaign.year,
        top=top,
        rank=rank,
        valid_from=decision.signed_on,
        valid_until=decision.signed_on
        + relativedelta(months=campaign.validity_months)
        - dt.timedelta(days=1),
        renewal_of=renewal_of,
    )
    for title in (Title.SPCNCL, Title.TOP) if top else (Title.SPCNCL,):
        seq = Certificate.objects.filter(recognition__decision=decision, title=title).count() + 1
        Certificate.objects.create(
            recognition=recognition,
            title=title,
            number=services.NUMBER_FORMATS[title].format(year=campaign.year, seq=seq),
            issued_on=decision.signed_on,
        )
    return recognition


def next_year_decision(*, officer, year: int, number: str) -> Decision:
    return DecisionFactory(
        campaign=make_campaign(year=year),
        number=number,
        signer_name="Trần Văn Năm Sau",
        entered_by=officer,
    )


def _comment(world, entry, *, text, contact, address, status=None, answer=None):
    comment = services.comment_submit(
        publication=world["publication"],
        entry=entry,
        author_name="Nguyễn Văn Góp Ý",
        author_contact=contact,
        text=text,
        address=address,
    )
    officer = world["officer"]
    if status:
        services.comment_moderate(actor=officer, comment=comment, status=status)
    if answer:
        services.comment_answer(
            actor=officer, comment=comment, answer=answer, effect=CommentEffect.NONE
        )
    return comment


def _private_values(world, *, rep, enterprise) -> None:
    """Figures, scores and contacts that must never reach a public page."""
    dossiers = [r.dossier_id for r in world["decision"].recognitions.all()]
    # The world builder types its own figures; these distinctive ones replace them.
    YearFigures.objects.filter(dossier_id__in=dossiers).update(
        revenue_vnd=REVENUE, production_value_vnd=PRODUCTION, export_usd=EXPORT_USD
    )
    Score.objects.update(value=SCORE)
    CombinedScore.objects.update(low=SCORE, high=SCORE)
    Result.objects.update(total=TOTAL, normalised_total=TOTAL)
    world["publication"].entries.update(total=TOTAL)
    rep.phone = REP_PHONE
    rep.save(update_fields=["phone"])
    registry_services.enterprise_contact_add(
        actor=world["officer"],
        enterprise=enterprise,
        name=CONTACT_NAME,
        position="Giám đốc",
        phone=CONTACT_PHONE,
        email=CONTACT_EMAIL,
    )


def portal_world(*, officer, rep, enterprise) -> dict:
    world = published(officer=officer, rep=rep, enterprise=enterprise, dossier_count=5)
    world["officer"] = officer
    entries = list(world["publication"].entries.order_by("rank"))
    _comment(
        world,
        entries[1],
        text=PUBLISHED_TEXT,
        contact=PUBLISHED_CONTACT,
        address="10.0.0.1",
        status=CommentStatus.PUBLISHED,
        answer=PUBLISHED_ANSWER,
    )
    _comment(
        world,
        entries[4],
        text=PRIVATE_TEXT,
        contact=PRIVATE_CONTACT,
        address="10.0.0.2",
        status=CommentStatus.PRIVATE,
        answer="Sở đã xác minh, đưa sản phẩm ra khỏi danh sách.",
    )
    services.entry_withdraw(actor=officer, entry=entries[4], reason="Góp ý đúng (thử)")
    close_comments(world["publication"])
    world["decision"] = services.decision_enter(
        actor=officer,
        campaign=world["campaign"],
        number="1234/QĐ-UBND",
        signed_on=timezone.localdate(),
        signer_name="Nguyễn Văn Thử",
        signer_title="Phó Chủ tịch UBND Thành phố",
    )
    # Sent by mail after the window, entered by hand, still waiting for moderation.
    PublicCommentFactory(
        publication=world["publication"],
        entry=entries[0],
        author_name="Người gửi muộn",
        author_contact=WAITING_CONTACT,
        text=WAITING_TEXT,
        sender_key="thu",
    )
    registry_services.enterprise_update(
        actor=officer,
        enterprise=enterprise,
        district=District.objects.get(code="ba-dinh"),
        website=WEBSITE,
        email=ENTERPRISE_EMAIL,
        phone=ENTERPRISE_PHONE,
    )
    _private_values(world, rep=rep, enterprise=enterprise)

    recognitions = {r.product.name: r for r in world["decision"].recognitions.all()}
    fdi = registry_services.enterprise_create(
        actor=officer,
        name=FDI_NAME,
        tax_code=valid_tax_code(900_001),
        ownership=Ownership.FDI,
        district=District.objects.get(code="dong-anh"),
        is_demo=True,
    )
    fdi_product = registry_services.product_create(
        actor=officer,
        enterprise=fdi,
        name=FDI_PRODUCT,
        industry_group=IndustryGroup.objects.get(code="nong-san-thuc-pham"),
        is_demo=True,
    )
    recognitions[FDI_PRODUCT] = recognise(
        decision=world["decision"], product=fdi_product, rank=5, actor=officer
    )
    # Enterprise A's product that was never recognised: nothing of it is public.
    world["unrecognised"] = registry_services.product_create(
        actor=officer, enterprise=enterprise, name="Sản phẩm chưa công nhận"
    )

    world["next_decision"] = next_year_decision(officer=officer, year=2027, number=NEXT_YEAR_NUMBER)
    recognitions["SP 0 (2027)"] = recognise(
        decision=world["next_decision"],
        product=recognitions["SP 0"].product,
        rank=1,
        top=True,
        actor=officer,
        renewal_of=recognitions["SP 0"],
    )
    services.recognition_revoke(
        actor=officer,
        recognition=recognitions["SP 3"],
        reason=REVOKE_REASON,
        decision_ref=REVOKE_REF,
    )
    Recognition.objects.filter(pk=recognitions["SP 2"].pk).update(
        valid_until=timezone.localdate() - dt.timedelta(days=1)
    )
    for recognition in recognitions.values():
        recognition.refresh_from_db()
    world.update(
        recognitions=recognitions,
        fdi=fdi,
        fdi_product=fdi_product,
        rep=rep,
        enterprise=enterprise,
    )
    return world


def certificate(world, name: str, title: str = Title.SPCNCL) -> Certificate:
    return world["recognitions"][name].certificates.get(title=title)
