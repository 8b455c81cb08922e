"""Public endpoints never leak: seed distinctive private values (contacts, representatives,
dossier figures, score comments, private and public comments' senders) and search every
public response for them."""

import json
from decimal import Decimal

import pytest
from django.utils import timezone

from chuluc.accounts import services as account_services
from chuluc.accounts.enums import Role
from chuluc.council import services as council_services
from chuluc.decisions import services as decision_services
from chuluc.decisions.enums import CommentEffect, CommentStatus
from chuluc.registry import services as registry_services
from tests.api.conftest import API
from tests.factories.accounts import MembershipFactory
from tests.factories.council import build_council
from tests.factories.decisions import close_comments

SECRETS = {
    "enterprise email": "doanhnghiep-bimat@ro-ri.example",
    "enterprise phone": "0987000111",
    "enterprise address": "Số 99 ngõ Không Công Khai",
    "contact name": "Trần Liên Hệ Kín",
    "contact phone": "0987000222",
    "contact email": "lienhe-kin@ro-ri.example",
    "representative email": "daidien-kin@ro-ri.example",
    "representative phone": "0987000333",
    "representative name": "Lê Đại Diện Kín",
    "score comment": "NHAN-XET-CHAM-DIEM-KIN",
    "private comment text": "GOP-Y-KHONG-CONG-KHAI",
    "private comment sender": "nguoigopy-kin@ro-ri.example",
    "published comment sender": "lienhe-gopy-congkhai@ro-ri.example",
    "dossier revenue": "150000000000",
    "dossier production value": "140000000000",
}
PRIVATE_KEYS = {
    "email",
    "phone",
    "address",
    "contacts",
    "representatives",
    "figures",
    "revenue_vnd",
    "production_value_vnd",
    "export_usd",
    "employees",
    "total",
    "score",
    "scores",
    "components",
    "comment",
    "comments",
    "author_contact",
}


@pytest.fixture
def leaky_world(officer, rep_a, enterprise_a):
    """A decided campaign whose every private corner holds a distinctive value."""
    registry_services.enterprise_update(
        actor=officer,
        enterprise=enterprise_a,
        email=SECRETS["enterprise email"],
        phone=SECRETS["enterprise phone"],
        address=SECRETS["enterprise address"],
    )
    registry_services.enterprise_contact_add(
        actor=officer,
        enterprise=enterprise_a,
        name=SECRETS["contact name"],
        phone=SECRETS["contact phone"],
        email=SECRETS["contact email"],
    )
    rep = account_services.user_create(
        actor=officer,
        username="dai_dien_kin",
        email=SECRETS["representative email"],
        phone=SECRETS["representative phone"],
        full_name=SECRETS["representative name"],
        roles=[Role.ENTERPRISE_REP],
    )
    MembershipFactory(user=rep, enterprise=enterprise_a)

    setup = build_council(officer=officer, rep=rep_a, enterprise=enterprise_a, dossier_count=3)
    campaign = setup["campaign"]
    campaign.top_n, campaign.pass_mark = 1, Decimal(50)
    campaign.save(update_fields=["top_n", "pass_mark"])
    round_ = setup["council"].rounds.get()
    for member in (setup["members"]["uv1"], setup["members"]["uv2"]):
        for i, dossier in enumerate(setup["dossiers"]):
            for criterion in setup["judged"]:
                council_services.score_record(
                    actor=member.user,
                    round_=round_,
                    dossier=dossier,
                    criterion=criterion,
                    value=(criterion.max_points * Decimal(100 - 10 * i) / 100).quantize(
                        Decimal("0.01")
                    ),
                    comment=SECRETS["score comment"],
                )
    council_services.round_close(actor=setup["members"]["thu_ky"].user, round_=round_)

    publication = decision_services.publication_publish(actor=officer, campaign=campaign)
    entry = publication.entries.order_by("rank").first()
    for text, contact, address, status in (
        (
            SECRETS["private comment text"],
            SECRETS["private comment sender"],
            "198.51.100.1",
            CommentStatus.PRIVATE,
        ),
        (
            "Sản phẩm tốt, đồng ý công nhận.",
            SECRETS["published comment sender"],
            "198.51.100.2",
            CommentStatus.PUBLISHED,
        ),
    ):
        comment = decision_services.comment_submit(
            publication=publication,
            entry=entry,
            author_name="Người góp ý",
            author_contact=contact,
            text=text,
            address=address,
        )
        decision_services.comment_moderate(actor=officer, comment=comment, status=status)
        decision_services.comment_answer(
            actor=officer, comment=comment, answer="Sở đã tiếp thu.", effect=CommentEffect.NONE
        )
    close_comments(publication)
    decision = decision_services.decision_enter(
        actor=officer,
        campaign=campaign,
        number="77/QĐ-UBND",
        signed_on=timezone.localdate(publication.comments_close_at),
        signer_name="Nguyễn Văn Ký",
        signer_title="Phó Chủ tịch UBND Thành phố",
    )
    return {"decision": decision, "enterprise": enterprise_a}


def _public_urls(client, world) -> list[str]:
    schema = client.get(f"{API}/openapi.json").json()
    recognition = world["decision"].recognitions.order_by("rank").first()
    values = {
        "product_id": recognition.product_id,
        "recognition_id": recognition.pk,
        "enterprise_id": recognition.enterprise_id,
        "number": recognition.certificates.first().number,
    }
    urls = []
    for path, item in schema["paths"].items():
        if item["get"].get("security"):
            continue
        url = path.format(**values)
        urls.append(url if "{" in path else f"{url}?limit=100")
    return urls


def _keys(data) -> set[str]:
    if isinstance(data, dict):
        return set(data) | {k for v in data.values() for k in _keys(v)}
    if isinstance(data, list):
        return {k for v in data for k in _keys(v)}
    return set()


def test_public_endpoints_answer_no_private_value(client, leaky_world):
    urls = _public_urls(client, leaky_world)
    responses = [client.get(url) for url in urls]
    assert [r.status_code for r in responses] == [200] * len(urls)
    bodies = [r.json() for r in responses]
    text = json.dumps(bodies, ensure_ascii=False)

    leaked = {label: value for label, value in SECRETS.items() if value in text}
    private_keys = _keys(bodies) & PRIVATE_KEYS

    assert "Công ty CP Khóa Thử Nghiệm A" in text  # the responses did carry the enterprise
    assert len(urls) == 8
    assert leaked == {}
    assert private_keys == set()
