"""Reads of the monitoring part, one module per concept: firm reports and who must report
(``reports``), a report's versions (``versions``), the dashboard (``dashboard``), the
year's targets against the pace (``targets``), the periods' stored totals (``totals``).
Callers use ``from chuluc.monitoring import selectors``."""

from chuluc.monitoring.selectors.dashboard import (
    CoverageSummary,
    by_industry_group,
    dashboard_figures,
    indicator_values,
    published_by_year,
    published_for,
    recognitions_per_year,
    revenue_export_per_year,
    support_coverage,
    target_range,
    targets_against,
    years_with_data,
)
from chuluc.monitoring.selectors.reports import (
    DEFAULT_USD_RATE,
    SubmissionReview,
    expected_enterprise_ids,
    in_force_during,
    missing_enterprise_ids,
    monthly_quantities,
    period_bounds,
    periods,
    recognised_products,
    report_detail,
    report_flags,
    report_of,
    reports_for,
    same_period_last_year,
    submission_review,
    usd_rate_for,
)
from chuluc.monitoring.selectors.targets import TargetProgress, target_progress, year_share
from chuluc.monitoring.selectors.totals import period_totals_differ, period_totals_from_reports
from chuluc.monitoring.selectors.versions import differences, pending_correction, versions

__all__ = [
    "DEFAULT_USD_RATE",
    "CoverageSummary",
    "SubmissionReview",
    "TargetProgress",
    "by_industry_group",
    "dashboard_figures",
    "differences",
    "expected_enterprise_ids",
    "in_force_during",
    "indicator_values",
    "missing_enterprise_ids",
    "monthly_quantities",
    "pending_correction",
    "period_bounds",
    "period_totals_differ",
    "period_totals_from_reports",
    "periods",
    "published_by_year",
    "published_for",
    "recognised_products",
    "recognitions_per_year",
    "report_detail",
    "report_flags",
    "report_of",
    "reports_for",
    "revenue_export_per_year",
    "same_period_last_year",
    "submission_review",
    "support_coverage",
    "target_progress",
    "target_range",
    "targets_against",
    "usd_rate_for",
    "versions",
    "year_share",
    "years_with_data",
]
