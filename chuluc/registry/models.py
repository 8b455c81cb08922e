from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from chuluc.core.text import localized
from chuluc.registry.enums import ImportKind, ImportStatus, Ownership, ProductTrack, Top10Mention
from chuluc.registry.validators import validate_hs_code, validate_tax_code, validate_vsic


class District(models.Model):
    """An administrative unit of the city (quận/huyện/thị xã). Data, not code: the list
    changes when the city reorganises its units."""

    code = models.SlugField(_("mã"), max_length=40, unique=True)
    name = models.CharField(_("tên"), max_length=100)
    kind = models.CharField(_("loại"), max_length=20)
    name_en = models.CharField(
        _("tên tiếng Anh"),
        max_length=120,
        blank=True,
        help_text=_("Tên hiển thị khi trang ở tiếng Anh, ví dụ “Ba Dinh District”."),
    )
    search_key = models.CharField(max_length=120, db_index=True, editable=False)

    class Meta:
        verbose_name = _("quận/huyện/thị xã")
        verbose_name_plural = _("quận/huyện/thị xã")
        ordering = ["name"]

    def __str__(self) -> str:
        return localized(f"{self.kind} {self.name}", self.name_en)

    @property
    def display_name(self) -> str:
        """The unit's name in the reader's language ("Ba Đình", "Ba Dinh District")."""
        return localized(self.name, self.name_en)


class IndustryGroup(models.Model):
    """The program's industry groups (ngành), e.g. the 8 reporting groups of 2022."""

    code = models.SlugField(_("mã"), max_length=40, unique=True)
    name = models.CharField(_("tên nhóm ngành"), max_length=150)
    name_en = models.CharField(_("tên tiếng Anh"), max_length=150, blank=True)
    position = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    search_key = models.CharField(max_length=160, db_index=True, editable=False)

    class Meta:
        verbose_name = _("nhóm ngành")
        verbose_name_plural = _("nhóm ngành")
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        """The group's name in the reader's language."""
        return localized(self.name, self.name_en)


class Enterprise(models.Model):
    name = models.CharField(_("tên doanh nghiệp"), max_length=300)
    short_name = models.CharField(_("tên viết tắt / thương hiệu"), max_length=120, blank=True)
    tax_code = models.CharField(
        _("mã số thuế"),
        max_length=14,
        unique=True,
        null=True,
        blank=True,
        validators=[validate_tax_code],
        help_text=_("Bắt buộc với doanh nghiệp đăng ký; để trống chỉ với bản ghi công khai."),
    )
    ownership = models.CharField(
        _("loại hình sở hữu"), max_length=20, choices=Ownership.choices, blank=True
    )
    vsic = models.CharField(
        _("mã ngành VSIC 2018"), max_length=6, blank=True, validators=[validate_vsic]
    )
    district = models.ForeignKey(
        District, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("quận/huyện")
    )
    address = models.CharField(_("địa chỉ"), max_length=300, blank=True)
    hq_in_hanoi = models.BooleanField(_("trụ sở chính tại Hà Nội"), default=False)
    factory_in_hanoi = models.BooleanField(_("nhà máy/xưởng sản xuất tại Hà Nội"), default=False)
    website = models.URLField(_("trang web"), blank=True)
    email = models.EmailField(_("thư điện tử"), blank=True)
    phone = models.CharField(_("điện thoại"), max_length=40, blank=True)
    is_verified = models.BooleanField(_("đã xác minh"), default=False)
    is_demo = models.BooleanField(_("dữ liệu mẫu"), default=False)
    is_public_record = models.BooleanField(_("bản ghi công khai"), default=False)
    source_url = models.URLField(_("nguồn công khai"), max_length=500, blank=True)
    search_key = models.CharField(max_length=500, db_index=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("doanh nghiệp")
        verbose_name_plural = _("doanh nghiệp")
        ordering = ["search_key", "id"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_fdi(self) -> bool:
        return self.ownership == Ownership.FDI


class EnterpriseContact(models.Model):
    """A contact person. Private: never shown on public pages."""

    enterprise = models.ForeignKey(Enterprise, on_delete=models.CASCADE, related_name="contacts")
    name = models.CharField(_("họ và tên"), max_length=200)
    position = models.CharField(_("chức vụ"), max_length=120, blank=True)
    phone = models.CharField(_("điện thoại"), max_length=40, blank=True)
    email = models.EmailField(_("thư điện tử"), blank=True)

    class Meta:
        verbose_name = _("người liên hệ")
        verbose_name_plural = _("người liên hệ")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.name


class Top500Listing(models.Model):
    enterprise = models.ForeignKey(Enterprise, on_delete=models.CASCADE, related_name="top500")
    year = models.PositiveSmallIntegerField(_("năm"))
    ranking = models.CharField(_("bảng xếp hạng"), max_length=120, default="VNR500")
    rank = models.PositiveIntegerField(_("thứ hạng"), null=True, blank=True)

    class Meta:
        verbose_name = _("xếp hạng Top 500")
        verbose_name_plural = _("xếp hạng Top 500")
        ordering = ["-year"]
        constraints = [
            models.UniqueConstraint(fields=["enterprise", "year", "ranking"], name="uniq_top500")
        ]

    def __str__(self) -> str:
        return f"{self.ranking} {self.year}"


class Product(models.Model):
    enterprise = models.ForeignKey(
        Enterprise,
        on_delete=models.PROTECT,
        related_name="products",
        verbose_name=_("doanh nghiệp"),
    )
    name = models.CharField(_("tên sản phẩm"), max_length=300)
    industry_group = models.ForeignKey(
        IndustryGroup, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("nhóm ngành")
    )
    vsic = models.CharField(
        _("mã ngành VSIC 2018"), max_length=6, blank=True, validators=[validate_vsic]
    )
    hs_code = models.CharField(_("mã HS"), max_length=13, blank=True, validators=[validate_hs_code])
    track = models.CharField(
        _("diện xét chọn"), max_length=20, choices=ProductTrack.choices, default=ProductTrack.OTHER
    )
    high_tech_ref = models.CharField(
        _("danh mục công nghệ cao"),
        max_length=200,
        blank=True,
        help_text=_("Ví dụ: QĐ 66/2014/QĐ-TTg, mục 12."),
    )
    description = models.TextField(_("mô tả"), blank=True)
    is_demo = models.BooleanField(_("dữ liệu mẫu"), default=False)
    is_public_record = models.BooleanField(_("bản ghi công khai"), default=False)
    source_url = models.URLField(_("nguồn công khai"), max_length=500, blank=True)
    name_key = models.CharField(max_length=300, editable=False)
    search_key = models.CharField(max_length=300, db_index=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("sản phẩm")
        verbose_name_plural = _("sản phẩm")
        ordering = ["search_key", "id"]
        constraints = [
            models.UniqueConstraint(fields=["enterprise", "name_key"], name="uniq_product_name"),
        ]

    def __str__(self) -> str:
        return self.name


def product_image_upload_path(instance: "ProductImage", filename: str) -> str:
    return f"products/{instance.product_id}/{filename}"


class ProductImage(models.Model):
    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="images")
    image = models.FileField(_("ảnh"), upload_to=product_image_upload_path)
    caption = models.CharField(_("chú thích"), max_length=200, blank=True)
    content_type = models.CharField(max_length=40)

    class Meta:
        verbose_name = _("ảnh sản phẩm")
        verbose_name_plural = _("ảnh sản phẩm")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.caption or self.image.name


class PublicRecordMention(models.Model):
    """A public source that names an enterprise (and perhaps a product) as recognised.

    Only what the source says: year as written, Top 10 as stated, the address."""

    enterprise = models.ForeignKey(Enterprise, on_delete=models.CASCADE, related_name="mentions")
    product = models.ForeignKey(
        Product, on_delete=models.CASCADE, null=True, blank=True, related_name="mentions"
    )
    year_label = models.CharField(_("năm (theo nguồn)"), max_length=20, blank=True)
    top10 = models.CharField(_("Top 10"), max_length=10, choices=Top10Mention.choices)
    source_url = models.URLField(_("nguồn"), max_length=500)

    class Meta:
        verbose_name = _("ghi nhận công khai")
        verbose_name_plural = _("ghi nhận công khai")
        ordering = ["year_label", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["enterprise", "product", "year_label", "source_url"], name="uniq_mention"
            )
        ]

    def __str__(self) -> str:
        return f"{self.enterprise} {self.year_label}"


class ImportJob(models.Model):
    kind = models.CharField(_("loại dữ liệu"), max_length=20, choices=ImportKind.choices)
    file = models.FileField(upload_to="imports/%Y/%m/")
    original_name = models.CharField(_("tên tệp"), max_length=255)
    status = models.CharField(
        _("trạng thái"),
        max_length=20,
        choices=ImportStatus.choices,
        default=ImportStatus.VALIDATING,
    )
    total_rows = models.PositiveIntegerField(default=0)
    processed_rows = models.PositiveIntegerField(default=0)
    valid_rows = models.PositiveIntegerField(default=0)
    error_rows = models.PositiveIntegerField(default=0)
    report = models.JSONField(default=dict, blank=True)
    result = models.JSONField(default=dict, blank=True)
    error_message = models.TextField(blank=True)
    task_id = models.CharField(max_length=64, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("lượt nhập dữ liệu")
        verbose_name_plural = _("lượt nhập dữ liệu")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} — {self.original_name}"

    @property
    def percent(self) -> int:
        if not self.total_rows:
            return 0 if self.status in {ImportStatus.VALIDATING, ImportStatus.COMMITTING} else 100
        return min(100, round(100 * self.processed_rows / self.total_rows))

    @property
    def is_running(self) -> bool:
        return self.status in {ImportStatus.VALIDATING, ImportStatus.COMMITTING}

    @property
    def is_validating(self) -> bool:
        return self.status == ImportStatus.VALIDATING

    @property
    def is_validated(self) -> bool:
        """Checked, waiting for the officer to commit or cancel."""
        return self.status == ImportStatus.VALIDATED

    @property
    def is_committing(self) -> bool:
        return self.status == ImportStatus.COMMITTING

    @property
    def is_done(self) -> bool:
        return self.status == ImportStatus.DONE

    @property
    def is_failed(self) -> bool:
        return self.status == ImportStatus.FAILED
