"""The yearly campaign and its rules: legal basis, targets, eligibility rules."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from chuluc.campaigns.enums import (
    Aggregation,
    CampaignStatus,
    EligibilityKind,
    EvidenceKind,
    LegalDocumentKind,
    TieBreak,
)
from chuluc.campaigns.models.criteria import CriteriaSet, Program
from chuluc.registry.enums import ProductTrack


class Campaign(models.Model):
    program = models.ForeignKey(Program, on_delete=models.PROTECT, related_name="campaigns")
    year = models.PositiveSmallIntegerField(_("năm"))
    name = models.CharField(_("tên đợt"), max_length=200)
    status = models.CharField(
        _("trạng thái"), max_length=20, choices=CampaignStatus.choices, default=CampaignStatus.DRAFT
    )
    criteria_set = models.ForeignKey(
        CriteriaSet,
        on_delete=models.PROTECT,
        related_name="campaigns",
        verbose_name=_("bộ tiêu chí"),
    )
    copied_from = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # Phases (dates in the program's time zone; the server enforces them)
    registration_opens = models.DateTimeField(_("mở đăng ký"))
    registration_closes = models.DateTimeField(_("hạn nộp hồ sơ"))
    screening_ends = models.DateField(_("hạn thẩm định"), null=True, blank=True)
    scoring_starts = models.DateField(_("bắt đầu chấm điểm"), null=True, blank=True)
    scoring_ends = models.DateField(_("kết thúc chấm điểm"), null=True, blank=True)
    comment_starts = models.DateField(_("công bố lấy ý kiến"), null=True, blank=True)
    decision_due = models.DateField(_("dự kiến quyết định công nhận"), null=True, blank=True)
    # Parameters
    pass_mark = models.DecimalField(_("điểm đạt"), max_digits=6, decimal_places=2)
    top_n = models.PositiveSmallIntegerField(_("số sản phẩm nhóm dẫn đầu (Top N)"), default=10)
    validity_months = models.PositiveSmallIntegerField(_("hiệu lực công nhận (tháng)"), default=36)
    comment_window_days = models.PositiveSmallIntegerField(
        _("thời gian lấy ý kiến (ngày)"), default=10
    )
    tie_break = models.CharField(
        _("cách xử lý bằng điểm"),
        max_length=20,
        choices=TieBreak.choices,
        default=TieBreak.CRITERION,
    )
    tie_break_criteria = models.CharField(
        _("tiêu chí ưu tiên khi bằng điểm"),
        max_length=200,
        blank=True,
        help_text=_("Mã tiêu chí, cách nhau bởi dấu phẩy, theo thứ tự ưu tiên."),
    )
    aggregation = models.CharField(
        _("cách tổng hợp điểm thành viên"),
        max_length=20,
        choices=Aggregation.choices,
        default=Aggregation.MEAN,
    )
    rating_bands = models.JSONField(
        _("xếp hạng theo mức điểm"),
        default=list,
        blank=True,
        help_text=_('Tùy chọn, kiểu OCOP: [{"label": "5 sao", "min": 90}, …]'),
    )
    figure_years = models.PositiveSmallIntegerField(_("số năm số liệu"), default=3)
    usd_rate = models.DecimalField(
        _("tỷ giá quy đổi (đồng/USD)"), max_digits=10, decimal_places=2, default=25000
    )
    resubmit_days = models.PositiveSmallIntegerField(
        _("thời hạn bổ sung hồ sơ bị trả lại (ngày)"), default=7
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("đợt xét chọn")
        verbose_name_plural = _("đợt xét chọn")
        ordering = ["-year", "program"]
        constraints = [
            models.UniqueConstraint(fields=["program", "year"], name="uniq_campaign_year")
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def tie_break_codes(self) -> list[str]:
        """The criteria that break a tie, in order; none when the council votes."""
        if self.tie_break != TieBreak.CRITERION:
            return []
        return criterion_codes(self.tie_break_criteria)


def criterion_codes(text: str) -> list[str]:
    """Criterion codes as typed ("K5, k6;K7"): upper-cased, in order, each once."""
    codes: list[str] = []
    for part in (text or "").replace(";", ",").split(","):
        code = part.strip().upper()
        if code and code not in codes:
            codes.append(code)
    return codes


class LegalBasis(models.Model):
    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="legal_basis")
    kind = models.CharField(_("loại văn bản"), max_length=30, choices=LegalDocumentKind.choices)
    number = models.CharField(_("số, ký hiệu"), max_length=60)
    issued_on = models.DateField(_("ngày ban hành"), null=True, blank=True)
    title = models.CharField(_("trích yếu"), max_length=300, blank=True)

    class Meta:
        ordering = ["issued_on", "id"]

    def __str__(self) -> str:
        return self.number


class Target(models.Model):
    """A target of the campaign as a range with a unit (e.g. 30–35 products)."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="targets")
    indicator = models.CharField(_("chỉ tiêu"), max_length=60)
    label = models.CharField(_("tên chỉ tiêu"), max_length=200)
    low = models.DecimalField(_("từ"), max_digits=14, decimal_places=2, null=True, blank=True)
    high = models.DecimalField(_("đến"), max_digits=14, decimal_places=2, null=True, blank=True)
    unit = models.CharField(_("đơn vị"), max_length=30)
    source = models.CharField(_("nguồn"), max_length=300, blank=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "indicator"], name="uniq_target")
        ]

    def __str__(self) -> str:
        return self.label


class EligibilityRule(models.Model):
    """A knock-out condition, as data (Hướng dẫn 1520/HD-SCT, E1–E3)."""

    campaign = models.ForeignKey(
        Campaign, on_delete=models.CASCADE, related_name="eligibility_rules"
    )
    code = models.CharField(_("mã"), max_length=20)
    name = models.CharField(_("điều kiện"), max_length=300)
    kind = models.CharField(_("loại"), max_length=20, choices=EligibilityKind.choices)
    track = models.CharField(
        _("áp dụng cho diện"),
        max_length=20,
        choices=ProductTrack.choices,
        blank=True,
        help_text=_("Để trống: áp dụng cho mọi sản phẩm."),
    )
    threshold = models.DecimalField(
        _("ngưỡng"), max_digits=18, decimal_places=2, null=True, blank=True
    )
    document_kind = models.CharField(
        _("tài liệu bắt buộc"), max_length=40, choices=EvidenceKind.choices, blank=True
    )
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]
        constraints = [models.UniqueConstraint(fields=["campaign", "code"], name="uniq_rule_code")]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"
