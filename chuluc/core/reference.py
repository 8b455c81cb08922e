"""The agencies that take part in the program, loaded by a data migration
(``core/migrations/0002_agencies.py``). They are data: officers add or rename agencies in the
back office when the city reorganises its departments."""

# Agencies that take part (spcncl.md §0, §1.2; the assignment of criteria is [I]):
# (code, name, short name, lead agency of the program).
AGENCIES = [
    ("so-cong-thuong", "Sở Công Thương Hà Nội", "SCT", True),
    ("so-khcn", "Sở Khoa học và Công nghệ Hà Nội", "Sở KH&CN", False),
    ("so-tnmt", "Sở Tài nguyên và Môi trường Hà Nội", "Sở TN&MT", False),
    ("so-khdt", "Sở Kế hoạch và Đầu tư Hà Nội", "Sở KH&ĐT", False),
    ("so-tai-chinh", "Sở Tài chính Hà Nội", "Sở Tài chính", False),
    ("cuc-thue", "Cục Thuế thành phố Hà Nội", "Cục Thuế", False),
]
