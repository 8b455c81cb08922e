"""Reads of publications, decisions and recognitions. The public ones (``public_*``,
``validity``) return only public facts; portal and API build on them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from chuluc.campaigns.selectors import current_campaign
from chuluc.core.formatting import vn_date
from chuluc.council.models import Result
from chuluc.decisions.enums import CommentStatus, PublicationStatus, RecognitionStatus, Validity
from chuluc.decisions.models import (
    Certificate,
    Decision,
    OpenDataSnapshot,
    Publication,
    PublicComment,
    PublishedEntry,
    Recognition,
)


def today() -> dt.date:
    return timezone.localdate()


def expiry_window() -> int:
    """Days before its last day when a recognition is *expiring*: the longest lead time of
    the expiry reminders (``EXPIRY_REMINDER_DAYS``), so the state and the first reminder
    start together; 0 (no reminders) means no recognition is ever shown as expiring."""
    return max(settings.EXPIRY_REMINDER_DAYS, default=0)


def validity(recognition: Recognition, on: dt.date | None = None) -> str:
    """What a recognition (and its certificates) is worth on a day: valid, expiring (valid,
    its last day within ``expiry_window``), expired, revoked or superseded. *Expiring* and
    *expired* are derived from the date, never stored. Every list, page, API answer,
    open-data file and document takes the state from here (or ``with_validity``)."""
    if recognition.status == RecognitionStatus.REVOKED:
        return Validity.REVOKED
    if recognition.status == RecognitionStatus.SUPERSEDED:
        return Validity.SUPERSEDED
    on = on or today()
    if on > recognition.valid_until:
        return Validity.EXPIRED
    window = expiry_window()
    if window and (recognition.valid_until - on).days <= window:
        return Validity.EXPIRING
    return Validity.VALID


def with_validity(queryset: QuerySet[Recognition], state: str, on: dt.date | None = None):
    """The recognitions whose ``validity`` on the day is ``state``: the same derivation as
    ``validity``, written as a query (tests/decisions/test_validity.py holds the two
    together)."""
    on = on or today()
    window = expiry_window()
    horizon = on + dt.timedelta(days=window)
    stored = (RecognitionStatus.REVOKED, RecognitionStatus.SUPERSEDED)
    current = queryset.exclude(status__in=stored)
    if state == Validity.REVOKED:
        return queryset.filter(status=RecognitionStatus.REVOKED)
    if state == Validity.SUPERSEDED:
        return queryset.filter(status=RecognitionStatus.SUPERSEDED)
    if state == Validity.EXPIRED:
        return current.filter(valid_until__lt=on)
    if state == Validity.EXPIRING:
        return (
            current.filter(valid_until__gte=on, valid_until__lte=horizon)
            if window
            else (current.none())
        )
    if state == Validity.VALID:
        return (
            current.filter(valid_until__gt=horizon)
            if window
            else (current.filter(valid_until__gte=on))
        )
    raise ValueError(state)


def comments_open(publication: Publication, at: dt.datetime | None = None) -> bool:
    return (at or timezone.now()) <= publication.comments_close_at


def decision_ready(publication: Publication, at: dt.datetime | None = None) -> list[str]:
    """What still stops the decision from being entered (empty when nothing does)."""
    problems = []
    if comments_open(publication, at):
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


def past_decision_refusal(campaign, *, on: dt.date | None = None) -> str | None:
    """Why a campaign's decision cannot be recorded in history mode (None when it can): only
    a past year's campaign, not yet published here and without a decision. The current
    year's decision goes through publication, comments and ``decision_enter``."""
    on = on or today()
    if Decision.objects.filter(campaign=campaign).exists():
        return _("Đợt này đã có quyết định công nhận.")
    if Publication.objects.filter(campaign=campaign).exists():
        return _(
            "Kết quả của đợt này đã được công bố lấy ý kiến trên hệ thống; nhập quyết định "
            "theo quy trình thường."
        )
    if campaign.year >= on.year:
        return _(
            "Chỉ nhập lại quyết định của các đợt năm trước; quyết định của đợt năm %(year)s "
            "nhập theo quy trình thường, sau thời hạn góp ý."
        ) % {"year": campaign.year}
    return None


def publication_for(campaign) -> Publication | None:
    return Publication.objects.filter(campaign=campaign).first()


def published_entries(publication: Publication) -> QuerySet[PublishedEntry]:
    """The published list (withdrawn entries included, flagged), ranked."""
    return publication.entries.select_related("product", "enterprise", "product__industry_group")


def public_publications() -> QuerySet[Publication]:
    return Publication.objects.select_related("campaign").order_by("-campaign__year")


def public_comments(publication: Publication) -> QuerySet[PublicComment]:
    """Comments an officer published, with the department's answer: never the sender's
    contact, never an unpublished comment (callers show name, text, answer only)."""
    return (
        publication.comments.filter(status=CommentStatus.PUBLISHED)
        .select_related("entry__product")
        .only(
            "id",
            "author_name",
            "text",
            "received_at",
            "answer",
            "answered_at",
            "effect",
            "entry__product__name",
            "entry_id",
        )
        .order_by("received_at", "id")
    )


def comments_for_officer(publication: Publication) -> QuerySet[PublicComment]:
    return publication.comments.select_related("entry__product", "entry__enterprise").order_by(
        "status", "-received_at"
    )


def public_decisions() -> QuerySet[Decision]:
    return Decision.objects.select_related("campaign").order_by("-signed_on", "-id")


def recognitions() -> QuerySet[Recognition]:
    """Every recognition with what its public page needs, in one query with prefetches."""
    return Recognition.objects.select_related(
        "decision",
        "product",
        "product__industry_group",
        "enterprise",
        "enterprise__district",
        "renewal_of",
    ).prefetch_related(Prefetch("certificates", queryset=Certificate.objects.order_by("title")))


@dataclass(frozen=True)
class OwnRecognition:
    """A recognition as its enterprise's page shows it: with its validity today."""

    recognition: Recognition
    validity: Validity

    @property
    def is_expiring(self) -> bool:
        """Valid, its last day near: the page calls the firm to the current campaign."""
        return self.validity == Validity.EXPIRING


def recognitions_of(enterprise_ids) -> list[OwnRecognition]:
    """The recognitions of the given enterprises (a representative's own), newest year
    first, with their certificates and validity: a fixed number of queries for any number
    of rows."""
    rows = (
        recognitions()
        .filter(enterprise_id__in=list(enterprise_ids))
        .order_by("-year", "enterprise__search_key", "product__search_key", "id")
    )
    on = today()
    return [OwnRecognition(r, Validity(validity(r, on))) for r in rows]


@dataclass(frozen=True)
class DossierResult:
    """A dossier's final score and rank as its page shows them once the result is public
    (published for comment or decided, never before), with its recognition once decided."""

    publication: Publication
    total: Decimal
    rank: int
    out_of: int
    passed: bool
    top: bool
    withdrawn_reason: str | None
    recognition: OwnRecognition | None

    @property
    def is_decided(self) -> bool:
        return self.publication.status == PublicationStatus.DECIDED

    @property
    def is_withdrawn(self) -> bool:
        return self.withdrawn_reason is not None


def dossier_result(dossier) -> DossierResult | None:
    """The public result of ``dossier``: ``None`` until its campaign's result is published,
    or when the council never scored it. A listed product shows its frozen published entry;
    one below the pass mark its council result. A fixed number of queries."""
    publication = Publication.objects.filter(campaign_id=dossier.campaign_id).first()
    if publication is None:
        return None
    result = Result.objects.filter(dossier_id=dossier.pk).first()
    if result is None:
        return None
    entry = PublishedEntry.objects.filter(dossier_id=dossier.pk).first()
    out_of = Result.objects.filter(council_id=result.council_id).count()
    recognition = recognitions().filter(dossier_id=dossier.pk).first()
    own = OwnRecognition(recognition, Validity(validity(recognition))) if recognition else None
    if entry is None:
        return DossierResult(
            publication, result.total, result.rank, out_of, result.passed, False, None, own
        )
    reason = (entry.withdrawn_reason or "—") if entry.withdrawn else None
    return DossierResult(publication, entry.total, entry.rank, out_of, True, entry.top, reason, own)


def dossier_result_panel(dossier, user) -> dict | None:
    """The dossier page's result panel (registered in ``DecisionsConfig.ready``): the
    result, and the current campaign when the recognition nears its end."""
    result = dossier_result(dossier)
    if result is None:
        return None
    expiring = result.recognition is not None and result.recognition.is_expiring
    return {"result": result, "campaign": current_campaign() if expiring else None}


def decision_certificates(decision: Decision) -> QuerySet[Certificate]:
    """A decision's certificates with what their printed page shows, in number order."""
    return (
        Certificate.objects.filter(recognition__decision=decision)
        .select_related(
            "recognition__product",
            "recognition__enterprise",
            "recognition__decision__campaign__program",
        )
        .order_by("title", "number")
    )


def certificate_for_download(pk: int) -> Certificate | None:
    """One certificate with what its printed page shows (rendered when it has no file)."""
    return (
        Certificate.objects.select_related(
            "recognition__product",
            "recognition__enterprise",
            "recognition__decision__campaign__program",
        )
        .filter(pk=pk)
        .first()
    )


def certificate_by_number(number: str) -> Certificate | None:
    return (
        Certificate.objects.select_related(
            "recognition__decision",
            "recognition__product",
            "recognition__enterprise",
            "recognition__renewed_by__decision",
        )
        .filter(number__iexact=number.strip())
        .first()
    )


def snapshots(decision: Decision) -> QuerySet[OpenDataSnapshot]:
    return decision.snapshots.order_by("-version")


def latest_snapshot(decision: Decision) -> OpenDataSnapshot | None:
    return snapshots(decision).first()


def comment_counts(publication: Publication) -> dict[str, int]:
    return publication.comments.aggregate(
        total=Count("id"),
        waiting=Count("id", filter=Q(status=CommentStatus.RECEIVED)),
        published=Count("id", filter=Q(status=CommentStatus.PUBLISHED)),
        unanswered=Count("id", filter=Q(answer="")),
        changes=Count("id", filter=Q(effect="changes")),
    )


def recognition_years() -> list[int]:
    return list(Recognition.objects.order_by("-year").values_list("year", flat=True).distinct())
