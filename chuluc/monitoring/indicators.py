"""The program's indicators, declared as data: code, Vietnamese name, unit, definition, the
function that computes the value for a year from the database, the campaign ``Target`` code
it is held against, and which records lie behind it. Every indicator is documented in
docs/indicators.md (a test fails otherwise)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, F, Q, QuerySet, Sum
from django.utils.translation import gettext_lazy as _

from chuluc.campaigns.models import Dossier, YearFigures
from chuluc.campaigns.selectors import FUNNEL
from chuluc.decisions.models import Recognition
from chuluc.monitoring.enums import Quarter
from chuluc.monitoring.models import FirmReport
from chuluc.registry.enums import Ownership
from chuluc.registry.models import Top500Listing
from chuluc.support import figures as support_figures
from chuluc.support.enums import DifficultyStatus
from chuluc.support.models import Connection, Difficulty, SupportRecord

#: Cumulative indicators count from the first year of the Đề án 496 era.
SINCE_YEAR = 2018
#: "Large" enterprises: yearly revenue above VND 1,000 billion.
LARGE_REVENUE_VND = Decimal(1_000) * 10**9

SUBMITTED = FUNNEL[1][1]
ELIGIBLE = FUNNEL[3][1]


@dataclass(frozen=True)
class Indicator:
    code: str
    name: str
    unit: str
    definition: str
    compute: Callable[[int], Decimal]
    records: Callable[[int], QuerySet]
    kind: str  # what ``records`` returns: a key of ``monitoring.views.RECORD_RELATED``
    target: str = ""


def recognitions_of(year: int) -> QuerySet[Recognition]:
    return Recognition.objects.filter(year=year)


def _since(year: int) -> QuerySet[Recognition]:
    return Recognition.objects.filter(year__gte=SINCE_YEAR, year__lte=year)


def _count(qs: QuerySet, field: str = "id") -> Decimal:
    return Decimal(qs.aggregate(n=Count(field, distinct=True))["n"])


def _one_per_enterprise(qs: QuerySet[Recognition]) -> QuerySet[Recognition]:
    """For the records list of enterprise indicators: the recognitions, ordered by firm."""
    return qs.order_by("enterprise__name", "rank")


def _whole_year_reports(year: int) -> QuerySet[FirmReport]:
    return FirmReport.objects.filter(period__year=year, period__quarter=Quarter.YEAR)


def annual_reports_before(year: int) -> QuerySet[FirmReport]:
    """Whole-year firm reports of year − 1 by the enterprises recognised in ``year`` (the
    figures the program publishes with a year's recognitions are the previous year's)."""
    firms = recognitions_of(year).values("enterprise_id")
    return _whole_year_reports(year - 1).filter(enterprise_id__in=firms)


def enterprise_revenues(year: int) -> dict[int, Decimal]:
    """Revenue of year − 1 of each enterprise recognised in ``year``: its whole-year firm
    report; without one, the sum of its dossiers' product revenue (YearFigures) for that year
    in the campaign of ``year`` (a lower bound). Two queries."""
    revenues = dict(
        annual_reports_before(year).order_by().values_list("enterprise_id", "revenue_vnd")
    )
    for enterprise_id, total in _fallback_revenues(year).values_list(
        "dossier__enterprise_id", "total"
    ):
        revenues[enterprise_id] = total or Decimal(0)
    return revenues


def _fallback_revenues(year: int) -> QuerySet[YearFigures]:
    """Per enterprise recognised in ``year`` without a whole-year report of year − 1, its
    dossiers' product revenue of year − 1 in the campaign of ``year`` (filtered by
    subqueries: thousands of ids as parameters cost more than the database's answer)."""
    return (
        YearFigures.objects.filter(year=year - 1, dossier__campaign__year=year)
        .filter(dossier__enterprise_id__in=recognitions_of(year).values("enterprise_id"))
        .exclude(dossier__enterprise_id__in=annual_reports_before(year).values("enterprise_id"))
        .values("dossier__enterprise_id")
        .annotate(total=Sum("revenue_vnd"))
        .order_by()
    )


def _large(year: int) -> QuerySet[Recognition]:
    ids = [e for e, v in enterprise_revenues(year).items() if v > LARGE_REVENUE_VND]
    return recognitions_of(year).filter(enterprise_id__in=ids)


def _annual_totals(year: int) -> dict:
    """Revenue and export of the year's whole-year reports, how many there are and how many
    are large, in one query (an enterprise has one report a period)."""
    return annual_reports_before(year).aggregate(
        revenue=Sum("revenue_vnd"),
        export=Sum("export_usd"),
        reports=Count("id"),
        large=Count("id", filter=Q(revenue_vnd__gt=LARGE_REVENUE_VND)),
    )


def _large_count(year: int, totals: dict | None = None, firms: int | None = None) -> Decimal:
    """The enterprises of ``_large``, counted in the database: large by their report, and
    large by their dossiers' figures among those without a report (one query more, none
    when ``firms``, the number of enterprises recognised in ``year``, all reported)."""
    totals = _annual_totals(year) if totals is None else totals
    if firms is not None and totals["reports"] == firms:
        return Decimal(totals["large"])
    by_dossiers = _fallback_revenues(year).filter(total__gt=LARGE_REVENUE_VND).count()
    return Decimal(totals["large"] + by_dossiers)


def _top500(year: int) -> QuerySet[Recognition]:
    listed = Top500Listing.objects.filter(year__in=(year - 1, year)).values("enterprise_id")
    return recognitions_of(year).filter(enterprise_id__in=listed)


def _report_records(year: int) -> QuerySet[FirmReport]:
    return annual_reports_before(year).select_related("enterprise", "period")


def _sum(year: int, field: str) -> Decimal:
    return annual_reports_before(year).aggregate(total=Sum(field))["total"] or Decimal(0)


def _dossiers(year: int, statuses) -> QuerySet[Dossier]:
    return Dossier.objects.filter(campaign__year=year, status__in=statuses)


def _coverage_share(year: int) -> Decimal:
    """Support coverage in %; 0 when no enterprise held a recognition that year."""
    return coverage_share(support_figures.coverage(year))


def coverage_share(coverage: support_figures.Coverage) -> Decimal:
    return Decimal(0) if coverage.share is None else coverage.share


def _supports_of_counted(year: int) -> QuerySet[SupportRecord]:
    counted = support_figures.counted_enterprises(year)
    return SupportRecord.objects.filter(given_on__year=year, enterprise_id__in=counted).order_by(
        "given_on", "id"
    )


def _resolved_on_time(year: int) -> QuerySet[Difficulty]:
    return Difficulty.objects.filter(
        received_on__year=year,
        status=DifficultyStatus.RESOLVED,
        resolved_on__lte=F("due_on"),
    ).order_by("received_on", "id")


def _connections(year: int) -> QuerySet[Connection]:
    return Connection.objects.filter(happened_on__year=year).order_by("happened_on", "id")


_R = "recognition"
INDICATORS: tuple[Indicator, ...] = (
    Indicator(
        "products_recognised",
        _("Sản phẩm được công nhận trong năm"),
        _("sản phẩm"),
        _("Số lượt công nhận có năm công nhận là năm đó (một sản phẩm một lượt)."),
        lambda y: _count(recognitions_of(y)),
        recognitions_of,
        _R,
        "products_recognised",
    ),
    Indicator(
        "enterprises_recognised",
        _("Doanh nghiệp được công nhận trong năm"),
        _("doanh nghiệp"),
        _("Số doanh nghiệp khác nhau có ít nhất một sản phẩm được công nhận trong năm."),
        lambda y: _count(recognitions_of(y), "enterprise"),
        lambda y: _one_per_enterprise(recognitions_of(y)),
        _R,
        "enterprises_recognised",
    ),
    Indicator(
        "first_time_products",
        _("Sản phẩm được công nhận lần đầu"),
        _("sản phẩm"),
        _("Lượt công nhận trong năm không phải là công nhận lại (không có “công nhận lại từ”)."),
        lambda y: _count(recognitions_of(y).filter(renewal_of__isnull=True)),
        lambda y: recognitions_of(y).filter(renewal_of__isnull=True),
        _R,
        "first_time_products",
    ),
    Indicator(
        "renewed_products",
        _("Sản phẩm được công nhận lại"),
        _("sản phẩm"),
        _("Lượt công nhận trong năm nối tiếp một công nhận trước (có “công nhận lại từ”)."),
        lambda y: _count(recognitions_of(y).filter(renewal_of__isnull=False)),
        lambda y: recognitions_of(y).filter(renewal_of__isnull=False),
        _R,
    ),
    Indicator(
        "top_products",
        _("Sản phẩm thuộc nhóm Top"),
        _("sản phẩm"),
        _("Lượt công nhận trong năm có thứ hạng thuộc nhóm dẫn đầu (Top N của đợt)."),
        lambda y: _count(recognitions_of(y).filter(top=True)),
        lambda y: recognitions_of(y).filter(top=True),
        _R,
    ),
    Indicator(
        "distinct_products_since",
        _("Lũy kế sản phẩm được công nhận từ 2018"),
        _("sản phẩm"),
        _(
            "Số sản phẩm khác nhau được công nhận từ năm 2018 đến hết năm đó; sản phẩm được công nhận nhiều lần chỉ tính một."
        ),
        lambda y: _count(_since(y), "product"),
        lambda y: _since(y).order_by("product__name", "year"),
        _R,
    ),
    Indicator(
        "distinct_enterprises_since",
        _("Lũy kế doanh nghiệp được công nhận từ 2018"),
        _("doanh nghiệp"),
        _("Số doanh nghiệp khác nhau có sản phẩm được công nhận từ năm 2018 đến hết năm đó."),
        lambda y: _count(_since(y), "enterprise"),
        lambda y: _since(y).order_by("enterprise__name", "year"),
        _R,
    ),
    Indicator(
        "fdi_enterprises",
        _("Doanh nghiệp FDI được công nhận"),
        _("doanh nghiệp"),
        _("Doanh nghiệp được công nhận trong năm có loại hình sở hữu FDI."),
        lambda y: _count(
            recognitions_of(y).filter(enterprise__ownership=Ownership.FDI), "enterprise"
        ),
        lambda y: _one_per_enterprise(
            recognitions_of(y).filter(enterprise__ownership=Ownership.FDI)
        ),
        _R,
    ),
    Indicator(
        "top500_enterprises",
        _("Doanh nghiệp được công nhận thuộc Top 500"),
        _("doanh nghiệp"),
        _(
            "Doanh nghiệp được công nhận trong năm có xếp hạng Top 500 (bất kỳ bảng xếp hạng nào) của năm đó hoặc năm trước."
        ),
        lambda y: _count(_top500(y), "enterprise"),
        lambda y: _one_per_enterprise(_top500(y)),
        _R,
    ),
    Indicator(
        "large_enterprises",
        _("Doanh nghiệp doanh thu trên 1.000 tỷ đồng"),
        _("doanh nghiệp"),
        _(
            "Doanh nghiệp được công nhận trong năm có doanh thu năm trước trên 1.000 tỷ đồng: theo báo cáo cả năm của doanh nghiệp; nếu chưa có, theo tổng doanh thu sản phẩm trong hồ sơ xét chọn."
        ),
        _large_count,
        lambda y: _one_per_enterprise(_large(y)),
        _R,
    ),
    Indicator(
        "revenue_recognised",
        _("Doanh thu của doanh nghiệp được công nhận"),
        _("đồng"),
        _(
            "Tổng doanh thu năm trước theo báo cáo cả năm của các doanh nghiệp được công nhận trong năm."
        ),
        lambda y: _sum(y, "revenue_vnd"),
        _report_records,
        "report",
    ),
    Indicator(
        "export_recognised",
        _("Kim ngạch xuất khẩu của doanh nghiệp được công nhận"),
        _("USD"),
        _(
            "Tổng kim ngạch xuất khẩu năm trước theo báo cáo cả năm của các doanh nghiệp được công nhận trong năm."
        ),
        lambda y: _sum(y, "export_usd"),
        _report_records,
        "report",
    ),
    Indicator(
        "applicant_products",
        _("Sản phẩm đăng ký (đã nộp hồ sơ)"),
        _("sản phẩm"),
        _(
            "Hồ sơ đã nộp của đợt xét chọn năm đó (kể cả bị trả lại, không đủ điều kiện, không đạt)."
        ),
        lambda y: _count(_dossiers(y, SUBMITTED)),
        lambda y: _dossiers(y, SUBMITTED),
        "dossier",
    ),
    Indicator(
        "eligible_products",
        _("Sản phẩm đủ điều kiện"),
        _("sản phẩm"),
        _("Hồ sơ của đợt năm đó qua vòng thẩm định điều kiện (đủ điều kiện trở đi)."),
        lambda y: _count(_dossiers(y, ELIGIBLE)),
        lambda y: _dossiers(y, ELIGIBLE),
        "dossier",
    ),
    Indicator(
        "support_coverage",
        _("Doanh nghiệp SPCNCL được hưởng chính sách hỗ trợ"),
        "%",
        _(
            "Tỷ lệ doanh nghiệp có công nhận còn hiệu lực ít nhất một ngày trong năm đã nhận ít nhất một hỗ trợ trong năm (theo sổ theo dõi hỗ trợ)."
        ),
        _coverage_share,
        _supports_of_counted,
        "support",
        "support_coverage",
    ),
    Indicator(
        "difficulties_resolved_on_time",
        _("Khó khăn, vướng mắc được giải quyết đúng hạn"),
        _("vướng mắc"),
        _(
            "Vướng mắc tiếp nhận trong năm đã được giải quyết, và giải quyết không muộn hơn hạn trả lời."
        ),
        lambda y: _count(_resolved_on_time(y)),
        _resolved_on_time,
        "difficulty",
    ),
    Indicator(
        "linkages",
        _("Kết nối sản xuất, tiêu thụ"),
        _("kết nối"),
        _(
            "Kết quả kết nối ghi nhận trong năm (gặp gỡ, ghi nhớ hợp tác, hợp đồng) giữa doanh nghiệp SPCNCL và đối tác trong nước, ngoài nước."
        ),
        lambda y: Decimal(support_figures.linkages(y)["total"]),
        _connections,
        "connection",
    ),
)

BY_CODE = {indicator.code: indicator for indicator in INDICATORS}
FUNNEL_CODES = ("applicant_products", "eligible_products", "products_recognised")


def indicator(code: str) -> Indicator:
    return BY_CODE[code]


def compute_all(year: int, *, known: dict[str, Decimal] | None = None) -> dict[str, Decimal]:
    """Every indicator for a year, in a fixed number of queries whatever the data size;
    ``known``: values the caller has already computed the same way (not computed again)."""
    known = {**_read_together(year), **(known or {})}
    return {i.code: known[i.code] if i.code in known else i.compute(year) for i in INDICATORS}


def _read_together(year: int) -> dict[str, Decimal]:
    """Indicators read from the same rows, in one query each group (the same values as
    their ``compute``: checked by tests/monitoring/test_indicators.py)."""
    totals = _annual_totals(year)
    of_year = recognitions_of(year).aggregate(
        products_recognised=Count("id", distinct=True),
        enterprises_recognised=Count("enterprise", distinct=True),
        first_time_products=Count("id", distinct=True, filter=Q(renewal_of__isnull=True)),
        renewed_products=Count("id", distinct=True, filter=Q(renewal_of__isnull=False)),
        top_products=Count("id", distinct=True, filter=Q(top=True)),
    )
    since = _since(year).aggregate(
        products=Count("product", distinct=True), enterprises=Count("enterprise", distinct=True)
    )
    funnel = Dossier.objects.filter(campaign__year=year).aggregate(
        applicant_products=Count("id", distinct=True, filter=Q(status__in=SUBMITTED)),
        eligible_products=Count("id", distinct=True, filter=Q(status__in=ELIGIBLE)),
    )
    return {
        "revenue_recognised": totals["revenue"] or Decimal(0),
        "export_recognised": totals["export"] or Decimal(0),
        "large_enterprises": _large_count(year, totals, of_year["enterprises_recognised"]),
        "distinct_products_since": Decimal(since["products"]),
        "distinct_enterprises_since": Decimal(since["enterprises"]),
        **{code: Decimal(n) for code, n in {**of_year, **funnel}.items()},
    }
