"""Choices of the production index part (IIP): base-year states, where a monthly quantity
came from, what an import held, and the kinds of published growth figures."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class BaseYearStatus(models.TextChoices):
    DRAFT = "draft", _("Bản nháp")
    ACTIVE = "active", _("Đang dùng")
    RETIRED = "retired", _("Đã thay thế")


class QuantitySource(models.TextChoices):
    IMPORT = "import", _("Nhập từ bảng tính")
    FIRM_REPORT = "firm_report", _("Từ báo cáo của doanh nghiệp")


class ImportKind(models.TextChoices):
    BASKET = "basket", _("Dữ liệu năm gốc (sản phẩm, trọng số)")
    QUANTITIES = "quantities", _("Sản lượng hằng tháng")


class GrowthKind(models.TextChoices):
    """A published growth figure is one of these, never a computed index."""

    VALUE_ADDED = "value_added", _("Tăng trưởng giá trị tăng thêm ngành công nghiệp")
    IIP_PUBLISHED = "iip_published", _("Chỉ số sản xuất công nghiệp (IIP) đã công bố")


class GrowthPeriod(models.TextChoices):
    MONTH = "month", _("Tháng")
    QUARTER = "quarter", _("Quý")
    YEAR_TO_DATE = "ytd", _("Lũy kế từ đầu năm")


class NodeLevel(models.IntegerChoices):
    LEVEL4 = 4, _("Cấp 4 (ngành VSIC 4 số)")
    LEVEL2 = 2, _("Cấp 2 (ngành VSIC 2 số)")
    LEVEL1 = 1, _("Cấp 1 (ngành khai khoáng, chế biến…)")


class Comparison(models.TextChoices):
    """The comparison the contributions are computed for (docs/iip.md)."""

    MOM = "mom", _("So với tháng trước")
    YOY = "yoy", _("So với cùng tháng năm trước")
    YTD = "ytd", _("Lũy kế so với cùng kỳ")


class Method(models.TextChoices):
    A = "A", _("Cách A: tỷ số tổng chỉ số gốc cố định (mặc định)")
    B = "B", _("Cách B: chỉ số cá thể của sản lượng cộng dồn")
