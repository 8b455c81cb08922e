"""Fictional names for demo data. Tax codes start with 99, a prefix no Vietnamese tax
authority issues, so a demo firm can never share a real firm's number."""

from __future__ import annotations

import random

from chuluc.registry.validators import tax_code_check_digit

FORMS = ["Công ty CP", "Công ty TNHH", "Công ty TNHH MTV", "Tổng công ty", "Hợp tác xã"]
THEMES = {
    "co-khi": (
        ["Cơ khí", "Chế tạo máy", "Kết cấu thép", "Khuôn mẫu"],
        [
            "Trục cán thép",
            "Máy đóng gói tự động",
            "Khuôn ép nhựa chính xác",
            "Bồn inox công nghiệp",
            "Van công nghiệp",
        ],
    ),
    "dien-dien-tu": (
        ["Điện tử", "Thiết bị điện", "Chiếu sáng", "Dây cáp"],
        [
            "Bóng đèn LED công nghiệp",
            "Dây cáp điện hạ thế",
            "Tủ điện điều khiển",
            "Bảng mạch in",
            "Ổn áp",
        ],
    ),
    "cntt": (
        ["Phần mềm", "Giải pháp số", "Công nghệ"],
        [
            "Phần mềm kế toán",
            "Nền tảng quản lý sản xuất",
            "Thiết bị IoT giám sát",
            "Phần mềm hóa đơn điện tử",
        ],
    ),
    "det-may-da-giay": (
        ["May mặc", "Dệt", "Giày da"],
        ["Áo sơ mi xuất khẩu", "Vải kỹ thuật", "Giày thể thao", "Đồng phục bảo hộ"],
    ),
    "nong-san-thuc-pham": (
        ["Thực phẩm", "Chế biến nông sản", "Đồ uống"],
        ["Sữa chua lên men", "Bánh quy bơ", "Nước khoáng", "Gạo đóng gói", "Mì ăn liền"],
    ),
    "hoa-chat-nhua-duoc": (
        ["Nhựa", "Hóa chất", "Dược phẩm", "Sơn"],
        ["Ống nhựa HDPE", "Sơn nước nội thất", "Viên nang thảo dược", "Bao bì màng ghép"],
    ),
    "vat-lieu-xay-dung": (
        ["Vật liệu xây dựng", "Gạch ốp lát", "Kính"],
        ["Gạch ốp lát granite", "Kính cường lực", "Tấm thạch cao", "Bê tông đúc sẵn"],
    ),
    "thu-cong-my-nghe": (
        ["Mây tre", "Gốm", "Sơn mài"],
        ["Giỏ mây tre đan", "Bình gốm men lam", "Tranh sơn mài", "Đồ gỗ mỹ nghệ"],
    ),
}
PLACES = [
    "Hồng Hà",
    "Tràng An",
    "Thăng Long",
    "Sông Đà",
    "Ba Vì",
    "Tây Hồ",
    "Phù Đổng",
    "Kinh Bắc",
    "Hoàng Long",
    "Minh Phát",
    "An Khánh",
    "Phúc Thịnh",
    "Đông Đô",
    "Bình Minh",
    "Việt Hưng",
    "Nam Thăng",
    "Hưng Thịnh",
    "Trường Sơn",
    "Kim Ngưu",
    "Long Hải",
    "Thành Công",
    "Quang Minh",
]
SUFFIX = "(mẫu)"


def demo_tax_code(rng: random.Random, used: set[str]) -> str:
    while True:
        first_nine = "99" + f"{rng.randrange(10**7):07d}"
        check = tax_code_check_digit(first_nine)
        code = f"{first_nine}{check}" if check is not None else ""
        if code and code not in used:
            used.add(code)
            return code


def demo_enterprise_name(rng: random.Random, group: str, used: set[str]) -> str:
    words, _products = THEMES[group]
    while True:
        name = f"{rng.choice(FORMS)} {rng.choice(words)} {rng.choice(PLACES)} {SUFFIX}"
        if name in used:
            name = f"{rng.choice(FORMS)} {rng.choice(words)} {rng.choice(PLACES)} {rng.randint(2, 99)} {SUFFIX}"
        if name not in used:
            used.add(name)
            return name
