"""The linkage market: partner firms, offers and needs, connections made."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from chuluc.registry.validators import validate_hs_code, validate_vsic
from chuluc.support.enums import ConnectionKind, ListingKind, ListingSubject
from chuluc.support.models.ledger import MONEY


class Partner(models.Model):
    """A partner firm outside the city or abroad, registered by an officer. Its contact is
    private: officers only."""

    name = models.CharField(_("tên doanh nghiệp đối tác"), max_length=300)
    province = models.CharField(_("tỉnh, thành phố"), max_length=100, blank=True)
    country = models.CharField(_("quốc gia"), max_length=100, default="Việt Nam")
    industry_group = models.ForeignKey(
        "registry.IndustryGroup",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        verbose_name=_("nhóm ngành"),
    )
    description = models.TextField(_("giới thiệu"), blank=True)
    contact_name = models.CharField(_("người liên hệ"), max_length=200, blank=True)
    contact_email = models.EmailField(_("thư điện tử liên hệ"), blank=True)
    contact_phone = models.CharField(_("điện thoại liên hệ"), max_length=40, blank=True)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    is_demo = models.BooleanField(_("dữ liệu mẫu"), default=False)

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("doanh nghiệp đối tác")
        verbose_name_plural = _("doanh nghiệp đối tác")

    def __str__(self) -> str:
        return self.name


class Listing(models.Model):
    """What an enterprise (or a partner firm) offers or seeks."""

    kind = models.CharField(_("loại"), max_length=10, choices=ListingKind.choices)
    subject = models.CharField(_("đối tượng"), max_length=20, choices=ListingSubject.choices)
    title = models.CharField(_("tiêu đề"), max_length=200)
    description = models.TextField(_("mô tả"), blank=True)
    enterprise = models.ForeignKey(
        "registry.Enterprise",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="listings",
        verbose_name=_("doanh nghiệp"),
    )
    partner = models.ForeignKey(
        Partner,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="listings",
        verbose_name=_("đối tác"),
    )
    industry_group = models.ForeignKey(
        "registry.IndustryGroup",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        verbose_name=_("nhóm ngành"),
    )
    vsic = models.CharField(
        _("mã ngành VSIC 2018"), max_length=6, blank=True, validators=[validate_vsic]
    )
    hs_code = models.CharField(_("mã HS"), max_length=13, blank=True, validators=[validate_hs_code])
    search_key = models.CharField(max_length=600, editable=False)
    is_open = models.BooleanField(_("còn nhu cầu"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField()
    is_demo = models.BooleanField(_("dữ liệu mẫu"), default=False)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(enterprise__isnull=False, partner__isnull=True)
                | Q(enterprise__isnull=True, partner__isnull=False),
                name="listing_one_owner",
            )
        ]
        verbose_name = _("nhu cầu kết nối")
        verbose_name_plural = _("nhu cầu kết nối")

    def __str__(self) -> str:
        return self.title


class Connection(models.Model):
    """A linkage made: a meeting held, an MoU or a contract (with its value)."""

    enterprise = models.ForeignKey(
        "registry.Enterprise",
        on_delete=models.PROTECT,
        related_name="connections",
        verbose_name=_("doanh nghiệp"),
    )
    counterpart_enterprise = models.ForeignKey(
        "registry.Enterprise",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("doanh nghiệp đối tác trong thành phố"),
    )
    partner = models.ForeignKey(
        Partner,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="connections",
        verbose_name=_("đối tác ngoài thành phố"),
    )
    offer = models.ForeignKey(
        Listing, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    need = models.ForeignKey(
        Listing, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    kind = models.CharField(_("kết quả"), max_length=20, choices=ConnectionKind.choices)
    happened_on = models.DateField(_("ngày"))
    value_vnd = models.DecimalField(_("giá trị hợp đồng (đồng)"), null=True, blank=True, **MONEY)
    note = models.TextField(_("ghi chú"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField()
    is_demo = models.BooleanField(_("dữ liệu mẫu"), default=False)

    class Meta:
        ordering = ["-happened_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(counterpart_enterprise__isnull=False, partner__isnull=True)
                | Q(counterpart_enterprise__isnull=True, partner__isnull=False),
                name="connection_one_counterpart",
            )
        ]
        verbose_name = _("kết nối đã thực hiện")
        verbose_name_plural = _("kết nối đã thực hiện")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.happened_on:%d/%m/%Y}"


class ConnectionRequest(models.Model):
    """A firm of the program asks, through the program, to be put in touch with the firm
    behind an offer or a need; that firm and the officers see it, and an officer records
    the connection once made (``Connection``). One request per firm and listing."""

    listing = models.ForeignKey(
        Listing,
        on_delete=models.PROTECT,
        related_name="connection_requests",
        verbose_name=_("nhu cầu"),
    )
    enterprise = models.ForeignKey(
        "registry.Enterprise",
        on_delete=models.PROTECT,
        related_name="connection_requests_sent",
        verbose_name=_("doanh nghiệp đề nghị kết nối"),
    )
    message = models.TextField(_("lời nhắn"), blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField(_("gửi lúc"))
    is_demo = models.BooleanField(_("dữ liệu mẫu"), default=False)

    class Meta:
        ordering = ["-requested_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["listing", "enterprise"], name="uniq_connection_request"
            )
        ]
        verbose_name = _("đề nghị kết nối")
        verbose_name_plural = _("đề nghị kết nối")

    def __str__(self) -> str:
        return f"{self.enterprise_id} → {self.listing_id}"
