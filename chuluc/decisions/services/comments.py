"""Public comments on the published list: sent by anyone while the window is open,
moderated and answered by the department until the decision is entered."""

from __future__ import annotations

import datetime as dt
import hashlib

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from chuluc.core import receipts
from chuluc.core.audit import audit_record
from chuluc.core.errors import ApplicationError
from chuluc.core.formatting import vn_date
from chuluc.core.receipts import give_reference
from chuluc.core.text import nfc
from chuluc.core.uploads import JPEG, PDF, PNG, check_upload, display_name
from chuluc.decisions.enums import CommentEffect, CommentStatus
from chuluc.decisions.lifecycles import PUBLIC_COMMENT, undecided
from chuluc.decisions.models import Publication, PublicComment, PublishedEntry

COMMENT_MAX_BYTES = 10 * 1024 * 1024
TEXT_MAX = 5_000
#: The moderation event that puts a comment in each state an officer may choose.
MODERATION_EVENTS = {CommentStatus.PUBLISHED: "publish", CommentStatus.PRIVATE: "keep_private"}


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
        status=PUBLIC_COMMENT.initial,
    )
    if attachment:
        check_upload(attachment, allowed=(PDF, JPEG, PNG), max_bytes=COMMENT_MAX_BYTES)
        comment.attachment_name = display_name(attachment.name)[:200]
        comment.attachment.save("upload", attachment, save=False)
    comment.save()
    give_reference(comment, receipts.COMMENT, timezone.localtime(now).year)
    audit_record(
        actor=None,
        action="decisions.comment_submit",
        obj=comment,
        changes={
            "entry": [None, entry.pk],
            "attachment": [None, bool(attachment)],
            "reference": [None, comment.reference],
        },
    )
    return comment


@transaction.atomic
def comment_moderate(*, actor, comment: PublicComment, status: str) -> PublicComment:
    """Publish a comment or keep it private (an officer may change their mind until the
    decision is entered)."""
    comment = PublicComment.objects.select_for_update().get(pk=comment.pk)
    event = MODERATION_EVENTS.get(status)
    if event is None:
        raise ApplicationError(_("Không thể chuyển góp ý sang trạng thái này."))
    PUBLIC_COMMENT.fire(
        comment, event, actor=actor, fields={"moderated_by": actor, "moderated_at": timezone.now()}
    )
    return comment


@transaction.atomic
def comment_answer(*, actor, comment: PublicComment, answer: str, effect: str) -> PublicComment:
    """The department's answer, and whether the comment changes the result."""
    comment = PublicComment.objects.select_for_update().get(pk=comment.pk)
    closed = undecided(comment)
    if closed:
        raise ApplicationError(closed)
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
