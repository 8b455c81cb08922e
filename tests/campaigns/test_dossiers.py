import datetime as dt
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from chuluc.campaigns import services
from chuluc.campaigns.enums import DossierStatus, EvidenceKind, ScreeningOutcome
from chuluc.campaigns.models import Dossier, Evidence, FigureVersion
from chuluc.core.errors import ApplicationError
from chuluc.core.models import AuditEntry
from chuluc.registry.enums import ProductTrack
from tests.factories.campaigns import (
    GOOD_FIGURES,
    DossierFactory,
    complete_dossier,
    make_campaign,
    pdf_upload,
)
from tests.factories.registry import ProductFactory


@pytest.fixture
def product_a(enterprise_a):
    enterprise_a.hq_in_hanoi = True
    enterprise_a.email = "lienhe@a.example.vn"
    enterprise_a.save()
    return ProductFactory(enterprise=enterprise_a, name="Ổ khóa thử A", track=ProductTrack.OTHER)


def test_dossier_create_sets_years_and_first_time(rep_a, campaign, product_a):
    dossier = services.dossier_create(actor=rep_a, campaign=campaign, product=product_a)
    assert [f.year for f in dossier.figures.order_by("year")] == [2023, 2024, 2025]
    assert dossier.is_renewal is False
    assert dossier.hq_in_locality is True
    assert dossier.status == DossierStatus.DRAFT


def test_dossier_is_renewal_when_recognised_before(rep_a, campaign, product_a):
    earlier = make_campaign(year=2024)
    DossierFactory(
        campaign=earlier, product=product_a, status=DossierStatus.RECOGNISED, created_by=rep_a
    )
    assert (
        services.dossier_create(actor=rep_a, campaign=campaign, product=product_a).is_renewal
        is True
    )


def test_one_dossier_per_product_per_campaign(rep_a, campaign, product_a):
    services.dossier_create(actor=rep_a, campaign=campaign, product=product_a)
    with pytest.raises(ApplicationError, match="đã có hồ sơ"):
        services.dossier_create(actor=rep_a, campaign=campaign, product=product_a)


def test_submission_refused_with_reasons_while_something_is_missing(rep_a, campaign, product_a):
    dossier = services.dossier_create(actor=rep_a, campaign=campaign, product=product_a)
    with pytest.raises(ApplicationError) as info:
        services.dossier_submit(actor=rep_a, dossier=dossier)
    assert "Năm 2025: doanh thu" in info.value.message
    assert "Tài liệu: Báo cáo tài chính" in info.value.message
    dossier.refresh_from_db()
    assert dossier.status == DossierStatus.DRAFT


def test_submission_after_deadline_is_refused_by_the_server(rep_a, campaign, product_a):
    dossier = complete_dossier(actor=rep_a, campaign=campaign, product=product_a)
    late = campaign.registration_closes + dt.timedelta(seconds=1)
    with pytest.raises(ApplicationError, match="hết hạn nộp hồ sơ"):
        services.dossier_submit(actor=rep_a, dossier=dossier, now=late)
    assert Dossier.objects.get(pk=dossier.pk).status == DossierStatus.DRAFT


def test_submission_post_after_deadline_is_refused_whatever_the_client_sends(
    client, rep_a, campaign, product_a
):
    dossier = complete_dossier(actor=rep_a, campaign=campaign, product=product_a)
    campaign.registration_closes = timezone.now() - dt.timedelta(minutes=1)
    campaign.save()
    client.force_login(rep_a)
    response = client.post(
        f"/ho-so/{dossier.pk}/nop/",
        {"status": "submitted", "submitted_at": "2020-01-01", "declared": "on"},
        follow=True,
    )
    assert "Đã hết hạn nộp hồ sơ" in response.content.decode()
    assert Dossier.objects.get(pk=dossier.pk).status == DossierStatus.DRAFT


def test_submit_return_fix_resubmit_screen_eligible(rep_a, officer, campaign, product_a):
    dossier = complete_dossier(actor=rep_a, campaign=campaign, product=product_a)
    services.dossier_submit(actor=rep_a, dossier=dossier)
    assert [m.subject for m in mail.outbox] == []  # sent on commit only
    dossier.refresh_from_db()
    assert dossier.status == DossierStatus.SUBMITTED
    services.dossier_return(actor=officer, dossier=dossier, comment="Bổ sung báo cáo kiểm toán")
    dossier.refresh_from_db()
    assert dossier.status == DossierStatus.RETURNED
    assert dossier.resubmit_by > timezone.now()
    services.dossier_save(
        actor=rep_a, dossier=dossier, figures={2025: {"revenue_vnd": "160.000.000.000"}}
    )
    services.dossier_submit(actor=rep_a, dossier=dossier)
    checks = list(dossier.screening.select_related("rule"))
    assert {c.rule.code: c.automatic for c in checks} == {"E1": "pass", "E2b": "pass", "E3": "pass"}
    for check in checks:
        services.screening_decide(actor=officer, check=check, outcome=check.automatic)
    services.dossier_screen(actor=officer, dossier=dossier)
    dossier.refresh_from_db()
    assert dossier.status == DossierStatus.ELIGIBLE
    assert list(dossier.events.order_by("at", "id").values_list("to_status", flat=True)) == [
        "draft",
        "submitted",
        "returned",
        "submitted",
        "eligible",
    ]
    assert FigureVersion.objects.filter(dossier=dossier).count() == 2
    assert dossier.figures.get(year=2025).revenue_vnd == Decimal(160_000_000_000)
    actions = list(
        AuditEntry.objects.filter(
            object_id=str(dossier.pk), action__startswith="dossier."
        ).values_list("action", flat=True)
    )
    for expected in [
        "dossier.create",
        "dossier.save",
        "dossier.submit",
        "dossier.return",
        "dossier.conclude_eligible",
    ]:
        assert expected in actions
    concluded = AuditEntry.objects.filter(action__startswith="eligibility.conclude_")
    assert concluded.count() == dossier.screening.count()


def test_mail_at_submission_return_and_screening(
    rep_a, officer, campaign, product_a, django_capture_on_commit_callbacks
):
    dossier = complete_dossier(actor=rep_a, campaign=campaign, product=product_a)
    with django_capture_on_commit_callbacks(execute=True):
        services.dossier_submit(actor=rep_a, dossier=dossier)
    with django_capture_on_commit_callbacks(execute=True):
        services.dossier_return(actor=officer, dossier=dossier, comment="Thiếu chữ ký")
    # one mail per recipient: the representative and the enterprise's own address
    to = sorted([rep_a.email, "lienhe@a.example.vn"])
    assert sorted((m.subject.split(":")[0], m.to[0]) for m in mail.outbox) == [
        ("[Chủ Lực] Hồ sơ cần bổ sung", to[0]),
        ("[Chủ Lực] Hồ sơ cần bổ sung", to[1]),
        ("[Chủ Lực] Đã nhận hồ sơ", to[0]),
        ("[Chủ Lực] Đã nhận hồ sơ", to[1]),
    ]
    assert all("Thiếu chữ ký" in m.body for m in mail.outbox[2:])


def test_ineligible_tells_the_enterprise_why(
    rep_a, officer, campaign, product_a, django_capture_on_commit_callbacks
):
    small = {**GOOD_FIGURES, "revenue_vnd": 50_000_000_000, "production_value_vnd": 60_000_000_000}
    dossier = complete_dossier(actor=rep_a, campaign=campaign, product=product_a, figures=small)
    services.dossier_submit(actor=rep_a, dossier=dossier)
    for check in dossier.screening.all():
        services.screening_decide(actor=officer, check=check, outcome=check.automatic)
    with django_capture_on_commit_callbacks(execute=True):
        services.dossier_screen(actor=officer, dossier=dossier)
    dossier.refresh_from_db()
    assert dossier.status == DossierStatus.INELIGIBLE
    assert "E2b" in mail.outbox[-1].body


def test_override_needs_a_reason_and_is_audited(rep_a, officer, campaign, product_a):
    dossier = complete_dossier(actor=rep_a, campaign=campaign, product=product_a)
    services.dossier_submit(actor=rep_a, dossier=dossier)
    check = dossier.screening.get(rule__code="E1")
    with pytest.raises(ValidationError):
        services.screening_decide(actor=officer, check=check, outcome=ScreeningOutcome.FAIL)
    services.screening_decide(
        actor=officer,
        check=check,
        outcome=ScreeningOutcome.FAIL,
        reason="Nhà máy đã chuyển khỏi Hà Nội",
    )
    entry = AuditEntry.objects.filter(action="eligibility.conclude_fail").latest("id")
    assert entry.diff["rule"] == "E1"
    assert entry.diff["reason"][1] == "Nhà máy đã chuyển khỏi Hà Nội"


def test_conclusion_needs_every_rule_decided(rep_a, officer, campaign, product_a):
    dossier = complete_dossier(actor=rep_a, campaign=campaign, product=product_a)
    services.dossier_submit(actor=rep_a, dossier=dossier)
    with pytest.raises(ApplicationError, match="Chưa kết luận"):
        services.dossier_screen(actor=officer, dossier=dossier)


def test_accepting_the_automatic_results_concludes_in_one_step(rep_a, officer, campaign, product_a):
    dossier = complete_dossier(actor=rep_a, campaign=campaign, product=product_a)
    services.dossier_submit(actor=rep_a, dossier=dossier)
    services.dossier_screen(actor=officer, dossier=dossier, accept_automatic=True)
    dossier.refresh_from_db()
    assert dossier.status == DossierStatus.ELIGIBLE
    checks = list(dossier.screening.all())
    assert checks and all(c.officer_outcome == c.automatic for c in checks)
    assert all(c.decided_by == officer for c in checks)
    concluded = AuditEntry.objects.filter(action="eligibility.conclude_pass")
    assert concluded.count() == len(checks)


def test_accepting_the_automatic_results_follows_a_failed_rule(rep_a, officer, campaign, product_a):
    small = {**GOOD_FIGURES, "revenue_vnd": 50_000_000_000, "production_value_vnd": 60_000_000_000}
    dossier = complete_dossier(actor=rep_a, campaign=campaign, product=product_a, figures=small)
    services.dossier_submit(actor=rep_a, dossier=dossier)
    services.dossier_screen(actor=officer, dossier=dossier, accept_automatic=True)
    dossier.refresh_from_db()
    assert dossier.status == DossierStatus.INELIGIBLE


def test_accepting_is_refused_when_a_rule_needs_the_officers_judgement(
    rep_a, officer, campaign, product_a
):
    dossier = complete_dossier(actor=rep_a, campaign=campaign, product=product_a)
    services.dossier_submit(actor=rep_a, dossier=dossier)
    dossier.screening.filter(rule__code="E1").update(automatic=ScreeningOutcome.REVIEW)
    with pytest.raises(ApplicationError, match="E1 cần cán bộ đánh giá"):
        services.dossier_screen(actor=officer, dossier=dossier, accept_automatic=True)
    dossier.refresh_from_db()
    assert dossier.status == DossierStatus.SUBMITTED
    assert not dossier.screening.exclude(officer_outcome="pending").exists()
    assert not AuditEntry.objects.filter(action__startswith="eligibility.").exists()


def test_figures_cannot_be_typed_after_submission(rep_a, campaign, product_a):
    dossier = complete_dossier(actor=rep_a, campaign=campaign, product=product_a)
    services.dossier_submit(actor=rep_a, dossier=dossier)
    with pytest.raises(ApplicationError, match="Hồ sơ đã nộp"):
        services.dossier_save(actor=rep_a, dossier=dossier, figures={2025: {"employees": 1}})


@pytest.mark.parametrize(
    ("value", "message"),
    [("-5", "không được âm"), ("abc", "không phải là số"), ("12.5x", "không phải là số")],
)
def test_bad_figures_are_refused_and_nothing_changes(rep_a, campaign, product_a, value, message):
    dossier = services.dossier_create(actor=rep_a, campaign=campaign, product=product_a)
    with pytest.raises(ValidationError) as info:
        services.dossier_save(
            actor=rep_a, dossier=dossier, figures={2025: {"revenue_vnd": value, "employees": 10}}
        )
    assert message in str(info.value)
    assert dossier.figures.get(year=2025).employees is None
    assert FigureVersion.objects.count() == 0


# Uploads --------------------------------------------------------------------------


def _stored_files(settings):
    root = settings.MEDIA_ROOT
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        (
            "bao-cao.pdf",
            b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 100,
            "Nội dung tệp không phải",
        ),
        ("bao-cao.pdf", b"#!/bin/sh\nrm -rf /\n", "Nội dung tệp không phải"),
        ("bao-cao.pdf", b"", "trống"),
    ],
)
def test_upload_refuses_wrong_content_and_stores_nothing(
    rep_a, campaign, product_a, settings, name, content, message
):
    dossier = services.dossier_create(actor=rep_a, campaign=campaign, product=product_a)
    with pytest.raises(ApplicationError) as info:
        services.evidence_upload(
            actor=rep_a,
            dossier=dossier,
            kind=EvidenceKind.OTHER,
            upload=SimpleUploadedFile(name, content),
        )
    assert message in info.value.message
    assert Evidence.objects.count() == 0
    assert _stored_files(settings) == []


def test_upload_refuses_oversized_file(rep_a, campaign, product_a, settings):
    settings.EVIDENCE_MAX_BYTES = 1024
    dossier = services.dossier_create(actor=rep_a, campaign=campaign, product=product_a)
    big = SimpleUploadedFile("lon.pdf", b"%PDF-1.4\n" + b"0" * 2048)
    with pytest.raises(ApplicationError, match="Tệp quá lớn"):
        services.evidence_upload(actor=rep_a, dossier=dossier, kind=EvidenceKind.OTHER, upload=big)
    assert Evidence.objects.count() == 0
    assert _stored_files(settings) == []


@pytest.mark.parametrize(
    "name",
    ["../../../etc/passwd.pdf", "..\\..\\windows\\win.ini.pdf", "/etc/shadow.pdf", "a/../../b.pdf"],
)
def test_upload_path_traversal_names_cannot_escape(rep_a, campaign, product_a, settings, name):
    dossier = services.dossier_create(actor=rep_a, campaign=campaign, product=product_a)
    evidence = services.evidence_upload(
        actor=rep_a, dossier=dossier, kind=EvidenceKind.OTHER, upload=pdf_upload(name)
    )
    stored = (settings.MEDIA_ROOT / evidence.file.name).resolve()
    assert stored.is_relative_to((settings.MEDIA_ROOT / f"dossiers/{dossier.pk}").resolve())
    assert "/" not in evidence.original_name and "\\" not in evidence.original_name
    assert ".." not in evidence.file.name


def test_upload_view_with_traversal_name_shows_clear_message_for_bad_content(
    client, rep_a, campaign, product_a, settings
):
    dossier = services.dossier_create(actor=rep_a, campaign=campaign, product=product_a)
    client.force_login(rep_a)
    response = client.post(
        f"/ho-so/{dossier.pk}/tai-lieu/",
        {"kind": "other", "file": SimpleUploadedFile("../../x.pdf", b"MZ\x90\x00 not a pdf")},
        follow=True,
    )
    assert "Nội dung tệp không phải là PDF" in response.content.decode()
    assert Evidence.objects.count() == 0
    assert _stored_files(settings) == []


def test_evidence_download_is_private_and_exact(client, rep_a, rep_b, campaign, product_a):
    dossier = services.dossier_create(actor=rep_a, campaign=campaign, product=product_a)
    upload = pdf_upload("Báo cáo tài chính 2025.pdf")
    content = upload.read()
    upload.seek(0)
    evidence = services.evidence_upload(
        actor=rep_a, dossier=dossier, kind=EvidenceKind.FINANCIAL_STATEMENT, upload=upload
    )
    client.force_login(rep_a)
    response = client.get(f"/ho-so/{dossier.pk}/tai-lieu/{evidence.pk}/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == content
    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    client.force_login(rep_b)
    assert client.get(f"/ho-so/{dossier.pk}/tai-lieu/{evidence.pk}/").status_code == 404
