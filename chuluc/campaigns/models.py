"""The yearly selection round: program, campaign and its rules, criteria sets, dossiers,
evidence and screening. Rules that change by year are rows, frozen once used."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from chuluc.campaigns.enums import (
    Aggregation,
    CampaignStatus,
    CertificateKind,
    CriterionKind,
    DossierStatus,
    EligibilityKind,
    EvidenceKind,
    LegalDocumentKind,
    Metric,
    ScreeningOutcome,
    TieBreak,
)
from chuluc.registry.enums import ProductTrack


class Program(models.Model):
    """A recognition program (Hanoi SPCNCL; another province's; an OCOP-style rating)."""

    code = models.SlugField(_("mã"), max_length=40, unique=True)
    name = models.CharField(_("tên chương trình"), max_length=200)
    owner = models.CharField(_("cơ quan chủ quản"), max_length=200)
    lead_agency = models.ForeignKey(
        "core.Agency",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("cơ quan thường trực"),
    )
    locality = models.CharField(
        _("địa phương"),
        max_length=100,
        help_text=_("Dùng trong điều kiện “trụ sở hoặc nhà máy tại …”."),
    )
    title = models.CharField(
        _("danh hiệu"),
        max_length=200,
        help_text=_("Ví dụ: Sản phẩm công nghiệp chủ lực thành phố Hà Nội"),
    )
    top_title = models.CharField(
        _("danh hiệu nhóm dẫn đầu"),
        max_length=200,
        blank=True,
        help_text=_("Ví dụ: Top 10 SPCNCL; để trống nếu không có."),
    )

    class Meta:
        verbose_name = _("chương trình")
        verbose_name_plural = _("chương trình")

    def __str__(self) -> str:
        return self.name


class CriteriaSet(models.Model):
    """A versioned set of criteria. Frozen once a campaign has scored with it."""

    program = models.ForeignKey(Program, on_delete=models.PROTECT, related_name="criteria_sets")
    name = models.CharField(_("tên bộ tiêu chí"), max_length=200)
    version = models.PositiveIntegerField(_("phiên bản"))
    total_points = models.DecimalField(_("tổng điểm"), max_digits=7, decimal_places=2, default=100)
    is_assumption = models.BooleanField(
        _("giả định có thể sửa"),
        default=False,
        help_text=_(
            "Điểm và mức chưa được công bố chính thức; cán bộ có thể thay bằng bộ tiêu chí chính thức."
        ),
    )
    source = models.CharField(_("nguồn"), max_length=300, blank=True)
    frozen_at = models.DateTimeField(_("khóa lúc"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("bộ tiêu chí")
        verbose_name_plural = _("bộ tiêu chí")
        ordering = ["program", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["program", "version"], name="uniq_criteria_version")
        ]

    def __str__(self) -> str:
        return f"{self.name} (v{self.version})"


class CriterionGroup(models.Model):
    criteria_set = models.ForeignKey(CriteriaSet, on_delete=models.CASCADE, related_name="groups")
    code = models.CharField(_("mã nhóm"), max_length=20)
    name = models.CharField(_("tên nhóm"), max_length=200)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["criteria_set", "code"], name="uniq_group_code")
        ]

    def __str__(self) -> str:
        return f"{self.code}. {self.name}"


class Criterion(models.Model):
    group = models.ForeignKey(CriterionGroup, on_delete=models.CASCADE, related_name="criteria")
    code = models.CharField(_("mã tiêu chí"), max_length=20)
    name = models.CharField(_("tên tiêu chí"), max_length=300)
    guidance = models.TextField(_("hướng dẫn chấm"), blank=True)
    max_points = models.DecimalField(_("điểm tối đa"), max_digits=6, decimal_places=2)
    kind = models.CharField(_("loại"), max_length=20, choices=CriterionKind.choices)
    metric = models.CharField(
        _("chỉ số tính điểm"), max_length=40, choices=Metric.choices, blank=True
    )
    scorer = models.CharField(
        _("người/cơ quan chấm"),
        max_length=120,
        blank=True,
        help_text=_("Mã cơ quan hoặc vai trò được phân công chấm tiêu chí này."),
    )
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["group__position", "position", "id"]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class Band(models.Model):
    """Points for a computed criterion when ``lower ≤ value < upper`` (open ends allowed)."""

    criterion = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="bands")
    lower = models.DecimalField(_("từ (≥)"), max_digits=16, decimal_places=4, null=True, blank=True)
    upper = models.DecimalField(
        _("đến (<)"), max_digits=16, decimal_places=4, null=True, blank=True
    )
    points = models.DecimalField(_("điểm"), max_digits=6, decimal_places=2)

    class Meta:
        ordering = ["criterion", "lower"]

    def __str__(self) -> str:
        return f"[{self.lower}, {self.upper}) → {self.points}"


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


class Dossier(models.Model):
    campaign = models.ForeignKey(Campaign, on_delete=models.PROTECT, related_name="dossiers")
    product = models.ForeignKey(
        "registry.Product", on_delete=models.PROTECT, related_name="dossiers"
    )
    enterprise = models.ForeignKey(
        "registry.Enterprise", on_delete=models.PROTECT, related_name="dossiers"
    )
    status = models.CharField(
        _("trạng thái"),
        max_length=20,
        choices=DossierStatus.choices,
        default=DossierStatus.DRAFT,
        db_index=True,
    )
    track = models.CharField(_("diện xét chọn"), max_length=20, choices=ProductTrack.choices)
    is_renewal = models.BooleanField(_("xét lại (đã từng được công nhận)"), default=False)
    hq_in_locality = models.BooleanField(_("trụ sở chính tại địa phương"), default=False)
    factory_in_locality = models.BooleanField(
        _("nhà máy/xưởng sản xuất tại địa phương"), default=False
    )
    startup_statement = models.TextField(_("thuyết minh doanh nghiệp khởi nghiệp"), blank=True)
    figures_version = models.PositiveIntegerField(default=0)
    submitted_at = models.DateTimeField(_("nộp lúc"), null=True, blank=True)
    resubmit_by = models.DateTimeField(_("hạn nộp lại"), null=True, blank=True)
    is_demo = models.BooleanField(_("dữ liệu mẫu"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("hồ sơ")
        verbose_name_plural = _("hồ sơ")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "product"], name="uniq_dossier_product")
        ]

    def __str__(self) -> str:
        return f"{self.product} — {self.campaign.year}" if self.campaign_id else str(self.product)


class YearFigures(models.Model):
    """The dossier's figures for one calendar year (current values; history in FigureVersion)."""

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="figures")
    year = models.PositiveSmallIntegerField(_("năm"))
    revenue_vnd = models.DecimalField(
        _("doanh thu sản phẩm (đồng)"), max_digits=20, decimal_places=0, null=True, blank=True
    )
    production_value_vnd = models.DecimalField(
        _("giá trị sản xuất công nghiệp (đồng)"),
        max_digits=20,
        decimal_places=0,
        null=True,
        blank=True,
    )
    export_usd = models.DecimalField(
        _("kim ngạch xuất khẩu (USD)"), max_digits=16, decimal_places=0, null=True, blank=True
    )
    employees = models.PositiveIntegerField(_("số lao động"), null=True, blank=True)

    class Meta:
        ordering = ["dossier", "year"]
        constraints = [
            models.UniqueConstraint(fields=["dossier", "year"], name="uniq_dossier_year")
        ]

    def __str__(self) -> str:
        return f"{self.dossier_id} {self.year}"


class FigureVersion(models.Model):
    """Every version of a dossier's figures, kept for the history."""

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="figure_versions")
    number = models.PositiveIntegerField()
    figures = models.JSONField()
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    at = models.DateTimeField()

    class Meta:
        ordering = ["dossier", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["dossier", "number"], name="uniq_figure_version")
        ]

    def __str__(self) -> str:
        return f"{self.dossier_id} v{self.number}"


class QualityCertificate(models.Model):
    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="certificates")
    kind = models.CharField(_("loại"), max_length=20, choices=CertificateKind.choices)
    number = models.CharField(_("số hiệu"), max_length=100)
    issuer = models.CharField(_("nơi cấp"), max_length=200, blank=True)
    issued_on = models.DateField(_("ngày cấp"), null=True, blank=True)
    valid_until = models.DateField(_("hiệu lực đến"), null=True, blank=True)

    class Meta:
        ordering = ["kind", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.number}"


def _evidence_path(instance: "Evidence", filename: str) -> str:
    return f"dossiers/{instance.dossier_id}/{filename}"


class Evidence(models.Model):
    """A private document of a dossier. Served only through a permission check."""

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="evidence")
    kind = models.CharField(_("loại tài liệu"), max_length=40, choices=EvidenceKind.choices)
    file = models.FileField(upload_to=_evidence_path)
    original_name = models.CharField(_("tên tệp"), max_length=255)
    content_type = models.CharField(max_length=120)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["kind", "id"]

    def __str__(self) -> str:
        return self.original_name


class ScreeningCheck(models.Model):
    """One eligibility rule applied to one dossier: what the system found, and the
    officer's confirmation or override with a reason."""

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="screening")
    rule = models.ForeignKey(EligibilityRule, on_delete=models.PROTECT, related_name="+")
    automatic = models.CharField(
        _("kết quả tự động"), max_length=10, choices=ScreeningOutcome.choices
    )
    figures_used = models.JSONField(_("số liệu sử dụng"), default=dict)
    officer_outcome = models.CharField(
        _("kết luận của cán bộ"), max_length=10, choices=ScreeningOutcome.choices, blank=True
    )
    reason = models.TextField(_("lý do"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["rule__position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["dossier", "rule"], name="uniq_screening_rule")
        ]

    def __str__(self) -> str:
        return f"{self.dossier_id} {self.rule_id}"

    @property
    def outcome(self) -> str:
        return self.officer_outcome or self.automatic


class ComputedScore(models.Model):
    """Points of a computed criterion, derived from the dossier figures at screening."""

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="computed_scores")
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="+")
    value = models.DecimalField(_("giá trị chỉ số"), max_digits=20, decimal_places=4, null=True)
    points = models.DecimalField(_("điểm"), max_digits=6, decimal_places=2)
    evidence_verified = models.BooleanField(_("đã xác minh minh chứng"), default=False)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    verified_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["criterion__group__position", "criterion__position"]
        constraints = [
            models.UniqueConstraint(fields=["dossier", "criterion"], name="uniq_computed_score")
        ]

    def __str__(self) -> str:
        return f"{self.dossier_id} {self.criterion_id}: {self.points}"


class DossierEvent(models.Model):
    """The dossier's timeline as the enterprise sees it: submitted, returned with comments,
    screened with reasons."""

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="events")
    from_status = models.CharField(max_length=20, choices=DossierStatus.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=DossierStatus.choices)
    comment = models.TextField(_("nhận xét"), blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    at = models.DateTimeField()

    class Meta:
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.dossier_id} → {self.to_status}"
