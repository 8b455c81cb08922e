"""Eligibility screening and computed criteria: pure reads of a dossier's data.

``evaluate_rules`` says, per knock-out rule, pass / fail / needs an officer, with the figures
used. ``compute_scores`` gives the points of every computed criterion."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_DOWN, Decimal

from django.utils import timezone
from django.utils.translation import gettext as _

from chuluc.campaigns.enums import CriterionKind, EligibilityKind, ScreeningOutcome
from chuluc.campaigns.figures import (
    BILLION,
    MILLION,
    Year,
    band_points,
    dossier_years,
    metric_value,
)
from chuluc.campaigns.models import Dossier
from chuluc.core.formatting import group_digits
from chuluc.registry.enums import ProductTrack


@dataclass(frozen=True)
class RuleResult:
    rule_id: int
    outcome: str
    figures: dict


def _latest(years: list[Year]) -> Year | None:
    return years[-1] if years else None


def _money(value: Decimal | None) -> str | None:
    return None if value is None else f"{value:f}"


THRESHOLD_KINDS = frozenset(
    {EligibilityKind.REVENUE_MIN, EligibilityKind.OUTPUT_MIN, EligibilityKind.EXPORT_MIN}
)


def threshold_check(rule, latest: Year | None) -> tuple[str, dict]:
    """A threshold rule (E2a–E2c) against a year's figures: the outcome and the figures
    used. Screening and the firm's hints before applying both judge from here."""
    if rule.kind == EligibilityKind.EXPORT_MIN:
        export = latest.export_usd if latest else None
        figures = {
            "year": latest.year if latest else None,
            "export_usd": _money(export),
            "threshold": _money(rule.threshold),
        }
        met = export is not None and export >= rule.threshold
        return (ScreeningOutcome.PASS if met else ScreeningOutcome.FAIL), figures
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
    met = bool(known) and max(known) >= rule.threshold
    return (ScreeningOutcome.PASS if met else ScreeningOutcome.FAIL), figures


CENT = Decimal("0.01")


def amount_text(value: Decimal, *, usd: bool = False) -> str:
    """A figure as a firm reads it beside a threshold: "2,6 tỷ đồng", "0,65 triệu USD";
    cut, never rounded up, so that a figure below the threshold never reads as equal."""
    unit, scale = (_("triệu USD"), MILLION) if usd else (_("tỷ đồng"), BILLION)
    number = group_digits((value / scale).quantize(CENT, rounding=ROUND_DOWN), 2)
    if "," in number:
        number = number.rstrip("0").rstrip(",")
    return f"{number} {unit}"


@dataclass(frozen=True)
class ThresholdHint:
    """What a year's figures say against a threshold of the firm's track, before it
    applies: a hint, never a refusal (screening decides)."""

    met: bool
    text: str


def threshold_hints(rules, track: str, latest: Year | None) -> list[ThresholdHint]:
    """The threshold rules of ``track`` (E2a–E2c) judged on ``latest`` by
    ``threshold_check``, said plainly; a rule whose figures are unknown says nothing (the
    checklist asks for them)."""
    hints: list[ThresholdHint] = []
    if latest is None:
        return hints
    for rule in rules:
        applies = not rule.track or rule.track == track
        if rule.kind not in THRESHOLD_KINDS or not applies or rule.threshold is None:
            continue
        usd = rule.kind == EligibilityKind.EXPORT_MIN
        if usd:
            values = [latest.export_usd]
        elif rule.kind == EligibilityKind.OUTPUT_MIN:
            values = [latest.revenue_vnd, latest.production_value_vnd]
        else:
            values = [latest.revenue_vnd, None]
        if all(v is None for v in values):
            continue
        outcome, _figures = threshold_check(rule, latest)
        words = {
            "year": latest.year,
            "threshold": amount_text(rule.threshold, usd=usd),
            "track": ProductTrack(track).label,
        }
        if outcome == ScreeningOutcome.PASS:
            text = _("Số liệu năm %(year)s đạt ngưỡng %(threshold)s của diện %(track)s.") % words
            hints.append(ThresholdHint(True, text))
            continue
        likely = _(
            "Hồ sơ nhiều khả năng sẽ bị kết luận không đủ điều kiện; bạn vẫn có thể nộp, Sở "
            "Công Thương thẩm định và kết luận."
        )
        hints.append(ThresholdHint(False, f"{_below(rule.kind, values, words)} {likely}"))
    return hints


def _below(kind: str, values: list[Decimal | None], words: dict) -> str:
    """The sentence saying which known figure falls short of the threshold."""
    if kind == EligibilityKind.EXPORT_MIN:
        return _(
            "Kim ngạch xuất khẩu năm %(year)s là %(value)s, thấp hơn ngưỡng %(threshold)s "
            "của diện %(track)s."
        ) % {**words, "value": amount_text(values[0], usd=True)}
    revenue, output = values
    if revenue is not None and output is not None:
        return _(
            "Doanh thu năm %(year)s là %(revenue)s và giá trị sản xuất là %(output)s, đều "
            "thấp hơn ngưỡng %(threshold)s của diện %(track)s."
        ) % {**words, "revenue": amount_text(revenue), "output": amount_text(output)}
    if revenue is not None:
        return _(
            "Doanh thu năm %(year)s là %(value)s, thấp hơn ngưỡng %(threshold)s của diện %(track)s."
        ) % {**words, "value": amount_text(revenue)}
    return _(
        "Giá trị sản xuất năm %(year)s là %(value)s, thấp hơn ngưỡng %(threshold)s của diện "
        "%(track)s."
    ) % {**words, "value": amount_text(output)}


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
        elif rule.kind in THRESHOLD_KINDS:
            outcome, figures = threshold_check(rule, latest)
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
