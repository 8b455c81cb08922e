import io
from decimal import Decimal

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from chuluc.campaigns.criteria_io import parse_yaml, spec_to_yaml, validate_spec
from chuluc.campaigns.models import CriteriaSet
from chuluc.campaigns.selectors import criteria_set_spec, default_program, scorer_codes
from chuluc.campaigns.services import (
    campaign_update,
    criteria_set_freeze,
    criteria_set_import,
)
from chuluc.core.errors import ApplicationError
from tests.factories.campaigns import VALID_CRITERIA, make_campaign


def _upload(text: str, name="bo.yaml"):
    return SimpleUploadedFile(name, text.encode("utf-8"))


def test_builtin_set_is_an_assumption_totalling_100(db):
    criteria_set = CriteriaSet.objects.get(program=default_program(), version=1)
    spec = criteria_set_spec(pk=criteria_set.pk)
    assert criteria_set.is_assumption is True
    assert sum(c.max_points for c in spec.criteria()) == Decimal(100)
    assert [c.code for c in spec.criteria()] == ["K1", "K2", "K3", "K4", "K5", "K6", "K7"]
    assert validate_spec(spec, scorers=scorer_codes()) == []


def test_valid_import_becomes_a_new_version(officer):
    criteria_set = criteria_set_import(
        actor=officer, program=default_program(), upload=_upload(VALID_CRITERIA)
    )
    assert criteria_set.version == 2
    assert [c.code for g in criteria_set.groups.all() for c in g.criteria.all()] == ["K1", "K2"]


def test_points_that_do_not_add_up_are_refused_with_the_sum(officer):
    with pytest.raises(ApplicationError) as info:
        criteria_set_import(
            actor=officer,
            program=default_program(),
            upload=_upload(VALID_CRITERIA.replace("max_points: 40", "max_points: 30")),
        )
    assert (
        "Tổng điểm tối đa của các tiêu chí là 90, không bằng tổng điểm của bộ tiêu chí (100)"
        in info.value.message
    )
    assert CriteriaSet.objects.count() == 1


def test_overlapping_bands_are_refused(officer):
    text = VALID_CRITERIA.replace(
        "{lower: 100, upper: null, points: 60}", "{lower: 90, upper: null, points: 60}"
    )
    with pytest.raises(ApplicationError) as info:
        criteria_set_import(actor=officer, program=default_program(), upload=_upload(text))
    assert "K1: các mức điểm chồng lên nhau ([−∞, 100) và [90, +∞))" in info.value.message
    assert CriteriaSet.objects.count() == 1


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("scorer: so-khcn, ", "", "K2 do Hội đồng chấm nhưng chưa phân công"),
        ("scorer: so-khcn", "scorer: so-khong-co", "“so-khong-co” không có trong danh mục"),
        ("points: 60}", "points: 70}", "mức điểm 70 nằm ngoài 0..60"),
        ("metric: revenue_latest_bn", "metric: doanh_thu", "chỉ số “doanh_thu” không hợp lệ"),
        ("code: K2", "code: K1", "Mã tiêu chí “K1” bị trùng"),
        (
            "{lower: null, upper: 100, points: 20}",
            "{lower: 100, upper: 50, points: 20}",
            "cận dưới không nhỏ hơn cận trên",
        ),
    ],
)
def test_every_reason_is_reported(officer, old, new, message):
    with pytest.raises(ApplicationError) as info:
        criteria_set_import(
            actor=officer,
            program=default_program(),
            upload=_upload(VALID_CRITERIA.replace(old, new)),
        )
    assert message in info.value.message


def test_broken_yaml_is_refused_clearly(officer):
    with pytest.raises(ApplicationError, match="Tệp YAML"):
        criteria_set_import(
            actor=officer, program=default_program(), upload=_upload("name: [unclosed")
        )


def test_xlsx_import(officer):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Tiêu chí"
    sheet.append(
        [
            "Mã nhóm",
            "Tên nhóm",
            "Mã tiêu chí",
            "Tên tiêu chí",
            "Điểm tối đa",
            "Loại",
            "Chỉ số",
            "Người chấm",
            "Hướng dẫn",
        ]
    )
    sheet.append(["A", "Quy mô", "K1", "Doanh thu", 60, "tính", "revenue_latest_bn", "", ""])
    sheet.append(["B", "Công nghệ", "K2", "Công nghệ", 40, "chấm", "", "so-khcn", ""])
    bands = workbook.create_sheet("Mức điểm")
    bands.append(["Mã tiêu chí", "Từ (≥)", "Đến (<)", "Điểm"])
    bands.append(["K1", None, 100, 20])
    bands.append(["K1", 100, None, 60])
    buffer = io.BytesIO()
    workbook.save(buffer)
    criteria_set = criteria_set_import(
        actor=officer,
        program=default_program(),
        upload=SimpleUploadedFile("bo.xlsx", buffer.getvalue()),
        name="Bộ từ bảng tính",
    )
    assert criteria_set.name == "Bộ từ bảng tính"
    k1 = criteria_set.groups.get(code="A").criteria.get(code="K1")
    assert [(b.lower, b.upper, b.points) for b in k1.bands.order_by("points")] == [
        (None, Decimal(100), Decimal(20)),
        (Decimal(100), None, Decimal(60)),
    ]


def test_export_imports_back_unchanged(officer):
    original = CriteriaSet.objects.get(version=1)
    spec = criteria_set_spec(pk=original.pk)
    again = parse_yaml(spec_to_yaml(spec).encode())
    assert again == spec


def test_old_version_stays_with_the_campaigns_that_used_it(officer):
    campaign = make_campaign(year=2025)
    old = campaign.criteria_set
    criteria_set_freeze(old)
    new = criteria_set_import(
        actor=officer, program=default_program(), upload=_upload(VALID_CRITERIA)
    )
    campaign.refresh_from_db()
    assert campaign.criteria_set == old
    with pytest.raises(Exception, match="đã được dùng để chấm điểm"):
        campaign_update(actor=officer, campaign=campaign, criteria_set=new)
    assert make_campaign(year=2026).criteria_set == new


def test_criteria_import_page_shows_reasons(client, officer):
    client.force_login(officer)
    response = client.post(
        "/bo-tieu-chi/nhap/",
        {"file": _upload(VALID_CRITERIA.replace("max_points: 40", "max_points: 30"))},
    )
    assert response.status_code == 200
    assert "không bằng tổng điểm" in response.content.decode()
    response = client.post("/bo-tieu-chi/nhap/", {"file": _upload(VALID_CRITERIA)})
    new = CriteriaSet.objects.get(version=2)
    assert response["Location"] == f"/bo-tieu-chi/{new.pk}/"


def test_only_officers_import_criteria(client, rep_a):
    client.force_login(rep_a)
    assert client.post("/bo-tieu-chi/nhap/", {"file": _upload(VALID_CRITERIA)}).status_code == 403
    assert CriteriaSet.objects.count() == 1
