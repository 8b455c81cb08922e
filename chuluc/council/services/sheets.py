"""Writes of a member's score sheet: a score saved as they type, and the submission of the
complete sheet (``council.lifecycles.SCORE_SHEET``). A score changed after the submission,
or a dossier entering or leaving the list the council scores, takes the sheet back to draft
with the reason the member is shown."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from chuluc.campaigns.models import Criterion, Dossier
from chuluc.campaigns.services import criteria_set_freeze
from chuluc.core.audit import audit_record
from chuluc.core.errors import ApplicationError
from chuluc.core.lifecycle import Change
from chuluc.core.text import nfc
from chuluc.council.enums import SCORABLE_STATUSES, RoundStatus, ScoreSheetStatus
from chuluc.council.lifecycles import SCORE_SHEET
from chuluc.council.models import Conflict, CriterionAssignment, Member, Round, Score, ScoreSheet
from chuluc.council.selectors import sheet_missing

SCORABLE = set(SCORABLE_STATUSES)
#: What a member reads on their scoring page after changing a score of a submitted sheet.
EDITED_AFTER_SUBMITTING = _lazy(
    "Phiếu đã trở về trạng thái chưa nộp vì ông/bà sửa điểm sau khi nộp. Vui lòng nộp lại "
    "phiếu khi đã chấm xong."
)


def parse_score(value, criterion: Criterion) -> Decimal:
    """A typed score (decimal comma or point) as a number within the criterion's range, with
    at most two decimals; ``ValidationError`` in Vietnamese otherwise."""
    try:
        number = Decimal(str(value).strip().replace(",", "."))
    except (InvalidOperation, ValueError):
        raise ValidationError({"value": _("Điểm “%s” không phải là số.") % value}) from None
    if not number.is_finite() or number < 0 or number > criterion.max_points:
        raise ValidationError(
            {
                "value": _("Điểm tiêu chí %(c)s phải từ 0 đến %(m)s.")
                % {"c": criterion.code, "m": f"{criterion.max_points.normalize():f}"}
            }
        )
    if number != number.quantize(Decimal("0.01")):
        raise ValidationError({"value": _("Điểm chỉ có tối đa hai chữ số thập phân.")})
    return number


@transaction.atomic
def score_record(
    *, actor, round_: Round, dossier: Dossier, criterion: Criterion, value, comment: str = ""
) -> Score:
    """A member's score for one criterion of one dossier, saved as they type. A submitted
    sheet goes back to draft (its own audit row): the member submits it again."""
    round_ = (
        Round.objects.select_for_update()
        .select_related("council", "council__campaign")
        .get(pk=round_.pk)
    )
    council = round_.council
    if round_.status != RoundStatus.OPEN:
        raise ApplicationError(
            _("Vòng chấm đã khóa; điểm chỉ sửa được qua đề nghị điều chỉnh có Chủ tịch duyệt.")
        )
    member = Member.objects.filter(council=council, user=actor).first()
    if member is None:
        raise ApplicationError(_("Bạn không phải thành viên Hội đồng."))
    if not member.no_conflict_signed_at:
        raise ApplicationError(_("Vui lòng ký cam kết không xung đột lợi ích trước khi chấm."))
    if not CriterionAssignment.objects.filter(member=member, criterion=criterion).exists():
        raise ApplicationError(_("Bạn không được phân công chấm tiêu chí %s.") % criterion.code)
    if dossier.campaign_id != council.campaign_id or dossier.status not in SCORABLE:
        raise ApplicationError(_("Hồ sơ không thuộc danh sách chấm điểm."))
    if member.conflicts.filter(dossier=dossier).exists():
        raise ApplicationError(_("Bạn có xung đột lợi ích với hồ sơ này."))
    number = parse_score(value, criterion)
    criteria_set_freeze(council.campaign.criteria_set)
    score, created = Score.objects.update_or_create(
        round=round_,
        member=member,
        dossier=dossier,
        criterion=criterion,
        defaults={"value": number, "comment": nfc(comment), "updated_at": timezone.now()},
    )
    audit_record(
        actor=actor,
        action="council.score_record",
        obj=score,
        changes={"value": [None, number], "created": [None, created]},
    )
    submitted = ScoreSheet.objects.filter(
        round=round_, member=member, status=ScoreSheetStatus.SUBMITTED
    ).first()
    if submitted is not None:
        submitted.round, submitted.member = round_, member  # as locked and checked above
        SCORE_SHEET.fire(
            submitted,
            "reopen",
            actor=actor,
            fields={"submitted_at": None, "reopened_because": str(EDITED_AFTER_SUBMITTING)},
        )
    return score


@transaction.atomic
def sheet_submit(*, actor, round_: Round) -> ScoreSheet:
    """The member declares their sheet of the round complete. Submitting a submitted sheet
    again changes nothing."""
    # the round as it is now, locked against a concurrent close (as in score_record)
    round_ = Round.objects.select_for_update().select_related("council").get(pk=round_.pk)
    member = Member.objects.filter(council=round_.council, user=actor).first()
    if member is None:
        raise ApplicationError(_("Bạn không phải thành viên Hội đồng."))
    if round_.status != RoundStatus.OPEN:
        # before the count of what is missing, which no longer matters; the lifecycle's
        # guard says the same
        raise ApplicationError(_("Vòng chấm đã khóa."))
    missing = sheet_missing(member, round_)
    if missing:
        raise ApplicationError(
            _("Phiếu chấm còn thiếu %s ô điểm.") % len(missing), extra={"missing": missing}
        )
    sheet, _created = ScoreSheet.objects.get_or_create(
        round=round_, member=member, defaults={"status": SCORE_SHEET.initial}
    )
    if sheet.status == ScoreSheetStatus.SUBMITTED:
        return sheet
    sheet.round, sheet.member = round_, member
    SCORE_SHEET.fire(
        sheet,
        "submit",
        actor=actor,
        fields={"submitted_at": timezone.now(), "reopened_because": ""},
    )
    return sheet


@transaction.atomic
def sheets_reopen_for_dossier(*, actor, dossier: Dossier, added: bool) -> list[ScoreSheet]:
    """A dossier entered (``added``) or left the list the council scores: every submitted
    sheet of an open round that lists it (its member scores a criterion and has no conflict
    with it) goes back to draft, with the reason the member reads on their scoring page."""
    # subqueries, not joins: PostgreSQL locks no row of a DISTINCT result
    scoring = CriterionAssignment.objects.values("member_id")
    conflicted = Conflict.objects.filter(dossier=dossier).values("member_id")
    sheets = list(
        ScoreSheet.objects.select_for_update(of=("self",))
        .filter(
            round__council__campaign_id=dossier.campaign_id,
            round__status=RoundStatus.OPEN,
            status=ScoreSheetStatus.SUBMITTED,
            member_id__in=scoring,
        )
        .exclude(member_id__in=conflicted)
        .select_related("round", "member")
        .order_by("pk")
    )
    names = {"product": dossier.product.name, "enterprise": dossier.enterprise.name}
    reason = (
        _(
            "Phiếu của ông/bà đã được mở lại vì có thêm hồ sơ %(product)s (%(enterprise)s). "
            "Vui lòng chấm hồ sơ này rồi nộp lại phiếu."
        )
        if added
        else _(
            "Phiếu của ông/bà đã được mở lại vì hồ sơ %(product)s (%(enterprise)s) không còn "
            "trong danh sách chấm. Vui lòng xem lại rồi nộp lại phiếu."
        )
    ) % names
    for sheet in sheets:
        SCORE_SHEET.fire(
            sheet,
            "reopen_for_dossier",
            actor=actor,
            fields={"submitted_at": None, "reopened_because": reason},
            changes={"dossier": [None, dossier.pk], "added": [None, added]},
        )
    return sheets


def dossier_list_changed(change: Change) -> None:
    """A change of a dossier's status (``campaigns.lifecycles.DOSSIER``, subscribed to in
    ``CouncilConfig.ready``): when it moves the dossier into or out of the statuses the
    council scores, the submitted sheets that list it are reopened."""
    before = change.before in SCORABLE
    after = change.transition.target in SCORABLE
    if before != after:
        sheets_reopen_for_dossier(actor=change.actor, dossier=change.obj, added=after)
