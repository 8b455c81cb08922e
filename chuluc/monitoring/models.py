"""Monitoring records: reporting periods, the firms' periodic reports (with the plausibility
flags the service computed) and every version of them, and the published yearly results kept
apart from ours."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from chuluc.monitoring.enums import Quarter, ReportStatus


class ReportingPeriod(models.Model):
    """A quarter or a whole year for which recognised enterprises report their figures."""

    year = models.PositiveSmallIntegerField(_("năm"))
    quarter = models.PositiveSmallIntegerField(_("kỳ"), choices=Quarter.choices, default=0)
    due_on = models.DateField(_("hạn nộp"))
    usd_rate = models.DecimalField(
        _("tỷ giá quy đổi (đồng/USD)"),
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("Để trống: dùng tỷ giá của đợt xét chọn cùng năm."),
    )
    growth_threshold_pct = models.PositiveSmallIntegerField(
        _("ngưỡng tăng/giảm cần xem xét (%)"), default=50
    )
    # Totals of the period's reports, kept by the service that writes a report
    # (``monitoring.services.totals``): the dashboard's yearly series reads them instead of
    # summing every report of every year (docs/performance.md).
    reports_count = models.PositiveIntegerField(_("số báo cáo"), default=0, editable=False)
    revenue_total_vnd = models.DecimalField(
        _("tổng doanh thu (đồng)"), max_digits=28, decimal_places=0, default=0, editable=False
    )
    export_total_usd = models.DecimalField(
        _("tổng kim ngạch xuất khẩu (USD)"),
        max_digits=24,
        decimal_places=0,
        default=0,
        editable=False,
    )

    class Meta:
        verbose_name = _("kỳ báo cáo")
        verbose_name_plural = _("kỳ báo cáo")
        ordering = ["-year", "-quarter"]
        constraints = [
            models.UniqueConstraint(fields=["year", "quarter"], name="uniq_reporting_period")
        ]

    def __str__(self) -> str:
        return f"{self.get_quarter_display()} {self.year}"


class SubmittedFigures(models.Model):
    """What a firm report and each of its versions hold: the four figures, the plausibility
    flags, who submitted them and when, and the officer's check."""

    revenue_vnd = models.DecimalField(_("doanh thu (đồng)"), max_digits=20, decimal_places=0)
    production_value_vnd = models.DecimalField(
        _("giá trị sản xuất công nghiệp (đồng)"), max_digits=20, decimal_places=0
    )
    export_usd = models.DecimalField(
        _("kim ngạch xuất khẩu (USD)"), max_digits=16, decimal_places=0
    )
    employees = models.PositiveIntegerField(_("số lao động"))
    flags = models.JSONField(_("cảnh báo"), default=list, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    submitted_at = models.DateTimeField(_("nộp lúc"))
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    checked_at = models.DateTimeField(_("kiểm tra lúc"), null=True, blank=True)
    check_note = models.TextField(_("ghi chú kiểm tra"), blank=True)

    class Meta:
        abstract = True


class FirmReport(SubmittedFigures):
    """One enterprise's figures for one period: the figures in effect, those of its current
    version (the latest checked one, or the latest while none is checked). Every submission
    is kept as a ``FirmReportVersion``; a correction of a checked report waits there until
    the officer checks it, and only then becomes the figures in effect."""

    enterprise = models.ForeignKey(
        "registry.Enterprise", on_delete=models.PROTECT, related_name="firm_reports"
    )
    period = models.ForeignKey(ReportingPeriod, on_delete=models.PROTECT, related_name="reports")
    status = models.CharField(
        _("trạng thái"),
        max_length=20,
        choices=ReportStatus.choices,
        default=ReportStatus.SUBMITTED,
    )
    version = models.PositiveSmallIntegerField(_("phiên bản có hiệu lực"), default=1)

    class Meta:
        verbose_name = _("báo cáo định kỳ")
        verbose_name_plural = _("báo cáo định kỳ")
        ordering = ["-period__year", "-period__quarter", "enterprise_id"]
        constraints = [
            models.UniqueConstraint(fields=["enterprise", "period"], name="uniq_firm_report")
        ]

    def __str__(self) -> str:
        return f"{self.enterprise_id} — {self.period}"


class FirmReportVersion(SubmittedFigures):
    """One submission of a firm report, kept as submitted: its figures, the quantities of
    its lines, the plausibility flags, the reason given for a correction and the officer's
    check. Never changed afterwards except to record that check."""

    report = models.ForeignKey(FirmReport, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveSmallIntegerField(_("phiên bản"))
    lines = models.JSONField(
        _("sản lượng"),
        default=list,
        blank=True,
        help_text=_("Mỗi sản phẩm: mã, sản lượng, đơn vị tính, sản lượng từng tháng."),
    )
    reason = models.TextField(_("lý do sửa"), blank=True)

    class Meta:
        verbose_name = _("phiên bản báo cáo định kỳ")
        verbose_name_plural = _("phiên bản báo cáo định kỳ")
        ordering = ["report", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["report", "number"], name="uniq_firm_report_version")
        ]

    def __str__(self) -> str:
        return f"{self.report_id} v{self.number}"


class FirmReportLine(models.Model):
    """The quantity produced of one recognised product in the period."""

    report = models.ForeignKey(FirmReport, on_delete=models.CASCADE, related_name="lines")
    product = models.ForeignKey("registry.Product", on_delete=models.PROTECT, related_name="+")
    quantity = models.DecimalField(_("sản lượng"), max_digits=18, decimal_places=2)
    unit = models.CharField(_("đơn vị tính"), max_length=30, blank=True)
    monthly = models.JSONField(
        _("sản lượng từng tháng của quý"),
        default=list,
        blank=True,
        help_text=_("Ba số (tháng thứ nhất, thứ hai, thứ ba của quý) có tổng bằng sản lượng quý."),
    )

    class Meta:
        ordering = ["report", "product_id"]
        constraints = [
            models.UniqueConstraint(fields=["report", "product"], name="uniq_report_line")
        ]

    def __str__(self) -> str:
        return f"{self.product_id}: {self.quantity}"


class PublishedAggregate(models.Model):
    """A yearly figure as published by the city or the press, with its source. Shown beside
    the computed figures, never added to them."""

    year = models.PositiveSmallIntegerField(_("năm"))
    indicator = models.CharField(_("mã chỉ số"), max_length=60, blank=True)
    label = models.CharField(_("nội dung"), max_length=200)
    value = models.DecimalField(_("giá trị"), max_digits=20, decimal_places=2)
    unit = models.CharField(_("đơn vị"), max_length=40)
    qualifier = models.CharField(_("mức"), max_length=20, blank=True)
    source = models.CharField(_("nguồn"), max_length=300)
    source_url = models.URLField(_("địa chỉ nguồn"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("số liệu đã công bố")
        verbose_name_plural = _("số liệu đã công bố")
        ordering = ["year", "id"]
        constraints = [
            models.UniqueConstraint(fields=["year", "label"], name="uniq_published_aggregate")
        ]

    def __str__(self) -> str:
        return f"{self.year}: {self.label}"


class ReportReminder(models.Model):
    """A reminder about a firm report not yet submitted: one per enterprise, period and lead
    time (negative: days before the due date, positive: days after it), so that rerunning the
    daily command never sends one twice."""

    period = models.ForeignKey(ReportingPeriod, on_delete=models.CASCADE, related_name="reminders")
    enterprise = models.ForeignKey(
        "registry.Enterprise", on_delete=models.CASCADE, related_name="+"
    )
    offset_days = models.SmallIntegerField()
    sent_on = models.DateField()
    recipients = models.PositiveSmallIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["period", "enterprise", "offset_days"], name="uniq_report_reminder"
            )
        ]

    def __str__(self) -> str:
        return f"{self.period_id}/{self.enterprise_id} {self.offset_days:+d}"
