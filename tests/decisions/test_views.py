"""Pages of the decisions part: who may open what, the public comment form and its
protections, and the officer's path from publication to revocation through the pages."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core import signing
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from chuluc.core.models import AuditEntry
from chuluc.decisions import services
from chuluc.decisions import urls as decision_urls
from chuluc.decisions.enums import CommentStatus, RecognitionStatus
from chuluc.decisions.forms import new_challenge
from chuluc.decisions.models import Certificate, Decision, Publication, PublicComment
from tests.access import (
    LEADER,
    MEMBER,
    OFFICER,
    OUTSIDER,
    REP_A,
    assert_table_covers,
    cast,
    check_row,
    url_of,
)
from tests.decisions.access_table import TABLE
from tests.factories.decisions import (
    PublicCommentFactory,
    close_comments,
    closed_council,
    decided,
)


def test_table_covers_every_pattern():
    assert_table_covers(decision_urls.urlpatterns, TABLE)


@pytest.fixture
def world(officer, rep_a, enterprise_a, leader, outsider, rep_b, council_member):
    w = decided(officer=officer, rep=rep_a, enterprise=enterprise_a)
    w["comment"] = PublicCommentFactory(publication=w["publication"])
    w["comment"].attachment.save("a", SimpleUploadedFile("a.pdf", b"%PDF-1.4 test"))
    w["recognition"] = w["decision"].recognitions.order_by("rank").first()
    w["certificate"] = w["recognition"].certificates.first()
    w["users"] = cast(
        outsider=outsider,
        rep_a=rep_a,
        rep_b=rep_b,
        council_member=council_member,
        leader=leader,
        officer=officer,
    )
    return w


@pytest.mark.parametrize("name", sorted(TABLE))
def test_who_may_open_each_page(world, client, subtests, name):
    check_row(
        client,
        subtests,
        url=url_of("decisions", name, TABLE[name], world),
        outcomes=TABLE[name].methods["GET"],
        users=world["users"],
    )


@pytest.mark.parametrize("name", ["certificates_generate", "certificates_regenerate"])
def test_only_officers_may_store_or_regenerate_certificates(world, client, name):
    url = reverse(f"decisions:{name}", args=[world["campaign"].pk])
    for role in (OUTSIDER, REP_A, LEADER, MEMBER):
        client.force_login(world["users"][role])
        assert client.post(url).status_code == 403, role
    assert not Certificate.objects.exclude(pdf="").exists()
    client.force_login(world["users"][OFFICER])
    before = AuditEntry.objects.count()
    assert client.post(url).status_code == 302
    world["certificate"].refresh_from_db()
    assert world["certificate"].pdf
    assert AuditEntry.objects.count() == before + 1


def _stored_files(settings) -> dict[str, bytes]:
    root = Path(settings.MEDIA_ROOT)
    return {str(p.relative_to(root)): p.read_bytes() for p in root.rglob("*.pdf")}


def test_downloading_a_certificate_writes_nothing(world, client, settings):
    """Before the background run has stored the file, the holder gets the page rendered in
    memory: no row, no file, no audit row."""
    certificate = world["certificate"]
    url = reverse("decisions:certificate_pdf", args=[certificate.pk])
    client.force_login(world["users"][REP_A])
    before = (AuditEntry.objects.count(), _stored_files(settings))
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response).startswith(b"%PDF-")
    assert response["Cache-Control"] == "private, no-store"
    certificate.refresh_from_db()
    assert not certificate.pdf and certificate.pdf_generated_at is None
    assert (AuditEntry.objects.count(), _stored_files(settings)) == before


def test_a_stored_certificate_is_served_as_stored_and_never_replaced_by_a_url(
    world, client, officer, settings
):
    services.certificate_files_store(actor=officer, decision=world["decision"])
    certificate = world["certificate"]
    certificate.refresh_from_db()
    stored = (certificate.pdf.name, certificate.pdf_generated_at)
    files, audit = _stored_files(settings), AuditEntry.objects.count()
    client.force_login(world["users"][REP_A])
    url = reverse("decisions:certificate_pdf", args=[certificate.pk])
    for query in ("", "?force=1"):
        response = client.get(url + query)
        assert response.status_code == 200
        assert b"".join(response.streaming_content) == files[certificate.pdf.name]
    client.force_login(world["users"][OFFICER])
    generate = reverse("decisions:certificates_generate", args=[world["campaign"].pk])
    assert client.post(generate, {"force": "1"}).status_code == 302  # stores what is missing
    certificate.refresh_from_db()
    assert (certificate.pdf.name, certificate.pdf_generated_at) == stored
    assert (_stored_files(settings), AuditEntry.objects.count()) == (files, audit)


# --------------------------------------------------------------------------- public form


@pytest.fixture
def open_world(officer, rep_a, enterprise_a, settings):
    settings.COMMENT_MIN_SECONDS = 0
    w = closed_council(officer=officer, rep=rep_a, enterprise=enterprise_a)
    w["publication"] = services.publication_publish(actor=officer, campaign=w["campaign"])
    w["url"] = reverse("decisions:comment_page", args=[w["campaign"].year])
    return w


def _form(client, world, **overrides):
    """What a person sends: reads the question on the page and answers it."""
    page = client.get(world["url"])
    token = page.context["form"].initial["challenge"]

    answer = signing.loads(token, salt="chuluc.decisions.comment-challenge")["sum"]
    data = {
        "entry": world["publication"].entries.first().pk,
        "author_name": "Lê Văn Dân",
        "author_contact": "dan@example.vn",
        "text": "Doanh nghiệp này đang bị xử phạt về môi trường.",
        "answer": str(answer),
        "challenge": token,
        "website": "",
        **overrides,
    }
    return client.post(world["url"], {k: v for k, v in data.items() if v is not None})


def test_a_person_sends_a_comment_that_stays_private(client, open_world):
    response = _form(client, open_world)
    assert response.status_code == 302
    comment = PublicComment.objects.get()
    assert comment.status == CommentStatus.RECEIVED
    page = client.get(open_world["url"]).content.decode()
    assert "xử phạt về môi trường" not in page
    assert "dan@example.vn" not in page
    assert "Sở Công Thương đã nhận góp ý" in page


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"challenge": None, "answer": None}, "Thiếu câu hỏi kiểm tra"),
        ({"challenge": "giả-mạo"}, "Thiếu câu hỏi kiểm tra"),
        ({"answer": "999"}, "Câu trả lời kiểm tra chưa đúng"),
        ({"website": "http://spam.example"}, "phải để trống"),
        ({"text": ""}, "Vui lòng ghi nội dung góp ý"),
        ({"entry": "999999"}, "không có trong danh sách"),
    ],
)
def test_bots_and_bad_input_are_refused_with_a_clear_message(
    client, open_world, overrides, message
):
    response = _form(client, open_world, **overrides)
    assert response.status_code == 422
    assert message in response.content.decode()
    assert not PublicComment.objects.exists()


def test_a_form_sent_too_fast_is_refused(client, open_world, settings):
    settings.COMMENT_MIN_SECONDS = 60
    response = _form(client, open_world)
    assert response.status_code == 422
    assert "quá nhanh" in response.content.decode()
    assert not PublicComment.objects.exists()


def test_a_flood_from_one_address_is_refused(client, open_world, settings):
    settings.COMMENT_LIMIT_PER_HOUR = 2
    assert _form(client, open_world).status_code == 302
    assert _form(client, open_world).status_code == 302
    response = _form(client, open_world)
    assert response.status_code == 422
    assert "chống gửi dồn" in response.content.decode()
    assert PublicComment.objects.count() == 2


def test_a_late_comment_is_refused(client, open_world):
    close_comments(open_world["publication"])
    response = _form(client, open_world)
    assert response.status_code == 422
    assert "hết hạn góp ý" in response.content.decode()
    assert not PublicComment.objects.exists()


def test_the_challenge_changes_every_time():
    assert new_challenge()[1] != new_challenge()[1]


# --------------------------------------------------------------------------- officer path


def test_officer_publishes_moderates_decides_and_revokes_through_the_pages(
    client, officer, rep_a, enterprise_a, settings
):
    settings.COMMENT_MIN_SECONDS = 0
    w = closed_council(officer=officer, rep=rep_a, enterprise=enterprise_a)
    campaign = w["campaign"]
    client.force_login(officer)
    response = client.post(
        reverse("decisions:publication", args=[campaign.pk]), {"notice": "Gửi góp ý qua cổng"}
    )
    assert response.status_code == 302
    publication = Publication.objects.get(campaign=campaign)
    comment = services.comment_submit(
        publication=publication,
        entry=publication.entries.first(),
        author_name="A",
        author_contact="a@example.vn",
        text="Góp ý",
        address="192.0.2.9",
    )
    detail = reverse("decisions:comment_detail", args=[comment.pk])
    client.post(detail, {"action": "moderate", "status": CommentStatus.PUBLISHED})
    client.post(detail, {"action": "answer", "answer": "Đã xem xét", "effect": "none"})
    comment.refresh_from_db()
    assert comment.status == CommentStatus.PUBLISHED and comment.answer == "Đã xem xét"
    decision_url = reverse("decisions:decision", args=[campaign.pk])
    form = {
        "number": "321/QĐ-UBND",
        "signed_on": timezone.localdate().isoformat(),
        "signer_name": "Nguyễn Văn B",
        "signer_title": "Phó Chủ tịch",
    }
    refused = client.post(decision_url, form)
    assert refused.status_code == 200
    assert "Thời hạn góp ý chưa kết thúc" in refused.content.decode()
    close_comments(publication)
    assert client.post(decision_url, form).status_code == 302
    decision = Decision.objects.get(campaign=campaign)
    assert decision.recognitions.count() == 4
    recognition = decision.recognitions.first()
    url = reverse("decisions:recognition_detail", args=[recognition.pk])
    assert client.post(url, {"reason": "", "decision_ref": ""}).status_code == 200
    client.post(url, {"reason": "Vi phạm cam kết", "decision_ref": "12/QĐ-UBND ngày 1/1/2027"})
    recognition.refresh_from_db()
    assert recognition.status == RecognitionStatus.REVOKED


def test_public_comment_page_shows_published_comments_without_contacts(client, world):
    hidden = client.get(reverse("decisions:comment_page", args=[world["campaign"].year]))
    assert "Góp ý bí mật chưa duyệt" not in hidden.content.decode()
    PublicComment.objects.filter(pk=world["comment"].pk).update(status=CommentStatus.PUBLISHED)
    page = client.get(reverse("decisions:comment_page", args=[world["campaign"].year]))
    text = page.content.decode()
    assert "Góp ý bí mật chưa duyệt" in text
    assert "bi-mat@example.vn" not in text
    assert "Thời hạn góp ý đã kết thúc" in text
    for entry in world["publication"].entries.all():  # ranks and Top, never the council's totals
        total = f"{entry.total:.2f}"
        assert total not in text and total.replace(".", ",") not in text
    assert 'id="comment-form"' not in text


# ------------------------------------------------------------------ history mode (issue 17)


@pytest.fixture
def past_world(officer, rep_a, enterprise_a):
    return closed_council(officer=officer, rep=rep_a, enterprise=enterprise_a, year=2023)


PAST_FORM = {
    "published_on": "2023-11-14",
    "number": "4023/QĐ-UBND",
    "signed_on": "2023-11-30",
    "signer_name": "Nguyễn Văn Thử",
    "signer_title": "Phó Chủ tịch UBND Thành phố",
}


def test_an_officer_records_a_past_decision_through_the_pages(client, officer, past_world):
    campaign = past_world["campaign"]
    client.force_login(officer)
    publication_page = client.get(reverse("decisions:publication", args=[campaign.pk]))
    past_url = reverse("decisions:decision_past", args=[campaign.pk])
    assert past_url in publication_page.content.decode()

    response = client.post(past_url, PAST_FORM)
    assert response.status_code == 302
    assert response["Location"] == reverse("decisions:decision", args=[campaign.pk])
    page = client.get(response["Location"]).content.decode()
    assert 'id="decision-historical"' in page
    assert "Nhập lại quyết định đã ban hành" in page
    assert "29/11/2026" in page  # valid three years from the real signing day
    published = client.get(reverse("decisions:publication", args=[campaign.pk])).content.decode()
    status = published.split('id="publication-status">')[1].split("</p>")[0]
    assert "Nhập lại kết quả đã công bố ngày 14/11/2023" in status
    assert 'id="publish-form"' not in published
    # once recorded, the page says so instead of offering the form again
    again = client.get(past_url).content.decode()
    assert 'id="past-refusal"' in again and 'id="past-decision-form"' not in again


def test_wrong_past_dates_are_shown_by_field_and_change_nothing(client, officer, past_world):
    campaign = past_world["campaign"]
    client.force_login(officer)
    before = AuditEntry.objects.count()
    response = client.post(
        reverse("decisions:decision_past", args=[campaign.pk]),
        {**PAST_FORM, "signed_on": "2023-11-20", "published_on": "2099-01-01"},
    )
    assert response.status_code == 422
    text = response.content.decode()
    assert 'id="id_signed_on_error"' in text or 'id="id_published_on_error"' in text
    form = response.context["form"]
    assert "chưa đến" in form.errors["published_on"][0]
    assert not Publication.objects.filter(campaign=campaign).exists()
    assert AuditEntry.objects.count() == before
    bad_day = client.post(
        reverse("decisions:decision_past", args=[campaign.pk]), {**PAST_FORM, "signed_on": "x"}
    )
    assert bad_day.status_code == 422
    assert bad_day.context["form"].errors["signed_on"] == ["Ngày ký không hợp lệ."]


def test_the_current_year_is_not_offered_history_mode(client, officer, world):
    """The 2026 world (published, decided) is the current flow: no link, the page refuses."""
    client.force_login(officer)
    page = client.get(reverse("decisions:decision_past", args=[world["campaign"].pk]))
    assert 'id="past-refusal"' in page.content.decode()
    refused = client.post(
        reverse("decisions:decision_past", args=[world["campaign"].pk]), PAST_FORM
    )
    assert refused.status_code == 422
    assert Decision.objects.filter(historical=True).count() == 0


def test_a_comment_gets_a_reference_number_on_its_confirmation(client, open_world):
    """Seen: public comments got no reference number."""
    response = _form(client, open_world)
    comment = PublicComment.objects.get()
    year = timezone.localtime(comment.received_at).year
    assert comment.reference == f"SPCNCL-{year}-GY-{comment.pk:06d}"
    page = client.get(response.url).content.decode()
    assert f"số tiếp nhận {comment.reference}" in page
