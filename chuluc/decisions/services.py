"""Writes of the decisions part: publication for public comment, comments and their
moderation, the decision and its recognitions, certificates, revocation and expiry
reminders. Each service runs in one transaction and writes its audit row."""

from __future__ import annotations

import calendar
import datetime as dt
import hashlib

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from chuluc.campaigns.enums import DOSSIER_TRANSITIONS, DossierStatus
from chuluc.campaigns.models import Campaign, Dossier, DossierEvent
from chuluc.core.audit import audit_record
from chuluc.core.errors import ApplicationError
from chuluc.core.formatting import vn_date
from chuluc.core.text import nfc
from chuluc.core.uploads import JPEG, PDF, PNG, check_upload, display_name
from chuluc.council.models import Council
from chuluc.council.selectors import results_table
from chuluc.decisions.enums import (
    COMMENT_TRANSITIONS,
    RECOGNITION_TRANSITIONS,
    CommentEffect,
    CommentStatus,
    RecognitionStatus,
    Title,
)
from chuluc.decisions.models import (
    Certificate,
    Decision,
    Publication,
    PublicComment,
    PublishedEntry,
    Recognition,
)
from chuluc.decisions.public_cache import public_pages_changed

COMMENT_MAX_BYTES = 10 * 1024 * 1024
TEXT_MAX = 5_000
#: Certificate numbers: ``SPCNCL-2024-001`` for the title, ``TOP-2024-01`` for a Top place.
NUMBER_FORMATS = {Title.SPCNCL: "SPCNCL-{year}-{seq:03d}", Title.TOP: "TOP-{year}-{seq:02d}"}


def _move_dossier(dossier_id: int, status: str, *, actor, at: dt.datetime) -> None:
    dossier = Dossier.objects.select_for_update().get(pk=dossier_id)
    if status not in DOSSIER_TRANSITIONS[dossier.status]:
        raise ApplicationError(
            _("Hồ sơ %(pk)s đang ở trạng thái “%(status)s”, không thể chuyển.")
            % {"pk": dossier.pk, "status": dossier.get_status_display()}
        )
    DossierEvent.objects.create(
        dossier=dossier, from_status=dossier.status, to_status=status, actor=actor, at=at
    )
    dossier.status = status
    dossier.save(update_fields=["status", "updated_at"])


def _end_of_day(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(23, 59, 59)))


# --------------------------------------------------------------------------- publication


@transaction.atomic
def publication_publish(*, actor, campaign: Campaign, notice: str = "") -> Publication:
    """Put the council's result up for public comment: the passing products, Top N marked,
    frozen as published entries; comments close at the end of the campaign's window."""
    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    if Publication.objects.filter(campaign=campaign).exists():
        raise ApplicationError(_("Kết quả của đợt này đã được công bố."))
    council = Council.objects.filter(campaign=campaign).first()
    if council is None or not council.rounds.exists():
        raise ApplicationError(_("Đợt này chưa có kết quả chấm điểm của Hội đồng."))
    if council.rounds.filter(status="open").exists():
        raise ApplicationError(_("Hội đồng còn vòng chấm chưa khóa; chưa thể công bố kết quả."))
    results = list(results_table(council=council).filter(passed=True))
    if not results:
        raise ApplicationError(_("Không có sản phẩm nào đạt; không có gì để công bố."))
    # A tie among passing products only shares a rank; a tie across the last Top places
    # leaves places open until the council votes (the engine then marks none of it Top).
    placed = sum(1 for r in results if r.top)
    pending = [r for r in results if r.needs_vote and not r.top]
    if pending and placed < min(campaign.top_n, len(results)):
        raise ApplicationError(
            _(
                "Còn %(n)s vị trí trong nhóm Top chờ Hội đồng biểu quyết giữa các hồ sơ bằng điểm; "
                "chưa thể công bố."
            )
            % {"n": min(campaign.top_n, len(results)) - placed}
        )
    now = timezone.now()
    closes = _end_of_day(timezone.localdate(now) + dt.timedelta(days=campaign.comment_window_days))
    publication = Publication.objects.create(
        campaign=campaign,
        published_at=now,
        published_by=actor,
        comments_close_at=closes,
        notice=nfc(notice).strip(),
    )
    PublishedEntry.objects.bulk_create(
        [
            PublishedEntry(
                publication=publication,
                dossier_id=r.dossier_id,
                product_id=r.dossier.product_id,
                enterprise_id=r.dossier.enterprise_id,
                rank=r.rank,
                total=r.total,
                top=r.top,
            )
            for r in results
        ]
    )
    for r in results:
        _move_dossier(r.dossier_id, DossierStatus.PUBLISHED, actor=actor, at=now)
    audit_record(
        actor=actor,
        action="decisions.publish",
        obj=publication,
        changes={
            "entries": [None, len(results)],
            "top": [None, sum(1 for r in results if r.top)],
            "comments_close_at": [None, closes],
        },
    )
    return publication


# --------------------------------------------------------------------------- comments


def sender_key(address: str) -> str:
    """A keyed hash of the sender's address: enough to count floods, useless to identify."""
    return hashlib.sha256(f"{settings.SECRET_KEY}:{address}".encode()).hexdigest()


@transaction.atomic
def comment_submit(
    *,
    publication: Publication,
    entry: PublishedEntry,
    author_name: str,
    author_contact: str,
    text: str,
    attachment=None,
    address: str,
) -> PublicComment:
    """A visitor's comment on a listed product. Refused after the deadline and beyond the
    hourly limit per address; kept private until an officer publishes it."""
    now = timezone.now()
    if now > publication.comments_close_at:
        raise ApplicationError(
            _("Đã hết hạn góp ý (hạn cuối: %(when)s). Góp ý gửi muộn không được tiếp nhận.")
            % {"when": vn_date(timezone.localtime(publication.comments_close_at).date())}
        )
    if entry.publication_id != publication.pk:
        raise ApplicationError(_("Sản phẩm này không có trong danh sách công bố."))
    errors = {}
    author_name, author_contact, text = (
        nfc(author_name).strip(),
        nfc(author_contact).strip(),
        nfc(text).strip(),
    )
    if not author_name:
        errors["author_name"] = _("Vui lòng ghi họ và tên.")
    if not author_contact:
        errors["author_contact"] = _("Vui lòng ghi thư điện tử hoặc số điện thoại để Sở liên hệ.")
    if not text:
        errors["text"] = _("Vui lòng ghi nội dung góp ý.")
    elif len(text) > TEXT_MAX:
        errors["text"] = _("Nội dung góp ý tối đa %(n)s ký tự.") % {"n": TEXT_MAX}
    if errors:
        raise ValidationError(errors)
    key = sender_key(address)
    recent = PublicComment.objects.filter(
        sender_key=key, received_at__gte=now - dt.timedelta(hours=1)
    ).count()
    if recent >= settings.COMMENT_LIMIT_PER_HOUR:
        raise ApplicationError(
            _("Bạn đã gửi %(n)s góp ý trong một giờ qua. Để chống gửi dồn, vui lòng gửi lại sau.")
            % {"n": recent}
        )
    comment = PublicComment(
        publication=publication,
        entry=entry,
        author_name=author_name[:120],
        author_contact=author_contact[:120],
        text=text,
        received_at=now,
        sender_key=key,
    )
    if attachment:
        check_upload(attachment, allowed=(PDF, JPEG, PNG), max_bytes=COMMENT_MAX_BYTES)
        comment.attachment_name = display_name(attachment.name)[:200]
        comment.attachment.save("upload", attachment, save=False)
    comment.save()
    audit_record(
        actor=None,
        action="decisions.comment_submit",
        obj=comment,
        changes={"entry": [None, entry.pk], "attachment": [None, bool(attachment)]},
    )
    return comment


def _decision_pending(publication: Publication) -> None:
    if Decision.objects.filter(campaign_id=publication.campaign_id).exists():
        raise ApplicationError(_("Đã có quyết định công nhận; hồ sơ góp ý đã khép lại."))


@transaction.atomic
def comment_moderate(*, actor, comment: PublicComment, status: str) -> PublicComment:
    comment = PublicComment.objects.select_for_update().get(pk=comment.pk)
    _decision_pending(comment.publication)
    if status not in COMMENT_TRANSITIONS[comment.status]:
        raise ApplicationError(_("Không thể chuyển góp ý sang trạng thái này."))
    before = comment.status
    comment.status = status
    comment.moderated_by, comment.moderated_at = actor, timezone.now()
    comment.save(update_fields=["status", "moderated_by", "moderated_at"])
    audit_record(
        actor=actor,
        action="decisions.comment_moderate",
        obj=comment,
        changes={"status": [before, status]},
    )
    return comment


@transaction.atomic
def comment_answer(*, actor, comment: PublicComment, answer: str, effect: str) -> PublicComment:
    """The department's answer, and whether the comment changes the result."""
    comment = PublicComment.objects.select_for_update().get(pk=comment.pk)
    _decision_pending(comment.publication)
    answer = nfc(answer).strip()
    errors = {}
    if not answer:
        errors["answer"] = _("Vui lòng ghi nội dung trả lời.")
    if effect not in CommentEffect.values:
        errors["effect"] = _("Vui lòng chọn góp ý có làm thay đổi kết quả hay không.")
    if errors:
        raise ValidationError(errors)
    before = {"answer": comment.answer, "effect": comment.effect}
    comment.answer, comment.effect = answer, effect
    comment.answered_by, comment.answered_at = actor, timezone.now()
    comment.save(update_fields=["answer", "effect", "answered_by", "answered_at"])
    audit_record(
        actor=actor,
        action="decisions.comment_answer",
        obj=comment,
        changes={"answer": [before["answer"], answer], "effect": [before["effect"], effect]},
    )
    return comment


@transaction.atomic
def entry_withdraw(*, actor, entry: PublishedEntry, reason: str) -> PublishedEntry:
    """Take a product off the list after a comment that changes the result: it will not be
    in the decision."""
    entry = PublishedEntry.objects.select_for_update().get(pk=entry.pk)
    _decision_pending(entry.publication)
    if not nfc(reason).strip():
        raise ValidationError({"reason": _("Vui lòng ghi lý do đưa sản phẩm ra khỏi danh sách.")})
    if entry.withdrawn:
        raise ApplicationError(_("Sản phẩm đã được đưa ra khỏi danh sách."))
    entry.withdrawn, entry.withdrawn_reason = True, nfc(reason).strip()
    entry.save(update_fields=["withdrawn", "withdrawn_reason"])
    _move_dossier(entry.dossier_id, DossierStatus.WITHDRAWN, actor=actor, at=timezone.now())
    audit_record(
        actor=actor,
        action="decisions.entry_withdraw",
        obj=entry,
        changes={"withdrawn": [False, True], "reason": [None, entry.withdrawn_reason]},
    )
    return entry


# --------------------------------------------------------------------------- decision


def add_months(day: dt.date, months: int) -> dt.date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def decision_ready(publication: Publication, at: dt.datetime | None = None) -> list[str]:
    """What still stops the decision from being entered (empty when nothing does)."""
    problems = []
    if (at or timezone.now()) <= publication.comments_close_at:
        problems.append(
            _("Thời hạn góp ý chưa kết thúc (đến %(when)s).")
            % {"when": vn_date(timezone.localtime(publication.comments_close_at).date())}
        )
    waiting = publication.comments.filter(status=CommentStatus.RECEIVED).count()
    if waiting:
        problems.append(_("Còn %(n)s góp ý chưa kiểm duyệt.") % {"n": waiting})
    unanswered = publication.comments.filter(answer="").count()
    if unanswered:
        problems.append(_("Còn %(n)s góp ý chưa có trả lời của Sở.") % {"n": unanswered})
    return problems


def _decision_errors(
    publication: Publication, number: str, signed_on, signer_name: str, signer_title: str
) -> dict[str, str]:
    errors = {}
    if not number:
        errors["number"] = _("Vui lòng ghi số quyết định.")
    elif Decision.objects.filter(number__iexact=number).exists():
        errors["number"] = _("Số quyết định này đã được dùng.")
    if not signer_name:
        errors["signer_name"] = _("Vui lòng ghi người ký.")
    if not signer_title:
        errors["signer_title"] = _("Vui lòng ghi chức vụ người ký.")
    if signed_on is None:
        errors["signed_on"] = _("Vui lòng ghi ngày ký.")
    elif signed_on > timezone.localdate():
        errors["signed_on"] = _("Ngày ký không thể ở tương lai.")
    elif signed_on < timezone.localtime(publication.comments_close_at).date():
        errors["signed_on"] = _("Ngày ký phải sau khi kết thúc thời hạn góp ý.")
    return errors


@transaction.atomic
def decision_enter(
    *,
    actor,
    campaign: Campaign,
    number: str,
    signed_on: dt.date,
    signer_name: str,
    signer_title: str,
) -> Decision:
    """Record the signed decision: one recognition per product still on the list, its
    certificates numbered, validity from the signing date for the campaign's months. A
    product recognised before is renewed: the new recognition links to the old one, which
    is superseded."""
    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    publication = Publication.objects.filter(campaign=campaign).first()
    if publication is None:
        raise ApplicationError(_("Kết quả chưa được công bố lấy ý kiến."))
    if Decision.objects.filter(campaign=campaign).exists():
        raise ApplicationError(_("Đợt này đã có quyết định công nhận."))
    number, signer_name, signer_title = (
        nfc(number).strip(),
        nfc(signer_name).strip(),
        nfc(signer_title).strip(),
    )
    errors = _decision_errors(publication, number, signed_on, signer_name, signer_title)
    if errors:
        raise ValidationError(errors)
    problems = decision_ready(publication)
    if problems:
        raise ApplicationError(" ".join(problems))
    now = timezone.now()
    decision = Decision.objects.create(
        campaign=campaign,
        number=number,
        signed_on=signed_on,
        signer_name=signer_name,
        signer_title=signer_title,
        entered_by=actor,
        entered_at=now,
    )
    valid_until = add_months(signed_on, campaign.validity_months) - dt.timedelta(days=1)
    entries = list(publication.entries.filter(withdrawn=False).order_by("rank", "id"))
    previous = {
        r.product_id: r
        for r in Recognition.objects.select_for_update()
        .filter(product_id__in=[e.product_id for e in entries], status=RecognitionStatus.ACTIVE)
        .order_by("valid_from")
    }
    seq = {Title.SPCNCL: 0, Title.TOP: 0}
    for entry in entries:
        old = previous.get(entry.product_id)
        if old is not None:
            old.status = RecognitionStatus.SUPERSEDED
            old.save(update_fields=["status"])
        recognition = Recognition.objects.create(
            decision=decision,
            product_id=entry.product_id,
            enterprise_id=entry.enterprise_id,
            dossier_id=entry.dossier_id,
            year=campaign.year,
            top=entry.top,
            rank=entry.rank,
            valid_from=signed_on,
            valid_until=valid_until,
            renewal_of=old,
        )
        for title in (Title.SPCNCL, Title.TOP) if entry.top else (Title.SPCNCL,):
            seq[title] += 1
            Certificate.objects.create(
                recognition=recognition,
                title=title,
                number=NUMBER_FORMATS[title].format(year=campaign.year, seq=seq[title]),
                issued_on=signed_on,
            )
        _move_dossier(entry.dossier_id, DossierStatus.RECOGNISED, actor=actor, at=now)
    audit_record(
        actor=actor,
        action="decisions.decision_enter",
        obj=decision,
        changes={
            "number": [None, number],
            "signed_on": [None, signed_on],
            "recognitions": [None, len(entries)],
            "top": [None, seq[Title.TOP]],
            "renewals": [None, len(previous)],
        },
    )
    _after_commit_products(decision, reason=_("Quyết định công nhận %s") % number)
    return decision


def _after_commit_products(decision: Decision, *, reason: str) -> None:
    """Certificates' PDFs and a new open-data snapshot, built in the background once the
    decision is committed (a failure there never undoes the decision)."""
    from chuluc.decisions.tasks import build_decision_products

    pk = decision.pk
    # The public pages show the list: the cached ones go stale when this commits.
    public_pages_changed()
    transaction.on_commit(lambda: build_decision_products.enqueue(pk, reason))


@transaction.atomic
def recognition_revoke(
    *, actor, recognition: Recognition, reason: str, decision_ref: str
) -> Recognition:
    recognition = Recognition.objects.select_for_update().get(pk=recognition.pk)
    reason, decision_ref = nfc(reason).strip(), nfc(decision_ref).strip()
    errors = {}
    if not reason:
        errors["reason"] = _("Vui lòng ghi lý do thu hồi.")
    if not decision_ref:
        errors["decision_ref"] = _("Vui lòng ghi số, ngày quyết định thu hồi.")
    if errors:
        raise ValidationError(errors)
    if RecognitionStatus.REVOKED not in RECOGNITION_TRANSITIONS[recognition.status]:
        raise ApplicationError(
            _("Công nhận đang ở trạng thái “%s”, không thể thu hồi.")
            % recognition.get_status_display()
        )
    before = recognition.status
    recognition.status = RecognitionStatus.REVOKED
    recognition.revoked_at = timezone.now()
    recognition.revoked_reason, recognition.revoked_decision = reason, decision_ref
    recognition.save(update_fields=["status", "revoked_at", "revoked_reason", "revoked_decision"])
    audit_record(
        actor=actor,
        action="decisions.recognition_revoke",
        obj=recognition,
        changes={
            "status": [before, recognition.status],
            "reason": [None, reason],
            "decision": [None, decision_ref],
        },
    )
    _after_commit_products(
        recognition.decision,
        reason=_("Thu hồi công nhận sản phẩm %(product)s (%(ref)s)")
        % {"product": recognition.product.name, "ref": decision_ref},
    )
    return recognition
