"""What the API answers with. Public schemas name public facts only (never contacts,
representatives, dossier figures, scores or comments); every schema forbids extra keys, so
the OpenAPI document says exactly what a response holds."""

import datetime as dt
from typing import Literal

from ninja import Schema
from pydantic import ConfigDict, Field

from chuluc.api.selectors import snapshot_urls
from chuluc.decisions.enums import Title, Validity
from chuluc.decisions.selectors import validity

ValidityCode = Literal["valid", "expiring", "expired", "revoked", "superseded"]
TitleCode = Literal["spcncl", "top"]


class Out(Schema):
    # Documented as closed objects (schemathesis then fails on any undeclared key). Not
    # ``extra="forbid"``: ninja would validate the raw model instance before its resolvers.
    model_config = ConfigDict(json_schema_extra={"additionalProperties": False})


# --------------------------------------------------------------------------- references


class CodeName(Out):
    code: str
    name: str


class DecisionRef(Out):
    id: int
    number: str = Field(description="Số quyết định công nhận.")
    signed_on: dt.date


class ProductRef(Out):
    id: int
    name: str


class EnterpriseRef(Out):
    id: int
    name: str
    tax_code: str | None


class CertificateRef(Out):
    number: str
    title: TitleCode
    title_label: str

    @staticmethod
    def resolve_title_label(obj) -> str:
        return str(Title(obj.title).label)


def _status(recognition) -> str:
    return str(validity(recognition))


def _status_label(recognition) -> str:
    return str(Validity(validity(recognition)).label)


class RecognitionRef(Out):
    id: int
    year: int
    top: bool
    status: ValidityCode
    valid_until: dt.date
    decision_number: str

    @staticmethod
    def resolve_status(obj) -> str:
        return _status(obj)

    @staticmethod
    def resolve_decision_number(obj) -> str:
        return obj.decision.number


# --------------------------------------------------------------------------- public


class ProductOut(Out):
    id: int
    name: str
    industry_group: CodeName | None
    enterprise: EnterpriseRef
    is_demo: bool = Field(description="Dữ liệu mẫu (hư cấu, để trình diễn).")
    recognitions: list[RecognitionRef]

    @staticmethod
    def resolve_recognitions(obj) -> list:
        return obj.public_recognitions


class EnterpriseOut(Out):
    id: int
    name: str
    tax_code: str | None
    district: CodeName | None
    ownership: str = Field(description="state, private, collective, fdi hoặc rỗng.")
    fdi: bool
    website: str
    is_demo: bool = Field(description="Dữ liệu mẫu (hư cấu, để trình diễn).")
    products: list[ProductRef] = Field(description="Các sản phẩm đã được công nhận.")

    @staticmethod
    def resolve_fdi(obj) -> bool:
        return obj.is_fdi

    @staticmethod
    def resolve_products(obj) -> list:
        return obj.public_products


class RecognitionOut(Out):
    id: int
    year: int
    top: bool
    status: ValidityCode
    status_label: str
    valid_from: dt.date
    valid_until: dt.date
    decision: DecisionRef
    product: ProductRef
    enterprise: EnterpriseRef
    certificates: list[CertificateRef]
    renewal_of: int | None = Field(description="Công nhận trước được công nhận lại.")

    @staticmethod
    def resolve_status(obj) -> str:
        return _status(obj)

    @staticmethod
    def resolve_status_label(obj) -> str:
        return _status_label(obj)

    @staticmethod
    def resolve_certificates(obj) -> list:
        return list(obj.certificates.all())

    @staticmethod
    def resolve_renewal_of(obj) -> int | None:
        return obj.renewal_of_id


class CertificateOut(Out):
    number: str
    title: TitleCode
    title_label: str
    status: ValidityCode
    status_label: str
    issued_on: dt.date
    recognition_id: int
    year: int
    valid_from: dt.date
    valid_until: dt.date
    product: ProductRef
    enterprise: EnterpriseRef
    decision: DecisionRef

    @staticmethod
    def resolve_title_label(obj) -> str:
        return str(Title(obj.title).label)

    @staticmethod
    def resolve_status(obj) -> str:
        return _status(obj.recognition)

    @staticmethod
    def resolve_status_label(obj) -> str:
        return _status_label(obj.recognition)

    @staticmethod
    def resolve_year(obj) -> int:
        return obj.recognition.year

    @staticmethod
    def resolve_valid_from(obj) -> dt.date:
        return obj.recognition.valid_from

    @staticmethod
    def resolve_valid_until(obj) -> dt.date:
        return obj.recognition.valid_until

    @staticmethod
    def resolve_product(obj):
        return obj.recognition.product

    @staticmethod
    def resolve_enterprise(obj):
        return obj.recognition.enterprise

    @staticmethod
    def resolve_decision(obj):
        return obj.recognition.decision


class OpenDataOut(Out):
    id: int
    decision: DecisionRef
    year: int
    version: int
    created_at: dt.datetime
    reason: str
    rows: int
    csv_url: str
    json_url: str
    xlsx_url: str
    metadata_url: str

    @staticmethod
    def resolve_year(obj) -> int:
        return obj.decision.campaign.year

    @staticmethod
    def resolve_csv_url(obj) -> str:
        return snapshot_urls(obj)["csv"]

    @staticmethod
    def resolve_json_url(obj) -> str:
        return snapshot_urls(obj)["json"]

    @staticmethod
    def resolve_xlsx_url(obj) -> str:
        return snapshot_urls(obj)["xlsx"]

    @staticmethod
    def resolve_metadata_url(obj) -> str:
        return snapshot_urls(obj)["metadata"]


# --------------------------------------------------------------------------- with a token


class CampaignRef(Out):
    id: int
    year: int
    name: str


class CampaignOut(Out):
    id: int
    year: int
    name: str
    program: str
    status: str
    status_label: str
    registration_opens: dt.datetime
    registration_closes: dt.datetime
    pass_mark: float
    top_n: int
    validity_months: int

    @staticmethod
    def resolve_program(obj) -> str:
        return obj.program.name

    @staticmethod
    def resolve_status_label(obj) -> str:
        return str(obj.get_status_display())


class DossierSummaryOut(Out):
    id: int
    campaign_id: int
    status: str
    status_label: str
    track: str
    is_renewal: bool
    submitted_at: dt.datetime | None
    product: ProductRef
    enterprise: EnterpriseRef

    @staticmethod
    def resolve_status_label(obj) -> str:
        return str(obj.get_status_display())


class FiguresOut(Out):
    year: int
    revenue_vnd: int | None = Field(description="Doanh thu sản phẩm (đồng).")
    production_value_vnd: int | None = Field(description="Giá trị sản xuất (đồng).")
    export_usd: int | None = Field(description="Kim ngạch xuất khẩu (USD).")
    employees: int | None


class DossierOut(DossierSummaryOut):
    campaign: CampaignRef
    figures: list[FiguresOut]

    @staticmethod
    def resolve_figures(obj) -> list:
        return list(obj.figures.all())


class RankingRowOut(Out):
    rank: int
    dossier_id: int
    product: ProductRef
    enterprise: EnterpriseRef
    total: float = Field(description="Tổng điểm (đã tổng hợp theo quy tắc của đợt).")
    passed: bool
    top: bool
    needs_vote: bool = Field(
        description="Còn đồng hạng sau tiêu chí ưu tiên và thứ tự quyết định một vị trí Top N "
        "hoặc việc đạt điểm đạt: chờ Hội đồng biểu quyết (đồng hạng khác không cần)."
    )

    @staticmethod
    def resolve_product(obj):
        return obj.dossier.product

    @staticmethod
    def resolve_enterprise(obj):
        return obj.dossier.enterprise
