from django.db import models
from django.utils.translation import gettext_lazy as _


class CampaignStatus(models.TextChoices):
    DRAFT = "draft", _("Đang chuẩn bị")
    PUBLISHED = "published", _("Đã công bố")
    ARCHIVED = "archived", _("Đã kết thúc")


class CampaignStage(models.TextChoices):
    """Where a campaign is in its year, derived from its dates and records, never stored
    (``chuluc.campaigns.stage``); in the program's order, so a later member is further on."""

    PREPARING = "preparing", _("Đang chuẩn bị")
    UPCOMING = "upcoming", _("Sắp mở đăng ký")
    REGISTRATION = "registration", _("Đang nhận hồ sơ")
    SCREENING = "screening", _("Đang thẩm định hồ sơ")
    SCORING = "scoring", _("Hội đồng đang chấm điểm")
    RESULTS = "results", _("Đã khóa điểm, chờ công bố")
    COMMENT = "comment", _("Đang lấy ý kiến công khai")
    DECISION = "decision", _("Chờ quyết định công nhận")
    DECIDED = "decided", _("Đã có quyết định công nhận")
    CLOSED = "closed", _("Đã kết thúc")


class LegalDocumentKind(models.TextChoices):
    PLAN = "plan", _("Kế hoạch")
    GUIDANCE = "guidance", _("Hướng dẫn")
    SCHEME = "scheme", _("Đề án")
    COUNCIL_DECISION = "council_decision", _("Quyết định thành lập Hội đồng")
    REGULATION = "regulation", _("Quy chế")
    RECOGNITION_DECISION = "recognition_decision", _("Quyết định công nhận")
    OTHER = "other", _("Khác")


class TieBreak(models.TextChoices):
    CRITERION = "criterion", _("Điểm cao hơn ở tiêu chí được chỉ định, rồi Hội đồng biểu quyết")
    VOTE = "vote", _("Hội đồng biểu quyết")


class Aggregation(models.TextChoices):
    MEAN = "mean", _("Trung bình cộng")
    MEDIAN = "median", _("Trung vị")
    TRIMMED_MEAN = "trimmed_mean", _("Trung bình cắt bỏ điểm cao nhất và thấp nhất")


class CriterionKind(models.TextChoices):
    COMPUTED = "computed", _("Tính từ số liệu hồ sơ")
    JUDGED = "judged", _("Hội đồng chấm")


class Metric(models.TextChoices):
    """Dossier figures a computed criterion can be scored on (all derived, never typed)."""

    REVENUE_GROWTH_AVG = "revenue_growth_avg", _("Tăng trưởng doanh thu bình quân (%/năm)")
    PRODUCTION_GROWTH_AVG = (
        "production_growth_avg",
        _("Tăng trưởng giá trị sản xuất bình quân (%/năm)"),
    )
    REVENUE_LATEST_BN = "revenue_latest_bn", _("Doanh thu năm gần nhất (tỷ đồng)")
    PRODUCTION_LATEST_BN = "production_latest_bn", _("Giá trị sản xuất năm gần nhất (tỷ đồng)")
    PRODUCTIVITY_M = "productivity_m", _("Năng suất lao động (triệu đồng/người/năm)")
    EXPORT_LATEST_MUSD = "export_latest_musd", _("Kim ngạch xuất khẩu năm gần nhất (triệu USD)")
    EXPORT_SHARE_PCT = "export_share_pct", _("Tỷ trọng xuất khẩu trong doanh thu (%)")
    QUALITY_CERTIFICATES = "quality_certificates", _("Số chứng nhận chất lượng còn hiệu lực")
    IP_TITLES = "ip_titles", _("Số văn bằng sở hữu trí tuệ")


class EligibilityKind(models.TextChoices):
    LOCATION = "location", _("Trụ sở hoặc nhà máy tại địa phương")
    REVENUE_MIN = "revenue_min", _("Doanh thu tối thiểu (đồng/năm)")
    OUTPUT_MIN = "output_min", _("Doanh thu hoặc giá trị sản xuất tối thiểu (đồng/năm)")
    EXPORT_MIN = "export_min", _("Kim ngạch xuất khẩu tối thiểu (USD/năm)")
    DOCUMENT = "document", _("Có tài liệu bắt buộc")
    QUALITATIVE = "qualitative", _("Đánh giá định tính của cán bộ")


class DossierStatus(models.TextChoices):
    DRAFT = "draft", _("Bản nháp")
    SUBMITTED = "submitted", _("Đã nộp")
    RETURNED = "returned", _("Trả lại để bổ sung")
    ELIGIBLE = "eligible", _("Đủ điều kiện")
    INELIGIBLE = "ineligible", _("Không đủ điều kiện")
    SCORED = "scored", _("Đã chấm điểm")
    PASSED = "passed", _("Đạt")
    FAILED = "failed", _("Không đạt")
    PUBLISHED = "published", _("Đã công bố lấy ý kiến")
    RECOGNISED = "recognised", _("Được công nhận")
    WITHDRAWN = "withdrawn", _("Rút hồ sơ")


#: A dossier its enterprise may still change (figures, documents, certificates) and submit.
DOSSIER_EDITABLE = frozenset({DossierStatus.DRAFT, DossierStatus.RETURNED})


class EvidenceKind(models.TextChoices):
    FINANCIAL_STATEMENT = "financial_statement", _("Báo cáo tài chính")
    BUSINESS_REGISTRATION = "business_registration", _("Giấy chứng nhận đăng ký doanh nghiệp")
    COMPLIANCE_COMMITMENT = (
        "compliance_commitment",
        _("Báo cáo/cam kết tuân thủ pháp luật (môi trường, chất lượng, SHTT)"),
    )
    PRODUCT_DESCRIPTION = "product_description", _("Thuyết minh sản phẩm")
    CERTIFICATE = "certificate", _("Bản sao chứng nhận chất lượng, SHTT")
    OTHER = "other", _("Tài liệu khác")


class CertificateKind(models.TextChoices):
    ISO9001 = "iso9001", _("ISO 9001 (quản lý chất lượng)")
    ISO14001 = "iso14001", _("ISO 14001 (quản lý môi trường)")
    OTHER_QMS = "other_qms", _("Hệ thống quản lý khác (ISO 22000, HACCP, ISO 45001…)")
    CONFORMITY = "conformity", _("Chứng nhận hợp chuẩn, hợp quy")
    TRADEMARK = "trademark", _("Nhãn hiệu")
    PATENT = "patent", _("Sáng chế, giải pháp hữu ích")
    DESIGN = "design", _("Kiểu dáng công nghiệp")


QUALITY_KINDS = {
    CertificateKind.ISO9001,
    CertificateKind.ISO14001,
    CertificateKind.OTHER_QMS,
    CertificateKind.CONFORMITY,
}
IP_KINDS = {CertificateKind.TRADEMARK, CertificateKind.PATENT, CertificateKind.DESIGN}


class ScreeningOutcome(models.TextChoices):
    PASS = "pass", _("Đạt")
    FAIL = "fail", _("Không đạt")
    REVIEW = "review", _("Cần cán bộ đánh giá")


class EligibilityConclusion(models.TextChoices):
    """The officer's conclusion on one eligibility rule of a dossier
    (``ScreeningCheck.officer_outcome``): pending until the officer confirms the automatic
    result or overrides it with a reason."""

    PENDING = "pending", _("Chưa kết luận")
    PASS = "pass", _("Đạt")
    FAIL = "fail", _("Không đạt")


class TargetPosition(models.TextChoices):
    """Where a campaign's count stands against the range of its target."""

    BELOW = "below", _("Dưới chỉ tiêu")
    WITHIN = "within", _("Trong khoảng chỉ tiêu")
    ABOVE = "above", _("Vượt chỉ tiêu")
