"""Choices of the support part (the workflows of requests and difficulties: ``lifecycles``)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class PolicyCategory(models.TextChoices):
    """The nine kinds of support the program gives (spcncl.md §3.1)."""

    BRANDING = "branding", _("Thương hiệu và biểu trưng")
    TRADE_PROMOTION = "trade_promotion", _("Xúc tiến thương mại")
    INDUSTRIAL_EXTENSION = "industrial_extension", _("Khuyến công")
    SCIENCE_TECHNOLOGY = "science_technology", _("Khoa học và công nghệ")
    TRAINING = "training", _("Đào tạo nhân lực và quản trị")
    PROCEDURES = "procedures", _("Rút ngắn thủ tục hành chính")
    LAND = "land", _("Đất đai và hạ tầng")
    CAPITAL = "capital", _("Vốn")
    ENERGY = "energy", _("Năng lượng và sản xuất sạch hơn")


class Eligibility(models.TextChoices):
    """Who may receive a policy: a small set of declared rules, checked by
    ``selectors.unmet_condition`` (the one place that reads them)."""

    ANY_REGISTERED = "any_registered", _("Mọi doanh nghiệp đã đăng ký")
    VALID_RECOGNITION = "valid_recognition", _("Có sản phẩm được công nhận còn hiệu lực")
    TOP_RECOGNITION = "top_recognition", _("Có sản phẩm thuộc nhóm Top còn hiệu lực")


class SupportForm(models.TextChoices):
    """The form of one support given; each has its unit of quantity."""

    BOOTH = "booth", _("Gian hàng hội chợ, triển lãm")
    TRAINING_PLACES = "training_places", _("Suất đào tạo")
    GRANT = "grant", _("Kinh phí hỗ trợ")
    FAST_TRACK = "fast_track", _("Thủ tục được giải quyết rút gọn")
    CONSULTING = "consulting", _("Tư vấn, chuyên gia")
    PUBLICITY = "publicity", _("Quảng bá, truyền thông")
    OTHER = "other", _("Hình thức khác")


FORM_UNITS = {
    SupportForm.BOOTH: _("gian hàng"),
    SupportForm.TRAINING_PLACES: _("suất"),
    SupportForm.GRANT: _("khoản"),
    SupportForm.FAST_TRACK: _("thủ tục"),
    SupportForm.CONSULTING: _("lượt"),
    SupportForm.PUBLICITY: _("lượt"),
    SupportForm.OTHER: _("lượt"),
}


class RequestStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Chờ xử lý")
    APPROVED = "approved", _("Đã chấp thuận")
    REFUSED = "refused", _("Không chấp thuận")


class DifficultyCategory(models.TextChoices):
    PREMISES_LAND = "premises_land", _("Mặt bằng, đất đai")
    PROCEDURES = "procedures", _("Thủ tục hành chính")
    TAX = "tax", _("Thuế")
    CUSTOMS = "customs", _("Hải quan")
    CAPITAL = "capital", _("Vốn, tín dụng")
    MARKET = "market", _("Thị trường")
    INFRASTRUCTURE = "infrastructure", _("Hạ tầng kỹ thuật")
    LABOUR = "labour", _("Lao động")
    OTHER = "other", _("Khác")


class DifficultySource(models.TextChoices):
    ONLINE = "online", _("Doanh nghiệp gửi trực tuyến")
    MEETING = "meeting", _("Ghi nhận tại hội nghị đối thoại")
    OFFICER = "officer", _("Cán bộ ghi nhận")


class DifficultyStatus(models.TextChoices):
    """Stored states; *overdue* is derived from the due date, never stored."""

    RECEIVED = "received", _("Đã tiếp nhận")
    ROUTED = "routed", _("Đã chuyển cơ quan xử lý")
    IN_PROGRESS = "in_progress", _("Đang xử lý")
    ANSWERED = "answered", _("Đã trả lời")
    RESOLVED = "resolved", _("Đã giải quyết")
    CANNOT_RESOLVE = "cannot_resolve", _("Không thể giải quyết")


# Waiting for the routed agency: these become overdue once the due date has passed. An
# answered difficulty waits for the enterprise, not the agency; closed ones never do.
DIFFICULTY_OPEN = (
    DifficultyStatus.RECEIVED,
    DifficultyStatus.ROUTED,
    DifficultyStatus.IN_PROGRESS,
)
DIFFICULTY_CLOSED = (DifficultyStatus.RESOLVED, DifficultyStatus.CANNOT_RESOLVE)


class ListingKind(models.TextChoices):
    OFFER = "offer", _("Chào bán, cung ứng")
    NEED = "need", _("Cần tìm, cần mua")


class ListingSubject(models.TextChoices):
    PRODUCT = "product", _("Sản phẩm")
    COMPONENT = "component", _("Linh kiện, nguyên vật liệu")
    SERVICE = "service", _("Dịch vụ")


class ConnectionKind(models.TextChoices):
    MEETING = "meeting", _("Đã gặp gỡ, làm việc")
    MOU = "mou", _("Ký biên bản ghi nhớ (MoU)")
    CONTRACT = "contract", _("Ký hợp đồng")
