"""Writes of the yearly campaign: create (or copy from the year before), edit its dates and
parameters, publish and close it (its lifecycle), its targets, eligibility rules and legal
basis. One transaction and one audit row each."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from chuluc.campaigns.defaults import HANOI_RULES, HANOI_TARGETS
from chuluc.campaigns.enums import TieBreak
from chuluc.campaigns.lifecycles import CAMPAIGN
from chuluc.campaigns.models import (
    Campaign,
    Criterion,
    EligibilityRule,
    LegalBasis,
    Program,
    Target,
    criterion_codes,
)
from chuluc.core.audit import audit_record, diff, snapshot
from chuluc.core.errors import ApplicationError
from chuluc.core.formatting import vn_date
from chuluc.core.text import nfc

CAMPAIGN_FIELDS = (
    "name",
    "status",
    "criteria_set",
    "registration_opens",
    "registration_closes",
    "screening_ends",
    "scoring_starts",
    "scoring_ends",
    "comment_starts",
    "decision_due",
    "pass_mark",
    "top_n",
    "validity_months",
    "comment_window_days",
    "tie_break",
    "tie_break_criteria",
    "aggregation",
    "rating_bands",
    "figure_years",
    "usd_rate",
    "resubmit_days",
)
RULE_FIELDS = ("code", "name", "kind", "track", "threshold", "document_kind", "position")
TARGET_FIELDS = ("indicator", "label", "low", "high", "unit", "source")


def _shift(value, years: int):
    if value is None:
        return None
    try:
        return value.replace(year=value.year + years)
    except ValueError:  # 29 February
        return value.replace(year=value.year + years, day=28)


@transaction.atomic
def campaign_create(
    *, actor, program: Program, year: int, with_defaults: bool = True, **fields: Any
) -> Campaign:
    """The program's first campaign (later ones are copied). With the published defaults:
    Hanoi's eligibility rules and the 2023 plan's targets, which the officer then edits.
    A campaign starts as a draft unless the caller states its status (a loader that builds
    past years)."""
    if Campaign.objects.filter(program=program, year=year).exists():
        raise ValidationError({"year": _("Chương trình đã có đợt xét chọn năm %s.") % year})
    fields.setdefault("criteria_set", program.criteria_sets.order_by("-version").first())
    fields.setdefault("name", f"{program.title} năm {year}")
    if not fields.get("tie_break_criteria"):  # no criterion named yet: the council votes
        fields.setdefault("tie_break", TieBreak.VOTE)
    campaign = Campaign(program=program, year=year, **fields)
    _check_campaign(campaign)
    campaign.save()
    if with_defaults:
        EligibilityRule.objects.bulk_create(
            [
                EligibilityRule(campaign=campaign, position=i, **rule)
                for i, rule in enumerate(HANOI_RULES)
            ]
        )
        Target.objects.bulk_create(
            [Target(campaign=campaign, **target) for target in HANOI_TARGETS]
        )
    audit_record(
        actor=actor,
        action="campaign.create",
        obj=campaign,
        changes=diff({}, snapshot(campaign, CAMPAIGN_FIELDS)),
    )
    return campaign


#: The campaign's stages in the order the program runs them (after registration closes).
CALENDAR = ("screening_ends", "scoring_starts", "scoring_ends", "comment_starts", "decision_due")


def _check_calendar(campaign: Campaign, errors: dict[str, str]) -> None:
    """Each stage's date on or after the one before it: registration, screening, scoring,
    publication for comment, decision (a stage left empty is skipped)."""
    if campaign.registration_closes <= campaign.registration_opens:
        errors["registration_closes"] = _("Hạn nộp hồ sơ phải sau ngày mở đăng ký.")
    before_name = "registration_closes"
    before = timezone.localtime(campaign.registration_closes).date()
    for name in CALENDAR:
        value = getattr(campaign, name)
        if value is None:
            continue
        if value < before:
            errors[name] = _("Ngày này phải từ %(date)s trở đi (sau “%(stage)s”).") % {
                "date": vn_date(before),
                "stage": Campaign._meta.get_field(before_name).verbose_name,
            }
        before_name, before = name, value


def _check_tie_break(campaign: Campaign, errors: dict[str, str]) -> None:
    """A rule that breaks ties by criteria names at least one, each of the campaign's
    criteria set; the list is stored normalised ("K5, K6"). The vote rule names none."""
    codes = criterion_codes(campaign.tie_break_criteria or "")
    if campaign.tie_break != TieBreak.CRITERION:
        campaign.tie_break_criteria = ""
        return
    campaign.tie_break_criteria = ", ".join(codes)
    if not codes:
        errors["tie_break_criteria"] = _(
            "Cách xử lý bằng điểm theo tiêu chí cần ít nhất một mã tiêu chí ưu tiên "
            "(ví dụ: K5, K6), hoặc chọn “Hội đồng biểu quyết”."
        )
        return
    if not campaign.criteria_set_id:
        return
    known = set(
        Criterion.objects.filter(group__criteria_set_id=campaign.criteria_set_id).values_list(
            "code", flat=True
        )
    )
    unknown = [code for code in codes if code not in known]
    if unknown:
        errors["tie_break_criteria"] = _(
            "Bộ tiêu chí của đợt không có tiêu chí: %(codes)s. Các mã có: %(known)s."
        ) % {"codes": ", ".join(unknown), "known": ", ".join(sorted(known))}


def _check_campaign(campaign: Campaign) -> None:
    errors: dict[str, str] = {}
    _check_calendar(campaign, errors)
    _check_tie_break(campaign, errors)
    if (
        campaign.pass_mark is not None
        and campaign.criteria_set_id
        and campaign.pass_mark > campaign.criteria_set.total_points
    ):
        errors["pass_mark"] = _("Điểm đạt không thể lớn hơn tổng điểm của bộ tiêu chí.")
    if campaign.criteria_set_id and campaign.criteria_set.program_id != campaign.program_id:
        errors["criteria_set"] = _("Bộ tiêu chí thuộc chương trình khác.")
    if errors:
        raise ValidationError(errors)
    campaign.full_clean(exclude=["criteria_set"] if campaign.criteria_set_id else None)


@transaction.atomic
def campaign_copy(*, actor, source: Campaign, year: int) -> Campaign:
    """A new year's campaign with the previous one's rules, targets and shifted dates."""
    if Campaign.objects.filter(program=source.program, year=year).exists():
        raise ValidationError({"year": _("Chương trình đã có đợt xét chọn năm %s.") % year})
    years = year - source.year
    fields = {
        name: getattr(source, name)
        for name in CAMPAIGN_FIELDS
        if name not in {"criteria_set", "status"}  # a copy starts as a draft
    }
    for name in (
        "registration_opens",
        "registration_closes",
        "screening_ends",
        "scoring_starts",
        "scoring_ends",
        "comment_starts",
        "decision_due",
    ):
        fields[name] = _shift(fields[name], years)
    fields.update(
        name=f"{source.program.title} năm {year}",
        criteria_set=source.program.criteria_sets.order_by("-version").first(),
    )
    # the tie-break keeps the criteria the new year's set still has
    known = set(
        Criterion.objects.filter(group__criteria_set=fields["criteria_set"]).values_list(
            "code", flat=True
        )
    )
    fields["tie_break_criteria"] = ", ".join(
        code for code in criterion_codes(fields["tie_break_criteria"]) if code in known
    )
    campaign = Campaign(
        program=source.program,
        year=year,
        copied_from=source,
        status=CAMPAIGN.initial,
        **fields,
    )
    _check_campaign(campaign)
    campaign.save()
    EligibilityRule.objects.bulk_create(
        [
            EligibilityRule(campaign=campaign, **{f: getattr(r, f) for f in RULE_FIELDS})
            for r in source.eligibility_rules.all()
        ]
    )
    Target.objects.bulk_create(
        [
            Target(campaign=campaign, **{f: getattr(t, f) for f in TARGET_FIELDS})
            for t in source.targets.all()
        ]
    )
    audit_record(
        actor=actor,
        action="campaign.copy",
        obj=campaign,
        changes={"copied_from": [None, source.pk], **diff({}, snapshot(campaign, CAMPAIGN_FIELDS))},
    )
    return campaign


@transaction.atomic
def campaign_update(*, actor, campaign: Campaign, **fields: Any) -> Campaign:
    """Edit the campaign. A new ``status`` goes through the campaign's lifecycle (publish,
    archive), whose audit row then carries the other changes too."""
    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    before = snapshot(campaign, CAMPAIGN_FIELDS)
    unknown = set(fields) - set(CAMPAIGN_FIELDS)
    if unknown:
        raise ApplicationError(_("Trường không được phép: %s") % ", ".join(sorted(unknown)))
    status = fields.pop("status", campaign.status)
    new_set = fields.get("criteria_set")
    if (
        new_set is not None
        and new_set.pk != campaign.criteria_set_id
        and campaign.criteria_set.frozen_at
    ):
        raise ValidationError(
            {
                "criteria_set": _(
                    "Bộ tiêu chí đã được dùng để chấm điểm; không thể thay bộ khác cho đợt này."
                )
            }
        )
    for name, value in fields.items():
        setattr(campaign, name, value)
    _check_campaign(campaign)
    changes = diff(before, snapshot(campaign, CAMPAIGN_FIELDS))
    if status != campaign.status:
        CAMPAIGN.fire(
            campaign,
            _status_event(campaign, status),
            actor=actor,
            fields={name: getattr(campaign, name) for name in fields},
            changes=changes,
        )
        return campaign
    if not changes:
        raise ApplicationError(_("Không có thay đổi nào để lưu."))
    campaign.save()
    audit_record(actor=actor, action="campaign.update", obj=campaign, changes=changes)
    return campaign


def _status_event(campaign: Campaign, status: str) -> str:
    for transition in CAMPAIGN.events_from(campaign.status):
        if transition.target == status:
            return transition.event
    raise ApplicationError(
        _("Đợt xét chọn đang ở trạng thái “%(a)s”, không thể chuyển sang “%(b)s”.")
        % {"a": CAMPAIGN.label_of(campaign.status), "b": CAMPAIGN.label_of(status)}
    )


@transaction.atomic
def target_save(
    *,
    actor,
    campaign: Campaign,
    indicator: str,
    label: str,
    low: Decimal | None,
    high: Decimal | None,
    unit: str,
    source: str = "",
) -> Target:
    if low is not None and high is not None and low > high:
        raise ValidationError({"high": _("Cận trên của chỉ tiêu phải không nhỏ hơn cận dưới.")})
    if low is None and high is None:
        raise ValidationError({"low": _("Chỉ tiêu cần ít nhất một cận.")})
    target, created = Target.objects.get_or_create(
        campaign=campaign, indicator=indicator, defaults={"label": label, "unit": unit}
    )
    before = {} if created else snapshot(target, TARGET_FIELDS)
    target.label, target.low, target.high, target.unit, target.source = (
        nfc(label),
        low,
        high,
        nfc(unit),
        nfc(source),
    )
    target.full_clean()
    target.save()
    audit_record(
        actor=actor,
        action="campaign.target_save",
        obj=campaign,
        changes={indicator: [before or None, snapshot(target, TARGET_FIELDS)]},
    )
    return target


@transaction.atomic
def eligibility_rule_save(
    *, actor, campaign: Campaign, code: str, **fields: Any
) -> EligibilityRule:
    if campaign.dossiers.exclude(submitted_at=None).exists():
        raise ApplicationError(_("Đã có hồ sơ được nộp; không thể sửa điều kiện của đợt này."))
    rule, created = EligibilityRule.objects.get_or_create(
        campaign=campaign,
        code=code,
        defaults={"name": fields.get("name", code), "kind": fields["kind"]},
    )
    before = {} if created else snapshot(rule, RULE_FIELDS)
    for name, value in fields.items():
        setattr(rule, name, value)
    rule.full_clean()
    rule.save()
    audit_record(
        actor=actor,
        action="campaign.rule_save",
        obj=campaign,
        changes={code: [before or None, snapshot(rule, RULE_FIELDS)]},
    )
    return rule


@transaction.atomic
def legal_basis_add(
    *, actor, campaign: Campaign, kind: str, number: str, issued_on: dt.date | None, title: str = ""
) -> LegalBasis:
    document = LegalBasis(
        campaign=campaign, kind=kind, number=nfc(number), issued_on=issued_on, title=nfc(title)
    )
    document.full_clean()
    document.save()
    audit_record(
        actor=actor,
        action="campaign.legal_basis_add",
        obj=campaign,
        changes={"legal_basis": [None, f"{document.number} {document.title}"]},
    )
    return document
