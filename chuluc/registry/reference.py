"""Reference lists loaded by a data migration. They are data: officers may add or rename
entries in the back office when the city reorganises its units or the program its groups."""

# Hanoi's 30 district-level units before the 2025 reorganisation (12 quận, 1 thị xã, 17 huyện).
HANOI_DISTRICTS = [
    ("ba-dinh", "Ba Đình", "Quận"),
    ("hoan-kiem", "Hoàn Kiếm", "Quận"),
    ("tay-ho", "Tây Hồ", "Quận"),
    ("long-bien", "Long Biên", "Quận"),
    ("cau-giay", "Cầu Giấy", "Quận"),
    ("dong-da", "Đống Đa", "Quận"),
    ("hai-ba-trung", "Hai Bà Trưng", "Quận"),
    ("hoang-mai", "Hoàng Mai", "Quận"),
    ("thanh-xuan", "Thanh Xuân", "Quận"),
    ("nam-tu-liem", "Nam Từ Liêm", "Quận"),
    ("bac-tu-liem", "Bắc Từ Liêm", "Quận"),
    ("ha-dong", "Hà Đông", "Quận"),
    ("son-tay", "Sơn Tây", "Thị xã"),
    ("ba-vi", "Ba Vì", "Huyện"),
    ("phuc-tho", "Phúc Thọ", "Huyện"),
    ("dan-phuong", "Đan Phượng", "Huyện"),
    ("hoai-duc", "Hoài Đức", "Huyện"),
    ("quoc-oai", "Quốc Oai", "Huyện"),
    ("thach-that", "Thạch Thất", "Huyện"),
    ("chuong-my", "Chương Mỹ", "Huyện"),
    ("thanh-oai", "Thanh Oai", "Huyện"),
    ("thuong-tin", "Thường Tín", "Huyện"),
    ("phu-xuyen", "Phú Xuyên", "Huyện"),
    ("ung-hoa", "Ứng Hòa", "Huyện"),
    ("my-duc", "Mỹ Đức", "Huyện"),
    ("soc-son", "Sóc Sơn", "Huyện"),
    ("dong-anh", "Đông Anh", "Huyện"),
    ("gia-lam", "Gia Lâm", "Huyện"),
    ("me-linh", "Mê Linh", "Huyện"),
    ("thanh-tri", "Thanh Trì", "Huyện"),
]

# The 8 reporting groups of 2022 (spcncl.md §4, [C] S10, S11).
INDUSTRY_GROUPS = [
    ("co-khi", "Cơ khí, chế tạo"),
    ("dien-dien-tu", "Điện, điện tử"),
    ("cntt", "Công nghệ thông tin"),
    ("det-may-da-giay", "Dệt may, da giày"),
    ("nong-san-thuc-pham", "Chế biến nông sản, thực phẩm"),
    ("hoa-chat-nhua-duoc", "Hóa chất, cao su, nhựa, dược phẩm"),
    ("vat-lieu-xay-dung", "Vật liệu xây dựng"),
    ("thu-cong-my-nghe", "Thủ công mỹ nghệ"),
]

# English names of the groups, shown when a page is in English.
INDUSTRY_GROUPS_EN = {
    "co-khi": "Mechanical engineering and manufacturing",
    "dien-dien-tu": "Electrical and electronic equipment",
    "cntt": "Information technology",
    "det-may-da-giay": "Textiles, garments, leather and footwear",
    "nong-san-thuc-pham": "Agricultural and food processing",
    "hoa-chat-nhua-duoc": "Chemicals, rubber, plastics and pharmaceuticals",
    "vat-lieu-xay-dung": "Construction materials",
    "thu-cong-my-nghe": "Handicrafts",
}
# A unit's kind in English, after its name without diacritics ("Son Tay Town").
DISTRICT_KINDS_EN = {"Quận": "District", "Huyện": "District", "Thị xã": "Town"}
