"""Writes about campaigns and criteria sets. One transaction and one audit row each."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from chuluc.accounts.enums import Role
from chuluc.campaigns.criteria_io import SetSpec, parse_xlsx, parse_yaml, validate_spec
from chuluc.campaigns.enums import CampaignStatus
from chuluc.campaigns.models import (
    Band,
    Campaign,
    CriteriaSet,
    Criterion,
    CriterionGroup,
    EligibilityRule,
    LegalBasis,
    Program,
    Target,
)
from chuluc.core.audit import audit_record, diff, snapshot
from chuluc.core.errors import ApplicationError
from chuluc.core.models import Agency
from chuluc.core.text import nfc
from chuluc.core.uploads import XLSX, check_upload

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


def scorer_codes() -> set[str]:
    """Who may be assigned to score a judged criterion: an agency or a council role."""
    return set(Agency.objects.values_list("code", flat=True)) | {Role.COUNCIL_MEMBER.value}


def _build_set(*, program: Program, spec: SetSpec, actor) -> CriteriaSet:
    version = (
        program.criteria_sets.order_by("-version").values_list("version", flat=True).first() or 0
    ) + 1
    criteria_set = CriteriaSet.objects.create(
        program=program,
        name=nfc(spec.name),
        version=version,
        total_points=spec.total_points,
        is_assumption=spec.is_assumption,
        source=spec.source[:300],
        created_by=actor if getattr(actor, "pk", None) else None,
    )
    for gpos, gspec in enumerate(spec.groups):
        group = CriterionGroup.objects.create(
            criteria_set=criteria_set, code=gspec.code, name=nfc(gspec.name), position=gpos
        )
        for cpos, cspec in enumerate(gspec.criteria):
            criterion = Criterion.objects.create(
                group=group,
                code=cspec.code,
                name=nfc(cspec.name),
                guidance=cspec.guidance.strip(),
                max_points=cspec.max_points,
                kind=cspec.kind,
                metric=cspec.metric,
                scorer=cspec.scorer,
                position=cpos,
            )
            Band.objects.bulk_create(
                [
                    Band(criterion=criterion, lower=b.lower, upper=b.upper, points=b.points)
                    for b in cspec.bands
                ]
            )
    return criteria_set


@transaction.atomic
def criteria_set_create(*, actor, program: Program, spec: SetSpec) -> CriteriaSet:
    errors = validate_spec(spec, scorers=scorer_codes())
    if errors:
        raise ApplicationError(
            _("Bộ tiêu chí không hợp lệ: ") + " ".join(errors), extra={"errors": errors}
        )
    criteria_set = _build_set(program=program, spec=spec, actor=actor)
    audit_record(
        actor=actor,
        action="criteria_set.create",
        obj=criteria_set,
        changes={"version": [None, criteria_set.version], "criteria": [None, len(spec.criteria())]},
    )
    return criteria_set


def criteria_set_import(*, actor, program: Program, upload, name: str = "") -> CriteriaSet:
    """Read a YAML or XLSX file, validate it whole, and keep it as the program's next version."""
    from chuluc.core.uploads import CSV

    kind = check_upload(upload, allowed=(XLSX, CSV), max_bytes=2 * 1024 * 1024)
    upload.seek(0)
    content = upload.read()
    spec = parse_xlsx(content, name=name or upload.name) if kind is XLSX else parse_yaml(content)
    if name:
        spec.name = name
    return criteria_set_create(actor=actor, program=program, spec=spec)


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
    Hanoi's eligibility rules and the 2023 plan's targets, which the officer then edits."""
    from chuluc.campaigns.defaults import HANOI_RULES, HANOI_TARGETS

    if Campaign.objects.filter(program=program, year=year).exists():
        raise ValidationError({"year": _("Chương trình đã có đợt xét chọn năm %s.") % year})
    fields.setdefault("criteria_set", program.criteria_sets.order_by("-version").first())
    fields.setdefault("name", f"{program.title} năm {year}")
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


def _check_campaign(campaign: Campaign) -> None:
    errors: dict[str, str] = {}
    if campaign.registration_closes <= campaign.registration_opens:
        errors["registration_closes"] = _("Hạn nộp hồ sơ phải sau ngày mở đăng ký.")
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
    fields = {name: getattr(source, name) for name in CAMPAIGN_FIELDS if name != "criteria_set"}
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
        status=CampaignStatus.DRAFT,
        criteria_set=source.program.criteria_sets.order_by("-version").first(),
    )
    campaign = Campaign(program=source.program, year=year, copied_from=source, **fields)
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
    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    before = snapshot(campaign, CAMPAIGN_FIELDS)
    unknown = set(fields) - set(CAMPAIGN_FIELDS)
    if unknown:
        raise ApplicationError(_("Trường không được phép: %s") % ", ".join(sorted(unknown)))
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
    if not changes:
        raise ApplicationError(_("Không có thay đổi nào để lưu."))
    campaign.save()
    audit_record(actor=actor, action="campaign.update", obj=campaign, changes=changes)
    return campaign


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


def criteria_set_freeze(criteria_set: CriteriaSet) -> None:
    """Mark a set as used for scoring: from now on it is never changed (called inside the
    scoring service's transaction)."""
    if criteria_set.frozen_at is None:
        CriteriaSet.objects.filter(pk=criteria_set.pk, frozen_at=None).update(
            frozen_at=timezone.now()
        )
        criteria_set.refresh_from_db(fields=["frozen_at"])
