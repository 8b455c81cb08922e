"""Demo data of the production index, built through the production services: a fictional
base year 2020 (labelled demo), its basket of products across sections B–E with the value
added of their industries, a few basket products linked to demo key products (sản phẩm chủ
lực), and 48 months of quantities (2022-01 to 2025-12) imported as a workbook, the way an
officer would. The quantities show every case of iip.md §2: a missing month, a stopped
plant (zero output), a new product (no base-year quantity) and a discontinued one. The
published growth figures of Hanoi 2023 (value added and IIP, with their sources) are entered
beside. Loaded once: running it again adds nothing."""

from __future__ import annotations

import random
from collections import defaultdict
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile

from chuluc.decisions.models import Recognition
from chuluc.production import exports, services, sheets
from chuluc.production.enums import GrowthKind, GrowthPeriod
from chuluc.production.models import BaseYear, PublishedGrowth
from chuluc.registry.models import Product
from chuluc.statistics.vsic import SECTION_TITLES, SECTIONS

BASE_YEAR = 2020
FIRST_YEAR, LAST_YEAR = 2022, 2025
# code, name, unit, VSIC level 4, base-year output value (billion đồng), monthly base quantity
BASKET = [
    ("B-DA", "Đá xây dựng (mẫu)", "nghìn m3", "0810", 900, 420),
    ("C-THIT", "Thịt lợn đông lạnh (mẫu)", "tấn", "1010", 2_400, 1_800),
    ("C-SUA", "Sữa tươi (mẫu)", "nghìn lít", "1050", 3_100, 9_500),
    ("C-BANH", "Bánh các loại (mẫu)", "tấn", "1071", 1_500, 2_600),
    ("C-BIA", "Bia các loại (mẫu)", "triệu lít", "1103", 5_200, 31),
    ("C-AO", "Quần áo may sẵn (mẫu)", "nghìn cái", "1410", 4_300, 5_200),
    ("C-GIAY", "Giày dép (mẫu)", "nghìn đôi", "1520", 1_900, 1_300),
    ("C-NHUA", "Sản phẩm nhựa (mẫu)", "tấn", "2220", 2_200, 3_900),
    ("C-XIMANG", "Xi măng (mẫu)", "nghìn tấn", "2394", 1_700, 240),
    ("C-GACH", "Gạch không nung (mẫu)", "triệu viên", "2395", 600, 38),
    ("C-KHOA", "Khóa các loại (mẫu)", "nghìn cái", "2599", 800, 650),
    ("C-LINHKIEN", "Linh kiện điện tử (mẫu)", "triệu cái", "2610", 6_800, 410),
    ("C-DONGCO", "Động cơ điện (mẫu)", "cái", "2710", 1_200, 5_400),
    ("C-PIN", "Pin lưu trữ điện (mẫu, sản phẩm mới)", "cái", "2720", 300, 0),
    ("C-CAP", "Dây cáp điện (mẫu)", "km", "2732", 2_600, 7_800),
    ("C-LED", "Bóng đèn LED (mẫu)", "nghìn cái", "2740", 1_400, 3_100),
    ("C-SOIDOT", "Bóng đèn sợi đốt (mẫu, ngừng sản xuất)", "nghìn cái", "2740", 200, 700),
    ("C-MAY", "Máy công cụ (mẫu)", "cái", "2822", 700, 260),
    ("C-BANGHE", "Bàn ghế gỗ (mẫu)", "cái", "3100", 900, 14_000),
    ("D-DIEN", "Điện thương phẩm (mẫu)", "triệu kWh", "3510", 9_800, 1_650),
    ("E-NUOC", "Nước máy (mẫu)", "nghìn m3", "3600", 1_300, 21_000),
    ("E-RAC", "Rác thải thu gom (mẫu)", "tấn", "3811", 500, 110_000),
]
# products and their yearly volume trend since the base year (%/year)
TRENDS = {"D-DIEN": 6.5, "C-LINHKIEN": 9.0, "C-XIMANG": -3.0, "B-DA": -4.0, "C-PIN": 25.0}
ZERO_MONTHS = {("C-GACH", "2024-08"), ("C-GACH", "2024-09")}  # plant stopped
MISSING = {("C-BANGHE", "2025-02"), ("C-MAY", "2025-11"), ("E-RAC", "2024-04")}
DISCONTINUED = {"C-SOIDOT": "2024-07"}
KEY_PRODUCTS = 4
PUBLISHED = [
    (
        GrowthKind.VALUE_ADDED,
        GrowthPeriod.YEAR_TO_DATE,
        2023,
        9,
        Decimal("3.93"),
        "Báo Đầu tư, dẫn Cục Thống kê Hà Nội (29/09/2023)",
        "https://baodautu.vn/grdp-ha-noi-tang-truong-608-trong-9-thang-dau-nam-2023-d199788.html",
    ),
    (
        GrowthKind.IIP_PUBLISHED,
        GrowthPeriod.YEAR_TO_DATE,
        2023,
        9,
        Decimal("2.6"),
        "Vietnamplus, dẫn Cục Thống kê Hà Nội",
        "https://en.vietnamplus.vn/hanois-industrial-production-sailing-through-difficulties/269011.vnp",
    ),
    (
        GrowthKind.IIP_PUBLISHED,
        GrowthPeriod.YEAR_TO_DATE,
        2023,
        12,
        Decimal("3.0"),
        "Pháp luật và Xã hội (Kinh tế & Đô thị), dẫn Cục Thống kê Hà Nội",
        "https://phapluatxahoi.kinhtedothi.vn/nam-2023-chi-so-san-xuat-cong-nghiep-thu-do-tang-3-365722.html",
    ),
]


def production_missing() -> bool:
    return not BaseYear.objects.filter(is_demo=True).exists()


def _key_products() -> list[Product]:
    """Demo products recognised first, then any demo product: the ones the basket links."""
    recognised = list(
        Product.objects.filter(
            pk__in=Recognition.objects.filter(enterprise__is_demo=True).values("product_id")
        ).order_by("pk")[:KEY_PRODUCTS]
    )
    if len(recognised) < KEY_PRODUCTS:
        taken = {p.pk for p in recognised}
        recognised += list(
            Product.objects.filter(is_demo=True)
            .exclude(pk__in=taken)
            .order_by("pk")[: KEY_PRODUCTS - len(recognised)]
        )
    return recognised


def _basket_rows(rng: random.Random) -> list[list]:
    rows = [
        [code, name, unit, vsic4, weight, base, "", DISCONTINUED.get(code, "")]
        for code, name, unit, vsic4, weight, base in BASKET
    ]
    for product in _key_products():
        vsic4 = product.vsic if len(product.vsic) == 4 and product.vsic[:2] in SECTIONS else "2599"
        rows.append(
            [
                f"CL-{product.pk}",
                product.name[:300],
                "sản phẩm",
                vsic4,
                rng.randint(300, 1_500),
                rng.randint(2_000, 20_000),
                product.pk,
                "",
            ]
        )
    return rows


NODE_NAMES = {
    "08": "Khai khoáng khác",
    "0810": "Khai thác đá, cát, sỏi, đất sét",
    "10": "Sản xuất, chế biến thực phẩm",
    "1010": "Chế biến, bảo quản thịt",
    "1050": "Chế biến sữa",
    "1071": "Sản xuất các loại bánh",
    "11": "Sản xuất đồ uống",
    "1103": "Sản xuất bia",
    "14": "Sản xuất trang phục",
    "1410": "May trang phục",
    "15": "Sản xuất da và các sản phẩm có liên quan",
    "1520": "Sản xuất giày, dép",
    "22": "Sản xuất sản phẩm từ cao su và plastic",
    "2220": "Sản xuất sản phẩm từ plastic",
    "23": "Sản xuất sản phẩm từ khoáng phi kim loại khác",
    "2394": "Sản xuất xi măng, vôi và thạch cao",
    "2395": "Sản xuất bê tông và sản phẩm từ xi măng",
    "25": "Sản xuất sản phẩm từ kim loại đúc sẵn",
    "2599": "Sản xuất sản phẩm khác bằng kim loại",
    "26": "Sản xuất sản phẩm điện tử, máy vi tính",
    "2610": "Sản xuất linh kiện điện tử",
    "27": "Sản xuất thiết bị điện",
    "2710": "Sản xuất mô tơ, máy phát, biến thế điện",
    "2720": "Sản xuất pin và ắc quy",
    "2732": "Sản xuất dây, cáp điện và điện tử khác",
    "2740": "Sản xuất thiết bị điện chiếu sáng",
    "28": "Sản xuất máy móc, thiết bị chưa được phân vào đâu",
    "2822": "Sản xuất máy công cụ và máy tạo hình kim loại",
    "31": "Sản xuất giường, tủ, bàn, ghế",
    "3100": "Sản xuất giường, tủ, bàn, ghế",
    "35": "Sản xuất và phân phối điện",
    "3510": "Sản xuất, truyền tải và phân phối điện",
    "36": "Khai thác, xử lý và cung cấp nước",
    "3600": "Khai thác, xử lý và cung cấp nước",
    "38": "Thu gom, xử lý và tiêu hủy rác thải",
    "3811": "Thu gom rác thải không độc hại",
}


def _node_rows(products: list[list]) -> list[list]:
    """Value added: a share of the output value below each node, a little different per
    node (so the hierarchy is not merely the flat index)."""
    sums: dict[tuple[int, str], float] = defaultdict(float)
    for row in products:
        vsic4, weight = row[3], float(row[4])
        for level, code in ((4, vsic4), (2, vsic4[:2]), (1, SECTIONS[vsic4[:2]])):
            sums[(level, code)] += weight
    ratio = {4: 0.31, 2: 0.3, 1: 0.29}
    rows = []
    for (level, code), total in sorted(sums.items(), key=lambda kv: (-kv[0][0], kv[0][1])):
        tweak = 1 + (sum(map(ord, code)) % 7 - 3) / 40
        name = SECTION_TITLES[code] if level == 1 else NODE_NAMES.get(code, "")
        rows.append([level, code, name, round(total * ratio[level] * tweak, 2)])
    return rows


def _quantity(rng: random.Random, code: str, base: float, year: int, month: int) -> float:
    years = year - BASE_YEAR + (month - 1) / 12
    trend = (1 + TRENDS.get(code, 2.5) / 100) ** years
    season = 0.82 if month == 2 else 0.93 if month == 1 else 1.06 if month in (11, 12) else 1.0
    return round(base * trend * season * rng.uniform(0.95, 1.05), 1)


def _quantity_rows(rng: random.Random, products: list[list]) -> list[dict]:
    rows = []
    for code, name, unit, _vsic4, _w, base, _key, _stop in products:
        start = float(base) if float(base) > 0 else 500.0  # the new product starts in 2024
        for year in range(FIRST_YEAR, LAST_YEAR + 1):
            for month in range(1, 13):
                label = f"{year}-{month:02d}"
                if code == "C-PIN" and year < 2024:
                    continue
                if (code, label) in MISSING:
                    quantity = None
                elif (code, label) in ZERO_MONTHS:
                    quantity = 0
                else:
                    quantity = _quantity(rng, code, start, year, month)
                rows.append(
                    {"code": code, "name": name, "month": label, "quantity": quantity, "unit": unit}
                )
    return rows


def _upload(content: bytes, name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=exports.CONTENT_TYPE)


def seed_production(*, officer, seed: int = 2026) -> dict[str, int]:
    """Create the demo base year, its data, 48 months of quantities and the published
    figures; nothing if a demo base year exists."""
    created = {"base_years": 0, "basket_products": 0, "quantities": 0, "published": 0}
    if not production_missing():
        return created
    rng = random.Random(seed)
    base_year = services.base_year_create(
        actor=officer,
        year=BASE_YEAR,
        source_note="Số liệu hư cấu, tạo làm dữ liệu mẫu (không phải trọng số của Cục Thống kê).",
        is_demo=True,
    )
    products = _basket_rows(rng)
    book = exports.workbook(
        [
            (sheets.PRODUCTS_SHEET, sheets.PRODUCT_COLUMNS, products),
            (sheets.NODES_SHEET, sheets.NODE_COLUMNS, _node_rows(products)),
        ]
    )
    counts = services.base_year_load(
        actor=officer, base_year=base_year, upload=_upload(book, "nam-goc-mau.xlsx")
    )
    services.base_year_activate(actor=officer, base_year=base_year)
    quantities = exports.quantities_rows(_quantity_rows(rng, products))
    imported = services.quantities_import(
        actor=officer, base_year=base_year, upload=_upload(quantities, "san-luong-mau.xlsx")
    )
    for kind, period, year, month, value, source, url in PUBLISHED:
        if not PublishedGrowth.objects.filter(
            kind=kind, period=period, year=year, month=month
        ).exists():
            services.published_growth_create(
                actor=officer,
                kind=kind,
                period=period,
                year=year,
                month=month,
                value_pct=value,
                source=source,
                source_url=url,
            )
            created["published"] += 1
    created.update(base_years=1, basket_products=counts["created"], quantities=imported["rows"])
    return created
