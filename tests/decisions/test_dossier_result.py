"""A firm sees its dossier's final score and rank once the result is public, and its
recognition and certificates there once decided (issue 18: it never saw its score or
rank, and its dossier showed no certificate)."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from chuluc.council.models import Result
from chuluc.decisions import selectors, services
from chuluc.decisions.enums import Validity
from tests.factories.decisions import close_comments, closed_council, decided
from tests.factories.portal import recognise
from tests.factories.registry import ProductFactory


def _page(client, user, dossier) -> str:
    client.force_login(user)
    response = client.get(reverse("campaigns:dossier_detail", args=[dossier.pk]))
    assert response.status_code == 200
    return response.content.decode()


def _section(text: str) -> str:
    return text.split('id="dossier-result"')[1].split("</section>", maxsplit=1)[0]


@pytest.fixture
def world(officer, rep_a, enterprise_a):
    return closed_council(officer=officer, rep=rep_a, enterprise=enterprise_a, dossier_count=6)


def test_no_score_before_the_result_is_public(client, rep_a, world):
    dossier = world["dossiers"][0]
    assert Result.objects.filter(dossier=dossier).exists()
    assert 'id="dossier-result"' not in _page(client, rep_a, dossier)
    assert selectors.dossier_result(dossier) is None


def test_the_score_and_rank_once_published_for_comment(client, officer, rep_a, world):
    """Regression: the firm never saw its final score or rank."""
    publication = services.publication_publish(
        actor=officer, campaign=world["campaign"], notice="Thử"
    )
    dossier = world["dossiers"][1]
    entry = publication.entries.get(dossier=dossier)
    section = _section(_page(client, rep_a, dossier))
    total = re.search(r'id="result-total">([^<]*)<', section).group(1)
    assert total == f"{entry.total:.2f}".replace(".", ",")
    rank = re.search(r'id="result-rank">\s*([^<]*?)\s*<', section).group(1)
    assert rank == f"Thứ {entry.rank} trên 6 hồ sơ được Hội đồng chấm điểm"
    assert "đang được công bố lấy ý kiến" in section
    assert "Giấy chứng nhận" not in section


def test_a_product_below_the_pass_mark_sees_its_score_too(client, officer, rep_a, world):
    services.publication_publish(actor=officer, campaign=world["campaign"], notice="Thử")
    # the sixth dossier has half the points of the first: below the pass mark
    failed = Result.objects.filter(council=world["council"], passed=False).first()
    assert failed is not None
    section = _section(_page(client, rep_a, failed.dossier))
    assert "Chưa đạt điểm đạt" in section
    assert f"Thứ {failed.rank} trên 6" in section


def test_the_recognition_and_certificates_once_decided(client, officer, rep_a, world):
    """Regression: a recognised firm's dossier showed no certificate."""
    publication = services.publication_publish(
        actor=officer, campaign=world["campaign"], notice="Thử"
    )
    close_comments(publication)
    services.decision_enter(
        actor=officer,
        campaign=world["campaign"],
        number="77/QĐ-UBND",
        signed_on=publication.published_at.date(),
        signer_name="Nguyễn Văn Thử",
        signer_title="Phó Chủ tịch UBND Thành phố",
    )
    dossier = world["dossiers"][0]
    recognition = dossier.recognition
    section = _section(_page(client, rep_a, dossier))
    for certificate in recognition.certificates.all():
        assert reverse("decisions:certificate_pdf", args=[certificate.pk]) in section
        assert certificate.number in section
    assert str(Validity.VALID.label) in section
    assert "77/QĐ-UBND" in section
    assert "đang được công bố lấy ý kiến" not in section


def test_another_firm_cannot_open_the_dossier(client, officer, rep_b, world):
    services.publication_publish(actor=officer, campaign=world["campaign"], notice="Thử")
    client.force_login(rep_b)
    url = reverse("campaigns:dossier_detail", args=[world["dossiers"][0].pk])
    assert client.get(url).status_code in (403, 404)


def test_the_panel_keeps_a_fixed_number_of_queries(client, officer, rep_a, enterprise_a):
    world = decided(officer=officer, rep=rep_a, enterprise=enterprise_a, dossier_count=2)
    dossier = world["dossiers"][0]
    url = reverse("campaigns:dossier_detail", args=[dossier.pk])
    client.force_login(rep_a)

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(url)
        assert response.status_code == 200
        assert 'id="dossier-result"' in response.content.decode()
        return len(ctx)

    few = count()
    for rank in range(10, 30):
        product = ProductFactory(enterprise=enterprise_a, name=f"Sản phẩm thêm {rank}")
        recognise(decision=world["decision"], product=product, rank=rank, actor=officer)
    assert count() == few
