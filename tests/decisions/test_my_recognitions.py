""" "Công nhận của tôi" (issue 18): a recognised firm found no certificate anywhere
(``/cong-nhan/`` was 403 for it, its dossier showed none) though the PDF URL worked. Its
page lists every recognition of the enterprises it represents with the certificates, the
validity from the one derivation and, when it nears its end, the call to the current
campaign; never another firm's."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from chuluc.decisions.enums import Validity
from chuluc.decisions.models import Recognition
from tests.factories.decisions import decided
from tests.factories.portal import recognise
from tests.factories.registry import ProductFactory

URL = "/cong-nhan-cua-toi/"


@pytest.fixture
def world(officer, rep_a, enterprise_a):
    return decided(officer=officer, rep=rep_a, enterprise=enterprise_a)


def test_the_page_has_its_address():
    assert reverse("decisions:my_recognitions") == URL


def test_a_firm_sees_its_recognitions_and_certificates(client, rep_a, world):
    client.force_login(rep_a)
    response = client.get(URL)
    assert response.status_code == 200
    text = response.content.decode()
    recognitions = list(Recognition.objects.filter(enterprise=world["dossiers"][0].enterprise))
    assert recognitions
    for recognition in recognitions:
        assert recognition.product.name in text
        for certificate in recognition.certificates.all():
            assert reverse("decisions:certificate_pdf", args=[certificate.pk]) in text
            assert certificate.number in text
    assert str(Validity.VALID.label) in text
    assert world["decision"].number in text


def test_another_firm_sees_none_of_them(client, rep_b, world):
    client.force_login(rep_b)
    response = client.get(URL)
    assert response.status_code == 200
    text = response.content.decode()
    assert response.context["rows"] == []
    for recognition in Recognition.objects.all():
        assert recognition.product.name not in text
        for certificate in recognition.certificates.all():
            assert certificate.number not in text
    assert "chưa có sản phẩm được công nhận" in text


def test_the_internal_list_takes_a_firm_to_its_own(client, rep_a, world):
    """Regression: ``/cong-nhan/`` answered 403 to a recognised firm."""
    client.force_login(rep_a)
    response = client.get(reverse("decisions:recognitions"), follow=True)
    assert response.status_code == 200
    assert response.redirect_chain[-1][0] == URL


def test_the_menu_offers_it_to_representatives_only(client, rep_a, officer, world):
    client.force_login(rep_a)
    assert f'href="{URL}"' in client.get("/").content.decode()
    client.force_login(officer)
    assert f'href="{URL}"' not in client.get("/").content.decode()


def test_an_expiring_recognition_calls_the_firm_to_the_current_campaign(
    client, rep_a, world, settings
):
    settings.EXPIRY_REMINDER_DAYS = [90, 30]
    recognition = world["decision"].recognitions.order_by("rank").first()
    Recognition.objects.filter(pk=recognition.pk).update(
        valid_until=timezone.localdate() + dt.timedelta(days=20)
    )
    client.force_login(rep_a)
    response = client.get(URL)
    text = response.content.decode()
    card = text.split(f'id="recognition-{recognition.pk}"')[1].split("</article>")[0]
    assert str(Validity.EXPIRING.label) in card
    assert "sắp hết hiệu lực" in card
    campaign_url = reverse("campaigns:campaign_detail", args=[world["campaign"].pk])
    assert campaign_url in card
    # the others, valid for years, carry no call
    assert text.count(campaign_url) == 1


def test_a_valid_recognition_carries_no_renewal_call(client, rep_a, world):
    client.force_login(rep_a)
    text = client.get(URL).content.decode()
    assert "sắp hết hiệu lực" not in text
    assert reverse("campaigns:campaign_detail", args=[world["campaign"].pk]) not in text


def test_the_query_count_is_fixed(client, officer, rep_a, enterprise_a):
    world = decided(officer=officer, rep=rep_a, enterprise=enterprise_a, dossier_count=1, top_n=1)

    def count() -> tuple[int, int]:
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(URL)
        assert response.status_code == 200
        return len(ctx), len(response.context["rows"])

    client.force_login(rep_a)
    one, one_rows = count()
    for rank in range(10, 30):
        product = ProductFactory(enterprise=enterprise_a, name=f"Sản phẩm thêm {rank}")
        recognise(
            decision=world["decision"], product=product, rank=rank, top=rank % 2 == 0, actor=officer
        )
    many, many_rows = count()
    assert many == one
    assert (one_rows, many_rows) == (1, 21)


def test_the_page_in_english(client, rep_a, world, settings):
    settings.EXPIRY_REMINDER_DAYS = [90, 30]
    recognition = world["decision"].recognitions.order_by("rank").first()
    Recognition.objects.filter(pk=recognition.pk).update(
        valid_until=timezone.localdate() + dt.timedelta(days=20)
    )
    client.force_login(rep_a)
    client.post(reverse("set_language"), {"language": "en", "next": URL})
    text = client.get(URL).content.decode()
    assert "My recognitions" in text
    assert "expires soon" in text
    assert "Công nhận sắp hết hiệu lực" not in text
