"""The decisions part's services: publication, comments, decision, recognitions,
revocation, renewal and expiry reminders."""

import datetime as dt
from io import StringIO

import pytest
from dateutil.relativedelta import relativedelta
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import TestCase
from django.utils import timezone

from chuluc.campaigns.enums import DossierStatus
from chuluc.campaigns.models import Campaign
from chuluc.core.errors import ApplicationError
from chuluc.core.models import AuditEntry
from chuluc.decisions import selectors, services
from chuluc.decisions.enums import CommentStatus, RecognitionStatus, Title
from chuluc.decisions.models import (
    Certificate,
    Decision,
    ExpiryReminder,
    PublicComment,
    Recognition,
)
from chuluc.decisions.selectors import validity
from chuluc.demo.decisions import seed_decisions
from tests.factories.decisions import (
    close_comments,
    closed_council,
    decided,
    decided_in_the_past,
    published,
)
from tests.factories.registry import ProductFactory


@pytest.fixture
def world(officer, rep_a, enterprise_a):
    return published(officer=officer, rep=rep_a, enterprise=enterprise_a)


def _comment(world, **fields):
    entry = world["publication"].entries.first()
    data = {
        "publication": world["publication"],
        "entry": entry,
        "author_name": "Trần Thị Góp Ý",
        "author_contact": "gopy@example.vn",
        "text": "Sản phẩm này đã ngừng sản xuất từ tháng 3.",
        "address": "203.0.113.7",
        **fields,
    }
    return services.comment_submit(**data)


def test_publication_lists_the_passing_products_with_the_top_marked(world):
    entries = list(world["publication"].entries.order_by("rank"))
    assert [e.rank for e in entries] == [1, 2, 3, 4]  # 100 %, 90 %, 80 %, 70 % all pass 50
    assert [e.top for e in entries] == [True, True, False, False]
    for dossier in world["dossiers"]:
        dossier.refresh_from_db()
        assert dossier.status == DossierStatus.PUBLISHED
    assert AuditEntry.objects.filter(action="decisions.publish").count() == 1


def test_publication_twice_or_with_an_open_round_is_refused(world, officer):
    with pytest.raises(ApplicationError, match="đã được công bố"):
        services.publication_publish(actor=officer, campaign=world["campaign"])


def test_comments_are_private_until_published_and_floods_and_late_ones_are_refused(world, settings):
    settings.COMMENT_LIMIT_PER_HOUR = 2
    first = _comment(world)
    assert first.status == CommentStatus.RECEIVED
    _comment(world)
    with pytest.raises(ApplicationError, match="chống gửi dồn"):
        _comment(world)
    assert PublicComment.objects.count() == 2
    _comment(world, address="198.51.100.1")  # another address is not limited
    close_comments(world["publication"])
    with pytest.raises(ApplicationError, match="hết hạn góp ý"):
        _comment(world, address="192.0.2.50")
    assert PublicComment.objects.count() == 3


def test_comment_fields_and_attachment_are_checked(world):
    with pytest.raises(ValidationError) as error:
        _comment(world, author_name=" ", text="")
    assert set(error.value.message_dict) == {"author_name", "text"}
    fake = SimpleUploadedFile("anh.png", b"MZ\x90\x00 not an image")
    with pytest.raises(ApplicationError, match="Nội dung tệp"):
        _comment(world, attachment=fake)
    assert PublicComment.objects.count() == 0


def test_moderation_answer_and_decision_readiness(world, officer):
    comment = _comment(world)
    publication = world["publication"]
    close_comments(publication)
    assert len(selectors.decision_ready(publication)) == 2  # not moderated, not answered
    services.comment_moderate(actor=officer, comment=comment, status=CommentStatus.PUBLISHED)
    services.comment_answer(
        actor=officer, comment=comment, answer="Đã kiểm tra: vẫn sản xuất.", effect="none"
    )
    assert selectors.decision_ready(publication) == []
    with pytest.raises(ValidationError):
        services.comment_answer(actor=officer, comment=comment, answer=" ", effect="maybe")


def test_decision_creates_recognitions_certificates_and_moves_dossiers(
    officer, rep_a, enterprise_a
):
    world = decided(officer=officer, rep=rep_a, enterprise=enterprise_a)
    decision = world["decision"]
    recognitions = list(decision.recognitions.order_by("rank"))
    assert len(recognitions) == 4
    first = recognitions[0]
    assert first.top and first.valid_from == decision.signed_on
    assert first.valid_until == decision.signed_on + relativedelta(months=36, days=-1)
    numbers = sorted(Certificate.objects.values_list("number", flat=True))
    year = world["campaign"].year
    assert numbers == sorted(
        [f"SPCNCL-{year}-00{i}" for i in range(1, 5)] + [f"TOP-{year}-0{i}" for i in (1, 2)]
    )
    assert set(
        Certificate.objects.filter(title=Title.TOP).values_list("recognition__rank", flat=True)
    ) == {1, 2}
    for dossier in world["dossiers"]:
        dossier.refresh_from_db()
        assert dossier.status == DossierStatus.RECOGNISED
    assert validity(first) == "valid"


def test_decision_is_refused_before_the_window_ends_and_checks_its_fields(world, officer):
    with pytest.raises(ValidationError) as error:
        services.decision_enter(
            actor=officer,
            campaign=world["campaign"],
            number="",
            signed_on=timezone.localdate() + dt.timedelta(days=3),
            signer_name="",
            signer_title="",
        )
    assert set(error.value.message_dict) == {"number", "signed_on", "signer_name", "signer_title"}
    with pytest.raises(ValidationError, match="sau khi kết thúc"):
        services.decision_enter(
            actor=officer,
            campaign=world["campaign"],
            number="9/QĐ-UBND",
            signed_on=timezone.localdate(),
            signer_name="A",
            signer_title="B",
        )
    assert not Recognition.objects.exists()


def test_withdrawn_entry_is_left_out_of_the_decision(world, officer):
    entry = world["publication"].entries.order_by("rank").last()
    services.entry_withdraw(actor=officer, entry=entry, reason="Góp ý xác minh đúng")
    close_comments(world["publication"])
    decision = services.decision_enter(
        actor=officer,
        campaign=world["campaign"],
        number="77/QĐ-UBND",
        signed_on=timezone.localdate(),
        signer_name="A",
        signer_title="B",
    )
    assert decision.recognitions.count() == 3
    entry.dossier.refresh_from_db()
    assert entry.dossier.status == DossierStatus.WITHDRAWN


def test_revocation_is_audited_and_final(officer, rep_a, enterprise_a):
    world = decided(officer=officer, rep=rep_a, enterprise=enterprise_a)
    recognition = world["decision"].recognitions.first()
    with pytest.raises(ValidationError):
        services.recognition_revoke(
            actor=officer, recognition=recognition, reason="", decision_ref=""
        )
    services.recognition_revoke(
        actor=officer, recognition=recognition, reason="Gian lận số liệu", decision_ref="5/QĐ-UBND"
    )
    recognition.refresh_from_db()
    assert recognition.status == RecognitionStatus.REVOKED
    assert validity(recognition) == "revoked"
    with pytest.raises(ApplicationError, match="Không thể thu hồi công nhận"):
        services.recognition_revoke(
            actor=officer, recognition=recognition, reason="x", decision_ref="y"
        )
    assert AuditEntry.objects.filter(action="recognition.revoke").count() == 1


def test_expiry_is_derived_from_the_date(officer, rep_a, enterprise_a, settings):
    settings.EXPIRY_REMINDER_DAYS = [90, 30]
    world = decided(officer=officer, rep=rep_a, enterprise=enterprise_a)
    recognition = world["decision"].recognitions.first()
    last = recognition.valid_until
    assert validity(recognition, last - dt.timedelta(days=91)) == "valid"
    assert validity(recognition, last) == "expiring"  # its last day, reminders sent
    assert validity(recognition, last + dt.timedelta(days=1)) == "expired"


def _send(day):
    """The service as the command runs it: the mail goes out when the transaction commits."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        return services.expiry_reminders_send(today=day)


def test_expiry_reminders_are_sent_once_per_lead_time(officer, rep_a, enterprise_a, settings):
    settings.EXPIRY_REMINDER_DAYS = [90, 30]
    world = decided(officer=officer, rep=rep_a, enterprise=enterprise_a)
    recognition = world["decision"].recognitions.order_by("rank").first()
    mail.outbox.clear()
    day_90 = recognition.valid_until - dt.timedelta(days=90)
    assert _send(day_90) == 4  # every recognition, same dates
    sent = len(mail.outbox)
    # one mail per recognition and recipient: the representative and the officer
    assert sorted(m.to[0] for m in mail.outbox) == sorted([rep_a.email, officer.email] * 4)
    assert _send(day_90) == 0  # rerun the same day
    assert _send(day_90 + dt.timedelta(days=1)) == 0
    assert len(mail.outbox) == sent
    day_20 = recognition.valid_until - dt.timedelta(days=20)
    assert _send(day_20) == 4  # the 30-day reminder, once
    assert _send(day_20) == 0
    assert ExpiryReminder.objects.filter(recognition=recognition).count() == 2
    assert AuditEntry.objects.filter(action="decisions.expiry_reminder").count() == 8
    assert "còn 20 ngày" in mail.outbox[-1].subject


def test_renewal_links_the_new_recognition_and_supersedes_the_old(officer, rep_a, enterprise_a):
    first = decided(officer=officer, rep=rep_a, enterprise=enterprise_a)
    old = first["decision"].recognitions.order_by("rank").first()
    fresh = ProductFactory(enterprise=enterprise_a, name="Sản phẩm mới 2027")
    second = decided(
        officer=officer,
        rep=rep_a,
        enterprise=enterprise_a,
        year=2027,
        products=[old.product, fresh],
        number="2/QĐ-UBND",
    )
    renewed = second["decision"].recognitions.get(product=old.product)
    old.refresh_from_db()
    assert renewed.renewal_of == old
    assert old.status == RecognitionStatus.SUPERSEDED
    assert validity(old) == "superseded"
    assert second["decision"].recognitions.get(product=fresh).renewal_of is None
    assert AuditEntry.objects.filter(action="decisions.decision_enter").latest("id").diff[
        "renewals"
    ] == [
        None,
        1,
    ]


def test_reminder_command_is_idempotent_on_the_same_day(officer, rep_a, enterprise_a, settings):
    settings.EXPIRY_REMINDER_DAYS = [90, 30]
    world = decided(officer=officer, rep=rep_a, enterprise=enterprise_a)
    day = world["decision"].recognitions.first().valid_until - dt.timedelta(days=30)
    out = StringIO()

    with TestCase.captureOnCommitCallbacks(execute=True):
        call_command("send_expiry_reminders", "--date", day.isoformat(), stdout=out)
        call_command("send_expiry_reminders", "--date", day.isoformat(), stdout=out)
    assert out.getvalue().splitlines() == [
        "Đã gửi 4 thư nhắc hết hạn.",
        "Đã gửi 0 thư nhắc hết hạn.",
    ]
    assert len(mail.outbox) == 4 * 2  # the representative and the officer, once each


# ------------------------------------------------------------------ history mode (issue 17)
#
# Past decisions could not be entered: the signing date had to follow a comment window that
# only opens today and could not be in the past of the publication, so 2018–2025 could not
# be recorded; the demo's past decisions existed only because the seeder back-dated rows.

PAST = {
    "published_on": dt.date(2023, 11, 14),
    "number": "4023/QĐ-UBND",
    "signed_on": dt.date(2023, 11, 30),
    "signer_name": "Nguyễn Văn Thử",
    "signer_title": "Phó Chủ tịch UBND Thành phố",
}


@pytest.fixture
def past_council(officer, rep_a, enterprise_a):
    return closed_council(officer=officer, rep=rep_a, enterprise=enterprise_a, year=2023)


def test_a_past_decision_is_recorded_with_its_real_dates(officer, past_council):
    campaign = past_council["campaign"]
    decision = services.decision_record_past(actor=officer, campaign=campaign, **PAST)

    assert decision.historical and decision.signed_on == dt.date(2023, 11, 30)
    publication = campaign.publication
    assert publication.historical
    assert timezone.localtime(publication.published_at).date() == dt.date(2023, 11, 14)
    assert publication.status == "decided"
    recognitions = list(decision.recognitions.all())
    assert recognitions
    # three years from the real signing day: the 2023 recognitions end on 29/11/2026
    assert {(r.valid_from, r.valid_until) for r in recognitions} == {
        (dt.date(2023, 11, 30), dt.date(2026, 11, 29))
    }
    assert {c.issued_on for c in Certificate.objects.filter(recognition__decision=decision)} == {
        dt.date(2023, 11, 30)
    }
    assert {r.dossier.status for r in recognitions} == {DossierStatus.RECOGNISED}
    row = AuditEntry.objects.get(action="decisions.decision_record_past")
    assert row.diff["historical"] == [None, True]
    assert row.diff["signed_on"][1] == "2023-11-30"
    assert AuditEntry.objects.get(action="decisions.publish").diff["historical"] == [None, True]
    assert not AuditEntry.objects.filter(action="decisions.decision_enter").exists()


def test_the_normal_flow_still_refuses_such_dates(officer, past_council):
    """The guards of the current year's flow stay: without history mode the 2023 decision
    cannot be entered with its 2023 signing day."""
    campaign = past_council["campaign"]
    services.publication_publish(actor=officer, campaign=campaign)
    with pytest.raises(ValidationError) as refused:
        services.decision_enter(
            actor=officer,
            campaign=campaign,
            **{k: v for k, v in PAST.items() if k != "published_on"},
        )
    assert "signed_on" in refused.value.error_dict


@pytest.mark.parametrize(
    ("change", "field", "says"),
    [
        ({"signed_on": None}, "signed_on", "Vui lòng ghi ngày ký"),
        ({"published_on": None}, "published_on", "Vui lòng ghi ngày công bố"),
        ({"signed_on": dt.date(2099, 1, 5)}, "signed_on", "chưa đến"),
        ({"published_on": dt.date(2021, 11, 14)}, "published_on", "năm 2023 hoặc 2024"),
        ({"signed_on": dt.date(2025, 1, 5)}, "signed_on", "năm 2023 hoặc 2024"),
        ({"signed_on": dt.date(2023, 11, 20)}, "signed_on", "sau khi kết thúc thời hạn góp ý"),
        ({"number": " "}, "number", "số quyết định"),
        ({"signer_name": ""}, "signer_name", "người ký"),
    ],
)
def test_wrong_past_dates_are_refused_by_field_and_change_nothing(
    officer, past_council, change, field, says
):
    campaign = past_council["campaign"]
    before = AuditEntry.objects.count()
    with pytest.raises(ValidationError) as refused:
        services.decision_record_past(actor=officer, campaign=campaign, **{**PAST, **change})
    assert says in " ".join(refused.value.error_dict[field][0].messages)
    assert not hasattr(Campaign.objects.get(pk=campaign.pk), "publication")
    assert AuditEntry.objects.count() == before


def test_history_mode_is_only_for_past_years_not_yet_published(
    officer, rep_b, enterprise_b, past_council
):
    current = closed_council(
        officer=officer, rep=rep_b, enterprise=enterprise_b, year=timezone.localdate().year
    )
    with pytest.raises(ApplicationError, match="năm trước"):
        services.decision_record_past(
            actor=officer, campaign=current["campaign"], **PAST | {"number": "1/QĐ"}
        )
    services.publication_publish(actor=officer, campaign=past_council["campaign"])
    with pytest.raises(ApplicationError, match="quy trình thường"):
        services.decision_record_past(actor=officer, campaign=past_council["campaign"], **PAST)


def test_past_decisions_are_recorded_oldest_first(officer, rep_b, enterprise_b, past_council):
    """A renewal supersedes the recognition before it: a decision signed before one already
    held would supersede the newer one, so it is refused on its signing day."""
    decided_in_the_past(
        officer=officer, rep=rep_b, enterprise=enterprise_b, year=2024, number="4024/QĐ-UBND"
    )
    with pytest.raises(ValidationError) as refused:
        services.decision_record_past(actor=officer, campaign=past_council["campaign"], **PAST)
    assert "4024/QĐ-UBND" in refused.value.error_dict["signed_on"][0].messages[0]


def test_a_past_renewal_supersedes_the_earlier_recognition(officer, rep_a, enterprise_a):
    first = decided_in_the_past(officer=officer, rep=rep_a, enterprise=enterprise_a, year=2022)
    old = first["decision"].recognitions.order_by("rank").first()
    second = decided_in_the_past(
        officer=officer,
        rep=rep_a,
        enterprise=enterprise_a,
        year=2024,
        number="4024/QĐ-UBND",
        products=[old.product, ProductFactory(enterprise=enterprise_a, name="SP mới 2024")],
    )
    old.refresh_from_db()
    assert old.status == RecognitionStatus.SUPERSEDED
    assert second["decision"].recognitions.get(product=old.product).renewal_of == old


def test_the_demo_records_its_past_decisions_through_history_mode(officer, rep_a, enterprise_a):
    """The seeder back-dated publications by hand; it now goes through history mode."""
    for year in (2023, 2024, 2025):
        products = [
            ProductFactory(enterprise=enterprise_a, name=f"SP {year} {i}") for i in range(3)
        ]
        closed_council(
            officer=officer, rep=rep_a, enterprise=enterprise_a, year=year, products=products
        )
    counts = seed_decisions(officer=officer)

    assert counts["decisions"] == 2
    decisions = list(Decision.objects.order_by("signed_on"))
    assert [d.campaign.year for d in decisions] == [2023, 2024]
    assert all(d.historical for d in decisions)
    assert AuditEntry.objects.filter(action="decisions.decision_record_past").count() == 2
    for decision in decisions:
        published_at = timezone.localtime(decision.campaign.publication.published_at).date()
        assert published_at.year == decision.campaign.year
