"""Eligibility screening and computed criteria: pure reads of a dossier's data.

``evaluate_rules`` says, per knock-out rule, pass / fail / needs an officer, with the figures
used. ``compute_scores`` gives the points of every computed criterion."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _

from chuluc.campaigns.enums import CriterionKind, EligibilityKind, ScreeningOutcome
from chuluc.campaigns.figures import Year, band_points, dossier_years, metric_value
from chuluc.campaigns.models import Dossier


@dataclass(frozen=True)
class RuleResult:
    rule_id: int
    outcome: str
    figures: dict


def _latest(years: list[Year]) -> Year | None:
    return years[-1] if years else None


def _money(value: Decimal | None) -> str | None:
    return None if value is None else f"{value:f}"


def evaluate_rules(dossier: Dossier) -> list[RuleResult]:
    years = dossier_years(dossier)
    latest = _latest(years)
    evidence_kinds = {e.kind for e in dossier.evidence.all()}
    results = []
    for rule in dossier.campaign.eligibility_rules.all():
        if rule.track and rule.track != dossier.track:
            continue
        figures: dict = {}
        if rule.kind == EligibilityKind.LOCATION:
            figures = {
                "hq_in_locality": dossier.hq_in_locality,
                "factory_in_locality": dossier.factory_in_locality,
            }
            ok = dossier.hq_in_locality or dossier.factory_in_locality
            outcome = ScreeningOutcome.PASS if ok else ScreeningOutcome.FAIL
        elif rule.kind in {EligibilityKind.REVENUE_MIN, EligibilityKind.OUTPUT_MIN}:
            revenue = latest.revenue_vnd if latest else None
            output = latest.production_value_vnd if latest else None
            figures = {
                "year": latest.year if latest else None,
                "revenue_vnd": _money(revenue),
                "threshold": _money(rule.threshold),
            }
            values = [revenue]
            if rule.kind == EligibilityKind.OUTPUT_MIN:
                figures["production_value_vnd"] = _money(output)
                values.append(output)
            known = [v for v in values if v is not None]
            if not known:
                outcome = ScreeningOutcome.FAIL
            else:
                outcome = (
                    ScreeningOutcome.PASS if max(known) >= rule.threshold else ScreeningOutcome.FAIL
                )
        elif rule.kind == EligibilityKind.EXPORT_MIN:
            export = latest.export_usd if latest else None
            figures = {
                "year": latest.year if latest else None,
                "export_usd": _money(export),
                "threshold": _money(rule.threshold),
            }
            outcome = (
                ScreeningOutcome.PASS
                if export is not None and export >= rule.threshold
                else ScreeningOutcome.FAIL
            )
        elif rule.kind == EligibilityKind.DOCUMENT:
            present = rule.document_kind in evidence_kinds
            figures = {"document_kind": rule.document_kind, "present": present}
            outcome = ScreeningOutcome.PASS if present else ScreeningOutcome.FAIL
        else:  # qualitative: always the officer's judgement
            figures = {"statement": bool(dossier.startup_statement.strip())}
            outcome = ScreeningOutcome.REVIEW
        results.append(RuleResult(rule.pk, outcome, figures))
    return results


def compute_scores(dossier: Dossier) -> list[tuple[int, Decimal | None, Decimal]]:
    """(criterion id, metric value, points) for each computed criterion of the campaign."""
    years = dossier_years(dossier)
    today = timezone.localdate()
    certificates = [
        (c.kind, c.valid_until is None or c.valid_until >= today)
        for c in dossier.certificates.all()
    ]
    out = []
    for group in dossier.campaign.criteria_set.groups.all():
        for criterion in group.criteria.all():
            if criterion.kind != CriterionKind.COMPUTED:
                continue
            value = metric_value(criterion.metric, years, certificates, dossier.campaign.usd_rate)
            bands = [(b.lower, b.upper, b.points) for b in criterion.bands.all()]
            out.append((criterion.pk, value, band_points(value, bands)))
    return out


def rule_explanation(kind: str) -> str:
    return {
        EligibilityKind.LOCATION: _("trụ sở hoặc nhà máy tại địa phương"),
        EligibilityKind.REVENUE_MIN: _("doanh thu năm gần nhất"),
        EligibilityKind.OUTPUT_MIN: _("doanh thu hoặc giá trị sản xuất năm gần nhất"),
        EligibilityKind.EXPORT_MIN: _("kim ngạch xuất khẩu năm gần nhất"),
        EligibilityKind.DOCUMENT: _("tài liệu bắt buộc"),
        EligibilityKind.QUALITATIVE: _("đánh giá định tính"),
    }.get(kind, "")
