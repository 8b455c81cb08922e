"""The dossier workflow: create, save as you go, evidence, submit, return, screen.

One transition function checks every status change against ``DOSSIER_TRANSITIONS``."""

from __future__ import annotations

import datetime as dt
import hashlib
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from chuluc.campaigns import checklist, screening
from chuluc.campaigns.enums import (
    DOSSIER_TRANSITIONS,
    CampaignStatus,
    DossierStatus,
    ScreeningOutcome,
)
from chuluc.campaigns.models import (
    Campaign,
    ComputedScore,
    Dossier,
    DossierEvent,
    Evidence,
    FigureVersion,
    QualityCertificate,
    ScreeningCheck,
    YearFigures,
)
from chuluc.campaigns.notifications import notify_enterprise
from chuluc.core.audit import audit_record, diff, snapshot
from chuluc.core.errors import ApplicationError
from chuluc.core.formatting import vn_date
from chuluc.core.text import nfc
from chuluc.core.uploads import DOCX, JPEG, PDF, PNG, XLSX, check_upload, display_name

FIGURE_FIELDS = ("revenue_vnd", "production_value_vnd", "export_usd", "employees")
DOSSIER_FIELDS = ("track", "hq_in_locality", "factory_in_locality", "startup_statement")
EVIDENCE_KINDS = (PDF, PNG, JPEG, XLSX, DOCX)
EDITABLE = {DossierStatus.DRAFT, DossierStatus.RETURNED}


def _transition(dossier: Dossier, to: str, *, actor, comment: str = "") -> None:
    if to not in DOSSIER_TRANSITIONS[dossier.status]:
        raise ApplicationError(
            _("Hồ sơ đang ở trạng thái “%(a)s”, không thể chuyển sang “%(b)s”.")
            % {"a": dossier.get_status_display(), "b": DossierStatus(to).label}
        )
    DossierEvent.objects.create(
        dossier=dossier,
        from_status=dossier.status,
        to_status=to,
        comment=comment,
        actor=actor,
        at=timezone.now(),
    )
    dossier.status = to


def is_renewal(product, campaign: Campaign) -> bool:
    """Recognised before: a recognised dossier of an earlier year, or a public record."""
    earlier = Dossier.objects.filter(
        product=product, status=DossierStatus.RECOGNISED, campaign__year__lt=campaign.year
    ).exists()
    return earlier or product.mentions.exists()


def _open_for_registration(campaign: Campaign, now: dt.datetime) -> None:
    if campaign.status != CampaignStatus.PUBLISHED:
        raise ApplicationError(_("Đợt xét chọn chưa mở đăng ký."))
    if now < campaign.registration_opens:
        raise ApplicationError(
            _("Đợt xét chọn mở đăng ký từ %s.")
            % timezone.localtime(campaign.registration_opens).strftime("%H:%M %d/%m/%Y")
        )
    if now > campaign.registration_closes:
        raise ApplicationError(
            _("Đã hết hạn nộp hồ sơ (%s).")
            % timezone.localtime(campaign.registration_closes).strftime("%H:%M %d/%m/%Y")
        )


def _check_editable(dossier: Dossier, now: dt.datetime) -> None:
    if dossier.status not in EDITABLE:
        raise ApplicationError(_("Hồ sơ đã nộp; chỉ sửa được khi cán bộ trả lại để bổ sung."))
    if dossier.status == DossierStatus.RETURNED:
        if dossier.resubmit_by and now > dossier.resubmit_by:
            raise ApplicationError(
                _("Đã quá hạn bổ sung hồ sơ (%s).")
                % timezone.localtime(dossier.resubmit_by).strftime("%H:%M %d/%m/%Y")
            )
        return
    _open_for_registration(dossier.campaign, now)


@transaction.atomic
def dossier_create(
    *, actor, campaign: Campaign, product, now: dt.datetime | None = None
) -> Dossier:
    now = now or timezone.now()
    _open_for_registration(campaign, now)
    if Dossier.objects.filter(campaign=campaign, product=product).exists():
        raise ApplicationError(_("Sản phẩm này đã có hồ sơ trong đợt xét chọn."))
    enterprise = product.enterprise
    dossier = Dossier.objects.create(
        campaign=campaign,
        product=product,
        enterprise=enterprise,
        track=product.track,
        is_renewal=is_renewal(product, campaign),
        hq_in_locality=enterprise.hq_in_hanoi,
        factory_in_locality=enterprise.factory_in_hanoi,
        is_demo=product.is_demo,
        enterprise_key=enterprise.search_key,
        product_key=product.search_key,
        created_by=actor,
    )
    YearFigures.objects.bulk_create(
        YearFigures(dossier=dossier, year=year)
        for year in range(campaign.year - campaign.figure_years, campaign.year)
    )
    DossierEvent.objects.create(dossier=dossier, to_status=DossierStatus.DRAFT, actor=actor, at=now)
    audit_record(
        actor=actor,
        action="dossier.create",
        obj=dossier,
        changes={
            "campaign": [None, campaign.pk],
            "product": [None, product.pk],
            "is_renewal": [None, dossier.is_renewal],
        },
    )
    return dossier


def _figures_snapshot(dossier: Dossier) -> dict[str, dict[str, Any]]:
    return {str(f.year): snapshot(f, FIGURE_FIELDS) for f in dossier.figures.order_by("year")}


def _clean_figure(name: str, value: Any) -> Any:
    if value in (None, ""):
        return None
    try:
        number = (
            Decimal(str(value).replace(".", "").replace(" ", ""))
            if isinstance(value, str)
            else Decimal(value)
        )
    except Exception:
        raise ValidationError({name: _("“%s” không phải là số.") % value}) from None
    if number < 0:
        raise ValidationError({name: _("Số liệu không được âm.")})
    if name == "employees":
        if number != number.to_integral_value():
            raise ValidationError({name: _("Số lao động phải là số nguyên.")})
        return int(number)
    return number.quantize(Decimal(1))


@transaction.atomic
def dossier_save(
    *,
    actor,
    dossier: Dossier,
    figures: dict[int, dict[str, Any]] | None = None,
    now: dt.datetime | None = None,
    **fields: Any,
) -> Dossier:
    """Save a draft (or a returned dossier) as the enterprise types; every change of the
    figures is kept as a new version."""
    now = now or timezone.now()
    dossier = Dossier.objects.select_for_update().select_related("campaign").get(pk=dossier.pk)
    _check_editable(dossier, now)
    unknown = set(fields) - set(DOSSIER_FIELDS)
    if unknown:
        raise ApplicationError(_("Trường không được phép: %s") % ", ".join(sorted(unknown)))
    before_fields = snapshot(dossier, DOSSIER_FIELDS)
    before_figures = _figures_snapshot(dossier)
    for name, value in fields.items():
        setattr(dossier, name, nfc(value) if name == "startup_statement" else value)
    errors: dict[str, list[str]] = {}
    rows = {f.year: f for f in dossier.figures.all()}
    for year, values in (figures or {}).items():
        row = rows.get(int(year))
        if row is None:
            raise ApplicationError(_("Năm %s không thuộc hồ sơ.") % year)
        for name, value in values.items():
            if name not in FIGURE_FIELDS:
                raise ApplicationError(_("Trường không được phép: %s") % name)
            try:
                setattr(row, name, _clean_figure(f"{name}_{year}", value))
            except ValidationError as exc:
                errors.update(exc.message_dict)
    if errors:
        raise ValidationError(errors)
    dossier.full_clean(exclude=["campaign", "product", "enterprise", "created_by"])
    for row in rows.values():
        row.save()
    after_figures = _figures_snapshot(dossier)
    changes = diff(before_fields, snapshot(dossier, DOSSIER_FIELDS))
    if after_figures != before_figures:
        dossier.figures_version += 1
        FigureVersion.objects.create(
            dossier=dossier,
            number=dossier.figures_version,
            figures=after_figures,
            actor=actor,
            at=now,
        )
        changes["figures"] = [before_figures, after_figures]
    if not changes:
        return dossier
    dossier.save()
    audit_record(actor=actor, action="dossier.save", obj=dossier, changes=changes)
    return dossier


@transaction.atomic
def certificate_add(
    *,
    actor,
    dossier: Dossier,
    kind: str,
    number: str,
    issuer: str = "",
    issued_on=None,
    valid_until=None,
    now: dt.datetime | None = None,
) -> QualityCertificate:
    _check_editable(dossier, now or timezone.now())
    certificate = QualityCertificate(
        dossier=dossier,
        kind=kind,
        number=nfc(number),
        issuer=nfc(issuer),
        issued_on=issued_on,
        valid_until=valid_until,
    )
    if issued_on and valid_until and valid_until < issued_on:
        raise ValidationError({"valid_until": _("Ngày hết hiệu lực phải sau ngày cấp.")})
    certificate.full_clean()
    certificate.save()
    audit_record(
        actor=actor,
        action="dossier.certificate_add",
        obj=dossier,
        changes={"certificate": [None, str(certificate)]},
    )
    return certificate


@transaction.atomic
def certificate_remove(*, actor, certificate: QualityCertificate) -> Dossier:
    dossier = certificate.dossier
    _check_editable(dossier, timezone.now())
    label = str(certificate)
    certificate.delete()
    audit_record(
        actor=actor,
        action="dossier.certificate_remove",
        obj=dossier,
        changes={"certificate": [label, None]},
    )
    return dossier


def evidence_upload(
    *, actor, dossier: Dossier, kind: str, upload, now: dt.datetime | None = None
) -> Evidence:
    """Store a private document after checking its content; nothing is stored on refusal."""
    _check_editable(dossier, now or timezone.now())
    file_kind = check_upload(upload, allowed=EVIDENCE_KINDS, max_bytes=settings.EVIDENCE_MAX_BYTES)
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    evidence = Evidence(
        dossier=dossier,
        kind=kind,
        original_name=display_name(upload.name),
        content_type=file_kind.content_type,
        size=upload.size,
        sha256=digest.hexdigest(),
        uploaded_by=actor,
    )
    evidence.full_clean(exclude=["file"])
    evidence.file.save(upload.safe_name, upload, save=False)
    try:
        with transaction.atomic():
            evidence.save()
            audit_record(
                actor=actor,
                action="dossier.evidence_upload",
                obj=dossier,
                changes={"evidence": [None, evidence.original_name], "kind": [None, kind]},
            )
    except Exception:
        evidence.file.delete(save=False)  # the database refused: keep no orphan file
        raise
    return evidence


@transaction.atomic
def evidence_remove(*, actor, evidence: Evidence) -> Dossier:
    dossier = evidence.dossier
    _check_editable(dossier, timezone.now())
    name = evidence.original_name
    stored = evidence.file.name
    evidence.delete()
    audit_record(
        actor=actor,
        action="dossier.evidence_remove",
        obj=dossier,
        changes={"evidence": [name, None]},
    )
    storage = Evidence._meta.get_field("file").storage
    transaction.on_commit(lambda: storage.delete(stored))
    return dossier


def _run_screening(dossier: Dossier) -> None:
    ScreeningCheck.objects.filter(dossier=dossier).delete()
    ScreeningCheck.objects.bulk_create(
        [
            ScreeningCheck(
                dossier=dossier, rule_id=r.rule_id, automatic=r.outcome, figures_used=r.figures
            )
            for r in screening.evaluate_rules(dossier)
        ]
    )
    ComputedScore.objects.filter(dossier=dossier).delete()
    ComputedScore.objects.bulk_create(
        [
            ComputedScore(dossier=dossier, criterion_id=cid, value=value, points=points)
            for cid, value, points in screening.compute_scores(dossier)
        ]
    )


@transaction.atomic
def dossier_submit(*, actor, dossier: Dossier, now: dt.datetime | None = None) -> Dossier:
    """Submit, or resubmit a returned dossier. The server enforces the deadline, whatever
    the client sends; missing items are listed; eligibility is checked at once."""
    now = now or timezone.now()
    dossier = (
        Dossier.objects.select_for_update()
        .select_related("campaign", "enterprise")
        .get(pk=dossier.pk)
    )
    _check_editable(dossier, now)
    lacking = checklist.missing(dossier)
    if lacking:
        raise ApplicationError(
            _("Hồ sơ còn thiếu: ") + "; ".join(lacking) + ".", extra={"missing": lacking}
        )
    before = dossier.status
    _transition(dossier, DossierStatus.SUBMITTED, actor=actor)
    dossier.submitted_at = now
    dossier.resubmit_by = None
    dossier.is_renewal = is_renewal(dossier.product, dossier.campaign)
    dossier.save()
    _run_screening(dossier)
    audit_record(
        actor=actor,
        action="dossier.submit",
        obj=dossier,
        changes={
            "status": [before, dossier.status],
            "figures_version": [None, dossier.figures_version],
        },
    )
    notify_enterprise(dossier, event="submitted")
    return dossier


@transaction.atomic
def dossier_return(
    *, actor, dossier: Dossier, comment: str, resubmit_by: dt.datetime | None = None
) -> Dossier:
    dossier = (
        Dossier.objects.select_for_update()
        .select_related("campaign", "enterprise")
        .get(pk=dossier.pk)
    )
    if not comment.strip():
        raise ValidationError({"comment": _("Vui lòng ghi rõ nội dung cần bổ sung.")})
    resubmit_by = resubmit_by or timezone.now() + dt.timedelta(days=dossier.campaign.resubmit_days)
    before = dossier.status
    _transition(dossier, DossierStatus.RETURNED, actor=actor, comment=comment.strip())
    dossier.resubmit_by = resubmit_by
    dossier.save()
    audit_record(
        actor=actor,
        action="dossier.return",
        obj=dossier,
        changes={
            "status": [before, dossier.status],
            "comment": [None, comment.strip()],
            "resubmit_by": [None, resubmit_by],
        },
    )
    notify_enterprise(
        dossier,
        event="returned",
        comment=_("%(c)s (hạn bổ sung: %(d)s)")
        % {"c": comment.strip(), "d": vn_date(timezone.localtime(resubmit_by).date())},
    )
    return dossier


@transaction.atomic
def screening_decide(
    *, actor, check: ScreeningCheck, outcome: str, reason: str = ""
) -> ScreeningCheck:
    """An officer confirms the automatic result of one rule, or overrides it with a reason."""
    check = (
        ScreeningCheck.objects.select_for_update()
        .select_related("dossier", "rule")
        .get(pk=check.pk)
    )
    if check.dossier.status != DossierStatus.SUBMITTED:
        raise ApplicationError(_("Chỉ thẩm định được hồ sơ đã nộp."))
    if outcome not in {ScreeningOutcome.PASS, ScreeningOutcome.FAIL}:
        raise ValidationError({"outcome": _("Kết luận phải là Đạt hoặc Không đạt.")})
    if outcome != check.automatic and not reason.strip():
        raise ValidationError({"reason": _("Kết luận khác kết quả tự động: vui lòng ghi lý do.")})
    before = snapshot(check, ("officer_outcome", "reason"))
    check.officer_outcome, check.reason = outcome, reason.strip()
    check.decided_by, check.decided_at = actor, timezone.now()
    check.save()
    audit_record(
        actor=actor,
        action="dossier.screening_decide",
        obj=check.dossier,
        changes={
            f"{check.rule.code}": [
                before,
                {"automatic": check.automatic, **snapshot(check, ("officer_outcome", "reason"))},
            ]
        },
    )
    return check


@transaction.atomic
def computed_score_verify(*, actor, score: ComputedScore, verified: bool = True) -> ComputedScore:
    score = (
        ComputedScore.objects.select_for_update()
        .select_related("dossier", "criterion")
        .get(pk=score.pk)
    )
    if score.dossier.status not in {DossierStatus.SUBMITTED, DossierStatus.ELIGIBLE}:
        raise ApplicationError(
            _("Chỉ xác minh minh chứng khi hồ sơ đang thẩm định hoặc chờ chấm điểm.")
        )
    score.evidence_verified = verified
    score.verified_by, score.verified_at = (actor, timezone.now()) if verified else (None, None)
    score.save()
    audit_record(
        actor=actor,
        action="dossier.computed_verify",
        obj=score.dossier,
        changes={score.criterion.code: [not verified, verified]},
    )
    return score


@transaction.atomic
def dossier_screen(*, actor, dossier: Dossier, comment: str = "") -> Dossier:
    """Conclude screening: eligible when every rule passes, otherwise ineligible with why."""
    locked = Dossier.objects.select_for_update().select_related("campaign", "enterprise")
    dossier = locked.get(pk=dossier.pk)
    checks = list(dossier.screening.select_related("rule"))
    undecided = [c.rule.code for c in checks if not c.officer_outcome]
    if undecided:
        raise ApplicationError(_("Chưa kết luận các điều kiện: %s.") % ", ".join(undecided))
    failed = [c for c in checks if c.outcome == ScreeningOutcome.FAIL]
    to = DossierStatus.INELIGIBLE if failed else DossierStatus.ELIGIBLE
    reasons = "; ".join(
        f"{c.rule.code} {c.rule.name}" + (f": {c.reason}" if c.reason else "") for c in failed
    )
    text = "\n".join(part for part in (reasons, comment.strip()) if part)
    before = dossier.status
    _transition(dossier, to, actor=actor, comment=text)
    dossier.save()
    audit_record(
        actor=actor,
        action="dossier.screen",
        obj=dossier,
        changes={"status": [before, to], "reasons": [None, text]},
    )
    notify_enterprise(dossier, event=to, comment=text)
    return dossier
