"""Hanoi's rules as published, used when the first campaign of the program is created.
Each carries its source; thresholds are data the officer can change per campaign."""

from decimal import Decimal

from chuluc.campaigns.enums import EligibilityKind, EvidenceKind
from chuluc.registry.enums import ProductTrack

# Hướng dẫn 1520/HD-SCT (2019), spcncl.md §2.1 [C] S5.
HANOI_RULES = [
    {
        "code": "E1",
        "name": "Trụ sở chính hoặc xưởng sản xuất tại Hà Nội",
        "kind": EligibilityKind.LOCATION,
        "track": "",
    },
    {
        "code": "E2a",
        "name": "Sản phẩm công nghệ cao: doanh thu từ 10 tỷ đồng/năm",
        "kind": EligibilityKind.REVENUE_MIN,
        "track": ProductTrack.HIGH_TECH,
        "threshold": Decimal(10_000_000_000),
    },
    {
        "code": "E2b",
        "name": "Sản phẩm khác: doanh thu hoặc giá trị sản xuất từ 100 tỷ đồng/năm",
        "kind": EligibilityKind.OUTPUT_MIN,
        "track": ProductTrack.OTHER,
        "threshold": Decimal(100_000_000_000),
    },
    {
        "code": "E2c",
        "name": "Thủ công mỹ nghệ: kim ngạch xuất khẩu từ 1 triệu USD/năm",
        "kind": EligibilityKind.EXPORT_MIN,
        "track": ProductTrack.HANDICRAFT,
        "threshold": Decimal(1_000_000),
    },
    {
        "code": "E2d",
        "name": "Doanh nghiệp khởi nghiệp: ý tưởng sáng tạo, xu hướng tăng trưởng, khả năng hội nhập, ý nghĩa xã hội",
        "kind": EligibilityKind.QUALITATIVE,
        "track": ProductTrack.STARTUP,
    },
    {
        "code": "E3",
        "name": "Báo cáo/cam kết tuân thủ pháp luật về môi trường, chất lượng, sở hữu trí tuệ",
        "kind": EligibilityKind.DOCUMENT,
        "track": "",
        "document_kind": EvidenceKind.COMPLIANCE_COMMITMENT,
    },
]

# Targets of the 2023 plan as reported (spcncl.md §A, §3.2).
HANOI_TARGETS = [
    {
        "indicator": "enterprises_recognised",
        "label": "Doanh nghiệp được công nhận",
        "low": 20,
        "high": 25,
        "unit": "doanh nghiệp",
    },
    {
        "indicator": "products_recognised",
        "label": "Sản phẩm được công nhận",
        "low": 30,
        "high": 35,
        "unit": "sản phẩm",
    },
    {
        "indicator": "first_time_products",
        "label": "Sản phẩm được công nhận lần đầu",
        "low": 10,
        "high": 15,
        "unit": "sản phẩm",
    },
    {
        "indicator": "support_coverage",
        "label": "Doanh nghiệp SPCNCL được hưởng chính sách hỗ trợ",
        "low": 100,
        "high": 100,
        "unit": "%",
    },
]
