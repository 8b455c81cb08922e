"""Open data of a recognition decision, its format: the recognised list as it stands, as
rows, as files (CSV for Excel, JSON, XLSX) and a DCAT-style metadata record. Each version is
published by ``services.snapshot_publish`` after the decision is entered and after every
revocation; the portal serves every version at its own URL."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation

from chuluc.core.spreadsheets import write_csv, write_xlsx
from chuluc.core.text import nfc
from chuluc.decisions.enums import Title, Validity
from chuluc.decisions.models import Decision, Recognition
from chuluc.decisions.selectors import recognitions, validity

PUBLISHER = "Sở Công Thương Hà Nội"
PUBLISHER_URL = "https://congthuong.hanoi.gov.vn"
LICENSE_URL = "https://creativecommons.org/licenses/by/4.0/"
LICENSE_TITLE = "Creative Commons Ghi công 4.0 Quốc tế (CC BY 4.0)"
KEYWORDS = [
    "sản phẩm công nghiệp chủ lực",
    "SPCNCL",
    "Hà Nội",
    "công nghiệp",
    "công nhận",
    "Sở Công Thương",
]


@dataclass(frozen=True)
class Column:
    name: str
    title: str
    kind: str  # JSON type of the value: string, integer, boolean, date


#: The columns of every file, in order; names are stable (consumers key on them).
COLUMNS = (
    Column("nam", "Năm công nhận", "integer"),
    Column("so_quyet_dinh", "Số quyết định công nhận", "string"),
    Column("ngay_quyet_dinh", "Ngày ký quyết định", "date"),
    Column("thu_hang", "Thứ hạng", "integer"),
    Column("san_pham", "Tên sản phẩm", "string"),
    Column("doanh_nghiep", "Tên doanh nghiệp", "string"),
    Column("ma_so_thue", "Mã số thuế", "string"),
    Column("quan_huyen", "Quận/huyện/thị xã", "string"),
    Column("nhom_nganh", "Nhóm ngành", "string"),
    Column("top", "Thuộc nhóm Top", "boolean"),
    Column("so_chung_nhan", "Số giấy chứng nhận SPCNCL", "string"),
    Column("so_chung_nhan_top", "Số giấy chứng nhận Top", "string"),
    Column("hieu_luc_tu", "Hiệu lực từ", "date"),
    Column("hieu_luc_den", "Hiệu lực đến", "date"),
    Column("tinh_trang", "Tình trạng (mã)", "string"),
    Column("tinh_trang_mo_ta", "Tình trạng", "string"),
    Column("quyet_dinh_thu_hoi", "Quyết định thu hồi", "string"),
    Column("du_lieu_mau", "Dữ liệu mẫu (hư cấu)", "boolean"),
)
HEADER = [c.name for c in COLUMNS]

#: Format → (file name, media type); the URLs and the served content types follow it.
FILES = {
    "csv": ("danh-sach.csv", "text/csv"),
    "json": ("danh-sach.json", "application/json"),
    "xlsx": ("danh-sach.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
}


def content_type(fmt: str) -> str:
    """The Content-Type a file of this format is served with (text is UTF-8)."""
    media_type = FILES[fmt][1]
    return f"{media_type}; charset=utf-8" if media_type.startswith("text/") else media_type


def _row(recognition: Recognition, on: dt.date) -> dict[str, Any]:
    numbers = {c.title: c.number for c in recognition.certificates.all()}
    status = validity(recognition, on=on)
    enterprise, product = recognition.enterprise, recognition.product
    return {
        "nam": recognition.year,
        "so_quyet_dinh": recognition.decision.number,
        "ngay_quyet_dinh": recognition.decision.signed_on.isoformat(),
        "thu_hang": recognition.rank,
        "san_pham": nfc(product.name),
        "doanh_nghiep": nfc(enterprise.name),
        "ma_so_thue": enterprise.tax_code or "",
        "quan_huyen": str(enterprise.district) if enterprise.district_id else "",
        "nhom_nganh": product.industry_group.name if product.industry_group_id else "",
        "top": recognition.top,
        "so_chung_nhan": numbers.get(Title.SPCNCL, ""),
        "so_chung_nhan_top": numbers.get(Title.TOP, ""),
        "hieu_luc_tu": recognition.valid_from.isoformat(),
        "hieu_luc_den": recognition.valid_until.isoformat(),
        "tinh_trang": str(status),
        "tinh_trang_mo_ta": str(Validity(status).label),
        "quyet_dinh_thu_hoi": recognition.revoked_decision,
        "du_lieu_mau": bool(product.is_demo or enterprise.is_demo),
    }


def snapshot_rows(decision: Decision, *, on: dt.date) -> list[dict[str, Any]]:
    """The decision's recognised list as it stands, one row per recognition, with each
    recognition's validity on ``on``. Only public facts."""
    with translation.override("vi"):
        return [
            _row(r, on) for r in recognitions().filter(decision=decision).order_by("rank", "id")
        ]


def _text_cells(row: dict[str, Any]) -> list[Any]:
    """CSV cells: booleans as ``true``/``false``, as in the JSON file."""
    return [str(v).lower() if isinstance(v, bool) else v for v in row.values()]


def render_files(rows: list[dict[str, Any]], *, year: int) -> dict[str, bytes]:
    """The three data files: CSV (UTF-8 with BOM, for Excel), JSON (a list of records) and
    XLSX (one sheet; cells that look like formulas are kept as text)."""
    return {
        "csv": write_csv(HEADER, (_text_cells(r) for r in rows)),
        "json": json.dumps(rows, ensure_ascii=False, indent=2).encode("utf-8"),
        "xlsx": write_xlsx(HEADER, (list(r.values()) for r in rows), title=f"SPCNCL {year}"),
    }


def _absolute(name: str, **kwargs: Any) -> str:
    return settings.SITE_URL + reverse(f"portal:{name}", kwargs=kwargs)


def snapshot_urls(decision_id: int, version: int) -> dict[str, str]:
    """The stable download URLs of one version (what the portal serves)."""
    urls = {
        fmt: _absolute("opendata_file", decision_pk=decision_id, version=version, fmt=fmt)
        for fmt in FILES
    }
    urls["metadata"] = _absolute("opendata_metadata", decision_pk=decision_id, version=version)
    return urls


def _dataset_title(decision: Decision) -> str:
    title = nfc(decision.campaign.program.title)
    title = title[:1].lower() + title[1:]
    return f"Danh sách {title} năm {decision.campaign.year}"


def build_metadata(
    *,
    decision: Decision,
    version: int,
    reason: str,
    created_at: dt.datetime,
    issued: dt.datetime,
    rows: list[dict[str, Any]],
    files: dict[str, bytes],
    on: dt.date | None = None,
) -> dict[str, Any]:
    """A DCAT-style record of one version: what it is, who publishes it under which
    licence, where its files are, and their checksums; ``on``, the day whose states the rows
    tell (the day it was made unless given)."""
    year = decision.campaign.year
    urls = snapshot_urls(decision.pk, version)
    signed = decision.signed_on
    on = on or timezone.localdate(created_at)
    return {
        "@type": "dcat:Dataset",
        "identifier": f"spcncl-ha-noi-{year}-qd-{decision.pk}",
        "title": _dataset_title(decision),
        "description": (
            f"Các sản phẩm được công nhận theo Quyết định số {decision.number} ngày "
            f"{signed:%d/%m/%Y} của Ủy ban nhân dân thành phố Hà Nội: doanh nghiệp, mã số "
            f"thuế, nhóm ngành, nhóm Top, số giấy chứng nhận, thời hạn và tình trạng hiệu lực "
            f"của từng công nhận tại ngày {on:%d/%m/%Y}."
        ),
        "publisher": {"@type": "foaf:Organization", "name": PUBLISHER, "url": PUBLISHER_URL},
        "issued": timezone.localtime(issued).replace(microsecond=0).isoformat(),
        "modified": timezone.localtime(created_at).replace(microsecond=0).isoformat(),
        "version": version,
        "versionNotes": reason,
        "license": LICENSE_URL,
        "licenseTitle": LICENSE_TITLE,
        "accessRights": "public",
        "language": ["vi"],
        "keyword": KEYWORDS,
        "spatial": "Hà Nội",
        "temporal": {"year": year, "startDate": f"{year}-01-01", "endDate": f"{year}-12-31"},
        "landingPage": settings.SITE_URL + reverse("portal:opendata"),
        "decision": {
            "number": decision.number,
            "signedOn": signed.isoformat(),
            "signer": decision.signer_name,
            "signerTitle": decision.signer_title,
        },
        "statusDate": on.isoformat(),
        "rows": len(rows),
        "demoRows": sum(1 for r in rows if r["du_lieu_mau"]),
        "columns": [{"name": c.name, "title": c.title, "type": c.kind} for c in COLUMNS],
        "distribution": [
            {
                "@type": "dcat:Distribution",
                "title": f"{_dataset_title(decision)} ({fmt.upper()}, phiên bản {version})",
                "format": fmt.upper(),
                "mediaType": FILES[fmt][1],
                "downloadURL": urls[fmt],
                "byteSize": len(files[fmt]),
                "checksum": {
                    "algorithm": "sha256",
                    "checksumValue": hashlib.sha256(files[fmt]).hexdigest(),
                },
            }
            for fmt in FILES
        ],
        "metadataURL": urls["metadata"],
    }
