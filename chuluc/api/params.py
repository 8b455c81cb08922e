"""Query and path parameters, bounded so every value the schema allows is a value the
database can take (ids within 64 bits, codes as slugs, years as years)."""

from typing import Literal

from ninja import Path, Schema
from pydantic import Field

MAX_ID = 2**63 - 1
SLUG = r"^[-a-zA-Z0-9_]{1,40}$"

Id = Path[int, {"ge": 1, "le": MAX_ID}]
CertificateNumber = Path[str, {"pattern": r"^[-A-Za-z0-9]{1,40}$"}]

Year = Field(None, ge=1990, le=2100, description="Năm công nhận.")
Top = Field(None, description="true: thuộc nhóm Top; false: không thuộc nhóm Top.")
Search = Field(
    None, max_length=100, description="Tìm theo tên (có dấu hoặc không dấu) hoặc mã số thuế."
)
Fdi = Field(None, description="true: doanh nghiệp có vốn đầu tư nước ngoài; false: còn lại.")
DistrictCode = Field(None, pattern=SLUG, description="Mã quận/huyện/thị xã.")


class ProductFilters(Schema):
    year: int | None = Year
    industry_group: str | None = Field(None, pattern=SLUG, description="Mã nhóm ngành.")
    district: str | None = DistrictCode
    top: bool | None = Top
    fdi: bool | None = Fdi
    q: str | None = Search


class RecognitionFilters(Schema):
    year: int | None = Year
    top: bool | None = Top
    status: Literal["valid", "expiring", "expired", "revoked", "superseded"] | None = Field(
        None,
        description=(
            "Hiệu lực hôm nay: valid, expiring (còn hiệu lực, sắp hết hạn), expired, revoked, "
            "superseded."
        ),
    )


class EnterpriseFilters(Schema):
    district: str | None = DistrictCode
    fdi: bool | None = Fdi
    q: str | None = Search


class OpenDataFilters(Schema):
    decision: int | None = Field(None, ge=1, le=MAX_ID, description="Mã quyết định.")


DossierStatusCode = Literal[
    "draft",
    "submitted",
    "returned",
    "eligible",
    "ineligible",
    "scored",
    "passed",
    "failed",
    "published",
    "recognised",
    "withdrawn",
]


class DossierFilters(Schema):
    status: DossierStatusCode | None = Field(None, description="Trạng thái hồ sơ.")
