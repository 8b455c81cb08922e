"""A recognition's validity comes from one derivation (issue 17, point 2): on 07/12/2026 the
officer's list showed the 2023 recognitions (valid until 29/11/2026) as "Còn hiệu lực" and
the detail page read "Còn hiệu lực (expired)", while the public verification said expired."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from chuluc.decisions import selectors, services
from chuluc.decisions.enums import RecognitionStatus, Validity
from chuluc.decisions.models import Recognition
from tests.factories.accounts import MembershipFactory, UserFactory
from tests.factories.decisions import decided
from tests.factories.registry import EnterpriseFactory

TODAY = dt.date(2026, 12, 7)


@pytest.fixture
def world(officer):
    rep, enterprise = UserFactory(roles=["enterprise_rep"]), EnterpriseFactory()
    MembershipFactory(user=rep, enterprise=enterprise)
    return decided(officer=officer, rep=rep, enterprise=enterprise)


def _expire(recognition: Recognition) -> Recognition:
    """Valid until a week ago (as the 2023 recognitions were on 07/12/2026)."""
    Recognition.objects.filter(pk=recognition.pk).update(
        valid_until=timezone.localdate() - dt.timedelta(days=8)
    )
    recognition.refresh_from_db()
    return recognition


def test_officer_list_and_detail_say_expired(client, officer, world):
    recognition = _expire(world["decision"].recognitions.order_by("rank").first())
    client.force_login(officer)

    listing = client.get(reverse("decisions:recognitions")).content.decode()
    row = listing.split(f'href="{reverse("decisions:recognition_detail", args=[recognition.pk])}"')[
        1
    ]
    assert str(Validity.EXPIRED.label) in row.split("</tr>")[0]

    detail = client.get(reverse("decisions:recognition_detail", args=[recognition.pk]))
    text = detail.content.decode()
    shown = text.split('id="recognition-validity">')[1].split("</dd>")[0]
    assert shown == str(Validity.EXPIRED.label)
    assert "expired" not in text.split('id="recognition-validity">')[1][:80]


def test_officers_filter_by_validity(client, officer, world):
    recognitions = list(world["decision"].recognitions.order_by("rank"))
    expired = _expire(recognitions[0])
    client.force_login(officer)
    url = reverse("decisions:recognitions")

    page = client.get(url, {"hieu-luc": "expired"})
    assert list(page.context["page"]) == [expired]
    valid = client.get(url, {"hieu-luc": "valid"})
    assert expired not in list(valid.context["page"])
    assert len(valid.context["page"]) == len(recognitions) - 1
    # an unknown value is ignored, not an error
    assert client.get(url, {"hieu-luc": "<script>"}).status_code == 200


def test_the_query_and_the_function_agree(world):
    """with_validity (the officers' filter) selects exactly the rows validity() names, for
    every stored status on both sides of the date."""
    recognitions = list(world["decision"].recognitions.order_by("rank"))
    combos = [
        (status, days) for status in RecognitionStatus.values for days in (-400, -1, 0, 1, 400)
    ]
    for index, (status, days) in enumerate(combos):
        recognition = recognitions[index % len(recognitions)]
        Recognition.objects.filter(pk=recognition.pk).update(
            status=status, valid_until=TODAY + dt.timedelta(days=days)
        )
        everything = Recognition.objects.filter(pk__in=[r.pk for r in recognitions])
        named = {r.pk: selectors.validity(r, on=TODAY) for r in everything}
        for state in Validity.values:
            selected = set(
                selectors.with_validity(everything, state, on=TODAY).values_list("pk", flat=True)
            )
            assert selected == {pk for pk, v in named.items() if v == state}, (status, days, state)


def _pdf_text(content: bytes) -> str:
    reader = PdfReader(io.BytesIO(content))
    return " ".join((page.extract_text() or "") for page in reader.pages)


def test_revoked_certificate_downloads_with_the_stamp(client, officer, world):
    """A revoked certificate's PDF downloaded as a clean certificate (seen on 07/12/2026)."""
    recognition = world["decision"].recognitions.order_by("rank").first()
    services.certificate_files_store(actor=officer, decision=world["decision"])
    certificate = recognition.certificates.first()
    url = reverse("decisions:certificate_pdf", args=[certificate.pk])
    client.force_login(officer)
    clean = client.get(url)
    clean_bytes = b"".join(clean.streaming_content) if clean.streaming else clean.content
    assert "ĐÃ THU HỒI" not in _pdf_text(clean_bytes)

    services.recognition_revoke(
        actor=officer, recognition=recognition, reason="Gian lận số liệu", decision_ref="5/QĐ-UBND"
    )
    stamped = client.get(url)
    assert stamped.status_code == 200
    text = _pdf_text(stamped.content)
    assert "ĐÃ THU HỒI" in text
    assert "5/QĐ-UBND" in text
    assert certificate.number in text  # still the same certificate, marked
