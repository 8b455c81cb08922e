"""The lifecycles of the decisions part: the publication for public comment, its comments,
the decision, its recognitions and their certificates. Services fire these events; nothing
else writes these status fields (``chuluc.core.lifecycle``)."""

from __future__ import annotations

from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from chuluc.core.lifecycle import Change, Lifecycle, Transition
from chuluc.decisions import rules
from chuluc.decisions.enums import (
    CertificateStatus,
    CommentStatus,
    DecisionStatus,
    PublicationStatus,
    RecognitionStatus,
)
from chuluc.decisions.models import Certificate, Publication
from chuluc.decisions.notifications import notify_certificates_issued, notify_recognition_revoked
from chuluc.decisions.selectors import decision_ready

OFFICER = gettext_lazy("Cán bộ Sở Công Thương")

# --------------------------------------------------------------------------- guards


def undecided(obj, **context) -> str | None:
    """Comments are moderated and answered, and the list may change, until the decision is
    entered. ``obj`` is the publication or one of its comments or entries."""
    publication = obj if isinstance(obj, Publication) else obj.publication
    if publication.status == PublicationStatus.DECIDED:
        return _("Đã có quyết định công nhận; hồ sơ góp ý đã khép lại.")
    return None


def comments_settled(publication, **context) -> str | None:
    """The comment window is over and every comment is moderated and answered."""
    problems = decision_ready(publication)
    return " ".join(problems) or None


def certificates_stored(decision, **context) -> str | None:
    missing = Certificate.objects.filter(
        Q(pdf="") | Q(pdf__isnull=True), recognition__decision=decision
    ).count()
    if missing:
        return _("Còn %(n)s giấy chứng nhận chưa có tệp PDF.") % {"n": missing}
    return None


# --------------------------------------------------------------------------- effects


def revoke_certificates(change: Change) -> None:
    """A revoked recognition's certificates are revoked with it."""
    rows = Certificate.objects.filter(recognition=change.obj).values_list("pk", "status")
    CERTIFICATE.fire_many(Certificate, list(rows), "revoke", actor=change.actor, at=change.at)


# --------------------------------------------------------------------------- declarations

PUBLICATION = Lifecycle(
    name="publication",
    title=gettext_lazy("Công bố lấy ý kiến"),
    model="decisions.Publication",
    states=PublicationStatus,
    initial=PublicationStatus.PUBLISHED,
    final=(PublicationStatus.DECIDED,),
    notes=gettext_lazy(
        "Cán bộ công bố danh sách sản phẩm đạt của Hội đồng để lấy ý kiến. Còn nhận góp ý "
        "hay không do hạn góp ý quyết định, không lưu thành trạng thái."
    ),
    transitions=(
        Transition(
            event="decide",
            label=gettext_lazy("Khép lại bằng quyết định công nhận"),
            source=(PublicationStatus.PUBLISHED,),
            target=PublicationStatus.DECIDED,
            who=OFFICER,
            rule=rules.can_enter_decision,
            guards=(comments_settled,),
        ),
    ),
)

PUBLIC_COMMENT = Lifecycle(
    name="public_comment",
    title=gettext_lazy("Góp ý"),
    model="decisions.PublicComment",
    states=CommentStatus,
    initial=CommentStatus.RECEIVED,
    notes=gettext_lazy(
        "Người dân gửi góp ý qua trang công khai trong thời hạn góp ý; cán bộ kiểm duyệt và "
        "có thể đổi ý cho đến khi nhập quyết định công nhận."
    ),
    transitions=(
        Transition(
            event="publish",
            label=gettext_lazy("Công khai góp ý"),
            source=(CommentStatus.RECEIVED, CommentStatus.PRIVATE),
            target=CommentStatus.PUBLISHED,
            who=OFFICER,
            rule=rules.can_moderate_comment,
            guards=(undecided,),
        ),
        Transition(
            event="keep_private",
            label=gettext_lazy("Không công khai góp ý"),
            source=(CommentStatus.RECEIVED, CommentStatus.PUBLISHED),
            target=CommentStatus.PRIVATE,
            who=OFFICER,
            rule=rules.can_moderate_comment,
            guards=(undecided,),
        ),
    ),
)

DECISION = Lifecycle(
    name="decision",
    title=gettext_lazy("Quyết định công nhận"),
    model="decisions.Decision",
    states=DecisionStatus,
    initial=DecisionStatus.ENTERED,
    final=(DecisionStatus.ISSUED,),
    notes=gettext_lazy(
        "Cán bộ nhập quyết định đã ký: hệ thống tạo công nhận và cấp số giấy chứng nhận, "
        "rồi tạo tệp PDF của từng giấy chứng nhận trong nền."
    ),
    transitions=(
        Transition(
            event="issue",
            label=gettext_lazy("Tạo giấy chứng nhận"),
            source=(DecisionStatus.ENTERED,),
            target=DecisionStatus.ISSUED,
            who=gettext_lazy("Hệ thống, sau khi nhập quyết định; hoặc cán bộ Sở Công Thương"),
            rule=rules.can_issue_certificates,
            guards=(certificates_stored,),
            effects=(notify_certificates_issued,),
        ),
    ),
)

RECOGNITION = Lifecycle(
    name="recognition",
    title=gettext_lazy("Công nhận"),
    model="decisions.Recognition",
    states=RecognitionStatus,
    initial=RecognitionStatus.ACTIVE,
    final=(RecognitionStatus.REVOKED, RecognitionStatus.SUPERSEDED),
    notes=gettext_lazy(
        "Tạo theo quyết định công nhận. “Hết hiệu lực” tính từ ngày hết hạn, không lưu "
        "thành trạng thái."
    ),
    transitions=(
        Transition(
            event="revoke",
            label=gettext_lazy("Thu hồi công nhận"),
            source=(RecognitionStatus.ACTIVE,),
            target=RecognitionStatus.REVOKED,
            who=OFFICER,
            rule=rules.can_revoke_recognition,
            effects=(revoke_certificates, notify_recognition_revoked),
        ),
        Transition(
            event="supersede",
            label=gettext_lazy("Công nhận lại bằng quyết định mới"),
            source=(RecognitionStatus.ACTIVE,),
            target=RecognitionStatus.SUPERSEDED,
            who=gettext_lazy("Hệ thống, khi quyết định mới công nhận lại sản phẩm"),
        ),
    ),
)

CERTIFICATE = Lifecycle(
    name="certificate",
    title=gettext_lazy("Giấy chứng nhận"),
    model="decisions.Certificate",
    states=CertificateStatus,
    initial=CertificateStatus.ISSUED,
    final=(CertificateStatus.REVOKED,),
    notes=gettext_lazy(
        "Cấp số khi nhập quyết định. Hết hiệu lực hay đã được thay thế đi theo công nhận "
        "của giấy chứng nhận, không lưu thành trạng thái."
    ),
    transitions=(
        Transition(
            event="revoke",
            label=gettext_lazy("Thu hồi giấy chứng nhận"),
            source=(CertificateStatus.ISSUED,),
            target=CertificateStatus.REVOKED,
            who=gettext_lazy("Hệ thống, khi công nhận bị thu hồi"),
        ),
    ),
)
