"""Build test spreadsheets in memory."""

import csv
import io

import openpyxl
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.factories.registry import valid_tax_code

VI_HEADER = [
    "Mã số thuế",
    "Tên doanh nghiệp",
    "Tên viết tắt",
    "Loại hình sở hữu",
    "Mã ngành VSIC",
    "Quận/huyện",
    "Địa chỉ",
]


def enterprise_rows(n: int, start: int = 0) -> list[list[str]]:
    owners = ["Tư nhân", "Nhà nước", "FDI", "Tập thể"]
    districts = ["Cầu Giấy", "Đông Anh", "quận Hoàn Kiếm", "ha dong"]
    return [
        [
            valid_tax_code(start + i),
            f"Công ty CP Nhập Thử {start + i}",
            f"NT{start + i}",
            owners[i % 4],
            "2740",
            districts[i % 4],
            f"Số {i} phố Thử",
        ]
        for i in range(n)
    ]


def xlsx_upload(header, rows, name="doanh-nghiep.xlsx") -> SimpleUploadedFile:
    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet("Doanh nghiệp")
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue())


def csv_upload(
    header, rows, name="doanh-nghiep.csv", delimiter=",", encoding="utf-8"
) -> SimpleUploadedFile:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter)
    writer.writerow(header)
    writer.writerows(rows)
    return SimpleUploadedFile(name, buffer.getvalue().encode(encoding))
