"""The campaigns' stateful records: the yearly campaign, the dossier, and the officer's
conclusion on each eligibility rule of a dossier.

A dossier is drafted and submitted by its enterprise, returned for completion or screened
by an officer, then moved by the later parts of the program: the council's results (scored,
passed or failed), the publication for public comment, the recognition decision. Every
change writes a row of the dossier's own timeline (``DossierEvent``, what the enterprise
sees) besides the audit row; the enterprise is mailed when its dossier is received,
returned or screened."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from chuluc.campaigns import rules
from chuluc.campaigns.enums import (
    CampaignStage,
    CampaignStatus,
    DossierStatus,
    EligibilityConclusion,
    ScreeningOutcome,
)
from chuluc.campaigns.models import Dossier, DossierEvent
from chuluc.campaigns.notifications import notify_received, notify_returned, notify_screened
from chuluc.campaigns.selectors import registration_refusal, resubmission_refusal
from chuluc.campaigns.stage import stage as campaign_stage
from chuluc.core.bulk import bulk_insert
from chuluc.core.lifecycle import Change, Lifecycle, Transition

D = DossierStatus
#: The council's results move dossiers; its services have checked the person.
COUNCIL_RESULTS = _("Hệ thống, theo kết quả Hội đồng")
OFFICER = _("Cán bộ Sở Công Thương")
REPRESENTATIVE = _("Người đại diện doanh nghiệp")


# --------------------------------------------------------------------------- guards


def registration_open(dossier: Dossier, *, now: dt.datetime | None = None, **context) -> str | None:
    """A draft is submitted while its campaign takes registrations; the server decides the
    time, whatever the client sends."""
    return registration_refusal(dossier.campaign, now or timezone.now())


def resubmission_open(dossier: Dossier, *, now: dt.datetime | None = None, **context) -> str | None:
    """A returned dossier comes back before its own deadline, set when it was returned."""
    return resubmission_refusal(dossier, now or timezone.now())


def before_scores_locked(
    dossier: Dossier, *, now: dt.datetime | None = None, **context
) -> str | None:
    """Screening follows the calendar: once the council has locked its scores, a dossier can
    no longer enter or leave the list it scored (it would silently miss the ranking), until
    the chair reopens the assessment (``council.services.reopening``: a new round opens and
    the stage is back to scoring)."""
    current = campaign_stage(dossier.campaign, now=now)
    if current.reached(CampaignStage.RESULTS):
        return (
            _(
                "Hội đồng đã khóa điểm của đợt xét chọn (giai đoạn hiện tại: %s); không thể "
                "thẩm định hay nộp lại hồ sơ nữa, trừ khi Chủ tịch Hội đồng mở lại việc đánh "
                "giá kèm lý do."
            )
            % current.label
        )
    return None


def _checks(dossier: Dossier, context) -> list:
    checks = context.get("checks")
    return list(dossier.screening.select_related("rule")) if checks is None else checks


def every_rule_concluded(dossier: Dossier, **context) -> str | None:
    """The officer has confirmed or overridden the automatic result of every rule."""
    pending = [c.rule.code for c in _checks(dossier, context) if not c.decided]
    if pending:
        return _("Chưa kết luận các điều kiện: %s.") % ", ".join(pending)
    return None


def no_rule_failed(dossier: Dossier, **context) -> str | None:
    failed = [c.rule.code for c in _checks(dossier, context) if c.outcome == ScreeningOutcome.FAIL]
    if failed:
        return _("Hồ sơ không đạt các điều kiện: %s.") % ", ".join(failed)
    return None


def some_rule_failed(dossier: Dossier, **context) -> str | None:
    if not any(c.outcome == ScreeningOutcome.FAIL for c in _checks(dossier, context)):
        return _("Hồ sơ đạt mọi điều kiện; không có lý do kết luận không đủ điều kiện.")
    return None


def dossier_under_screening(check, **context) -> str | None:
    if check.dossier.status != DossierStatus.SUBMITTED:
        return _("Chỉ thẩm định được hồ sơ đã nộp.")
    return None


# --------------------------------------------------------------------------- effects


def timeline_row(change: Change) -> None:
    """The dossier's own timeline: what the enterprise reads on its dossier page."""
    DossierEvent.objects.create(
        dossier=change.obj,
        from_status=change.before,
        to_status=change.transition.target,
        comment=change.note,
        actor=change.actor if getattr(change.actor, "pk", None) else None,
        at=change.at,
    )


def timeline_rows(lifecycle, transition, rows, actor, at) -> None:
    """``timeline_row`` for the dossiers moved together by ``fire_many``."""
    actor_id = getattr(actor, "pk", None)
    bulk_insert(
        DossierEvent,
        ("dossier_id", "from_status", "to_status", "comment", "actor_id", "at"),
        [(pk, before, transition.target, "", actor_id, at) for pk, before in rows],
    )


# --------------------------------------------------------------------------- lifecycles

CAMPAIGN = Lifecycle(
    name="campaign",
    title=_("Đợt xét chọn"),
    model="campaigns.Campaign",
    states=CampaignStatus,
    initial=CampaignStatus.DRAFT,
    final=(CampaignStatus.ARCHIVED,),
    notes=_(
        "Một đợt được chuẩn bị (thời hạn, điều kiện, chỉ tiêu), công bố để doanh nghiệp "
        "đăng ký, rồi kết thúc khi năm xét chọn đã xong."
    ),
    transitions=(
        Transition(
            event="publish",
            label=_("Công bố đợt xét chọn"),
            source=(CampaignStatus.DRAFT,),
            target=CampaignStatus.PUBLISHED,
            who=OFFICER,
            rule=rules.can_manage_campaign,
        ),
        Transition(
            event="archive",
            label=_("Kết thúc đợt xét chọn"),
            source=(CampaignStatus.PUBLISHED,),
            target=CampaignStatus.ARCHIVED,
            who=OFFICER,
            rule=rules.can_manage_campaign,
        ),
    ),
)

DOSSIER = Lifecycle(
    name="dossier",
    title=_("Hồ sơ tham gia xét chọn"),
    model="campaigns.Dossier",
    states=DossierStatus,
    initial=D.DRAFT,
    final=(D.RECOGNISED, D.WITHDRAWN),
    on_change=(timeline_row,),
    on_change_many=timeline_rows,
    # The events from ``withdraw`` on have no rule: the council's and the decisions'
    # services fire them after their own checks (campaigns cannot import their rules).
    notes=_(
        "Doanh nghiệp khai và nộp hồ sơ; cán bộ trả lại để bổ sung hoặc thẩm định điều kiện. "
        "Sau đó hồ sơ đi theo kết quả của Hội đồng, việc công bố lấy ý kiến và quyết định "
        "công nhận. Mỗi bước ghi một dòng diễn biến mà doanh nghiệp xem được trên hồ sơ."
    ),
    transitions=(
        Transition(
            event="submit",
            label=_("Nộp hồ sơ"),
            source=(D.DRAFT,),
            target=D.SUBMITTED,
            who=REPRESENTATIVE,
            rule=rules.can_submit_dossier,
            guards=(registration_open,),
            effects=(notify_received,),
        ),
        Transition(
            event="resubmit",
            label=_("Nộp lại hồ sơ"),
            source=(D.RETURNED,),
            target=D.SUBMITTED,
            who=REPRESENTATIVE,
            rule=rules.can_submit_dossier,
            guards=(resubmission_open, before_scores_locked),
            effects=(notify_received,),
        ),
        Transition(
            event="return",
            label=_("Trả lại để bổ sung"),
            source=(D.SUBMITTED,),
            target=D.RETURNED,
            who=OFFICER,
            rule=rules.can_screen_dossier,
            guards=(before_scores_locked,),
            effects=(notify_returned,),
        ),
        Transition(
            event="conclude_eligible",
            label=_("Kết luận đủ điều kiện"),
            source=(D.SUBMITTED, D.INELIGIBLE),
            target=D.ELIGIBLE,
            who=OFFICER,
            rule=rules.can_screen_dossier,
            guards=(before_scores_locked, every_rule_concluded, no_rule_failed),
            effects=(notify_screened,),
        ),
        Transition(
            event="conclude_ineligible",
            label=_("Kết luận không đủ điều kiện"),
            source=(D.SUBMITTED, D.ELIGIBLE),
            target=D.INELIGIBLE,
            who=OFFICER,
            rule=rules.can_screen_dossier,
            guards=(before_scores_locked, every_rule_concluded, some_rule_failed),
            effects=(notify_screened,),
        ),
        Transition(
            event="withdraw",
            label=_("Rút hồ sơ"),
            source=(D.DRAFT, D.SUBMITTED, D.RETURNED, D.ELIGIBLE, D.PUBLISHED),
            target=D.WITHDRAWN,
            who=_("Cán bộ, khi đưa sản phẩm ra khỏi danh sách sau ý kiến góp ý"),
        ),
        Transition(
            event="score",
            label=_("Ghi nhận đã chấm điểm"),
            source=(D.ELIGIBLE,),
            target=D.SCORED,
            who=COUNCIL_RESULTS,
        ),
        Transition(
            event="pass",
            label=_("Ghi nhận đạt"),
            source=(D.SCORED, D.FAILED),
            target=D.PASSED,
            who=COUNCIL_RESULTS,
        ),
        Transition(
            event="fail",
            label=_("Ghi nhận không đạt"),
            source=(D.SCORED, D.PASSED),
            target=D.FAILED,
            who=COUNCIL_RESULTS,
        ),
        Transition(
            event="publish",
            label=_("Công bố lấy ý kiến"),
            source=(D.PASSED,),
            target=D.PUBLISHED,
            who=_("Cán bộ, khi công bố kết quả lấy ý kiến"),
        ),
        Transition(
            event="recognise",
            label=_("Công nhận"),
            source=(D.PUBLISHED,),
            target=D.RECOGNISED,
            who=_("Cán bộ, khi nhập quyết định công nhận"),
        ),
    ),
)

ELIGIBILITY = Lifecycle(
    name="eligibility",
    title=_("Kết luận điều kiện"),
    model="campaigns.ScreeningCheck",
    field="officer_outcome",
    states=EligibilityConclusion,
    initial=EligibilityConclusion.PENDING,
    notes=_(
        "Một điều kiện loại trừ áp dụng cho một hồ sơ: hệ thống tính kết quả tự động khi hồ "
        "sơ được nộp, cán bộ xác nhận hoặc kết luận khác kèm lý do, và có thể đổi kết luận "
        "cho đến khi kết luận thẩm định hồ sơ. Hồ sơ nộp lại được thẩm định lại từ đầu."
    ),
    transitions=(
        Transition(
            event="conclude_pass",
            label=_("Kết luận đạt"),
            source=(
                EligibilityConclusion.PENDING,
                EligibilityConclusion.PASS,
                EligibilityConclusion.FAIL,
            ),
            target=EligibilityConclusion.PASS,
            who=OFFICER,
            rule=rules.can_conclude_rule,
            guards=(dossier_under_screening,),
        ),
        Transition(
            event="conclude_fail",
            label=_("Kết luận không đạt"),
            source=(
                EligibilityConclusion.PENDING,
                EligibilityConclusion.PASS,
                EligibilityConclusion.FAIL,
            ),
            target=EligibilityConclusion.FAIL,
            who=OFFICER,
            rule=rules.can_conclude_rule,
            guards=(dossier_under_screening,),
        ),
    ),
)
