"""Reads of a firm report's versions: each version with where it stands and which figures
it changed, the correction waiting for the officer's check, and the difference between the
figures in effect and that correction (figure by figure, product by product)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from chuluc.core.text import collation_key
from chuluc.monitoring.enums import ReportStatus, VersionState
from chuluc.monitoring.models import FirmReport, FirmReportVersion
from chuluc.registry.models import Product

FIGURES = ("revenue_vnd", "production_value_vnd", "export_usd", "employees")


@dataclass(frozen=True)
class VersionRow:
    version: FirmReportVersion
    state: VersionState
    in_effect: bool
    #: The figures (``FIGURES``) that differ from the version before.
    changed: frozenset[str]

    @property
    def state_label(self) -> str:
        return self.state.label


@dataclass(frozen=True)
class Difference:
    label: str
    old: Decimal | None
    new: Decimal | None
    decimals: int = 0

    @property
    def changed(self) -> bool:
        return self.old != self.new


def versions(report: FirmReport) -> list[VersionRow]:
    """The report's versions, newest first (one query)."""
    found = list(report.versions.select_related("submitted_by", "checked_by").order_by("number"))
    rows, before = [], None
    latest = found[-1].number if found else None
    for version in found:
        if version.checked_at:
            state = VersionState.CHECKED
        elif version.number == latest and report.status != ReportStatus.CHECKED:
            state = VersionState.PENDING
        else:
            state = VersionState.REPLACED
        changed = frozenset(
            f for f in FIGURES if before is not None and getattr(before, f) != getattr(version, f)
        )
        rows.append(VersionRow(version, state, version.number == report.version, changed))
        before = version
    return rows[::-1]


def pending_correction(report: FirmReport) -> FirmReportVersion | None:
    """The correction of a checked report waiting for the officer's check, if any."""
    if report.status != ReportStatus.CORRECTED:
        return None
    return report.versions.select_related("submitted_by").order_by("-number").first()


def _label(field: str) -> str:
    label = str(FirmReport._meta.get_field(field).verbose_name)
    return label[:1].upper() + label[1:]


def differences(report: FirmReport, version: FirmReportVersion) -> list[Difference]:
    """Each figure and each product's quantity: in effect (the report) and in ``version``,
    figures first, then products by name (two queries)."""
    rows = [Difference(_label(f), getattr(report, f), getattr(version, f)) for f in FIGURES]
    old = {line.product_id: line.quantity for line in report.lines.all()}
    new = {row["product"]: Decimal(row["quantity"]) for row in version.lines}
    names = dict(Product.objects.filter(pk__in={*old, *new}).values_list("pk", "name"))
    for pk in sorted({*old, *new}, key=lambda pk: (collation_key(names.get(pk, "")), pk)):
        rows.append(Difference(_("Sản lượng: %s") % names.get(pk, pk), old.get(pk), new.get(pk)))
    return rows
