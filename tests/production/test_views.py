"""Production index pages: who may open each URL of the namespace, the officer's uploads
(the report of a refused file with its lines, nothing stored), the index page (fixed number
of queries at 12 and 36 months, published figures beside and labelled), the XLSX export."""

from __future__ import annotations

import io
from decimal import Decimal

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from chuluc.production import selectors, services, tables
from chuluc.production import urls as production_urls
from chuluc.production.enums import BaseYearStatus, GrowthKind, GrowthPeriod
from chuluc.production.models import BasketProduct, MonthlyQuantity, PublishedGrowth
from chuluc.statistics import round_half_up
from tests.access import (
    LEADER,
    OFFICER,
    assert_table_covers,
    cast,
    check_row,
    url_of,
)
from tests.factories.production import (
    basket_book,
    loaded,
    quantities_book,
    quantity_rows,
    upload,
    with_months,
)
from tests.production.access_table import TABLE


def test_table_covers_every_pattern():
    assert_table_covers(production_urls.urlpatterns, TABLE)


@pytest.fixture
def world(officer, rep_a, rep_b, leader, outsider, council_member, product_a):
    return {
        "base_year": with_months(officer, 14, key_product=product_a),
        "users": cast(
            outsider=outsider,
            rep_a=rep_a,
            rep_b=rep_b,
            council_member=council_member,
            leader=leader,
            officer=officer,
        ),
    }


@pytest.mark.parametrize("name", sorted(TABLE))
def test_who_may_open_each_page(world, client, subtests, name):
    check_row(
        client,
        subtests,
        url=url_of("production", name, TABLE[name], world),
        outcomes=TABLE[name].methods["GET"],
        users=world["users"],
    )


def test_leader_cannot_write(world, client):
    client.force_login(world["users"][LEADER])
    detail = reverse("production:base_year_detail", args=[world["base_year"].pk])
    assert client.post(detail, {"action": "pull", "year": "2022"}).status_code == 403
    assert client.post(reverse("production:base_years"), {"year": "2025"}).status_code == 403
    assert client.post(reverse("production:published"), {"kind": "x"}).status_code == 403


def test_refused_quantities_file_shows_report_and_stores_nothing(world, client):
    client.force_login(world["users"][OFFICER])
    rows = quantity_rows(2, first_year=2023, codes=("P1",))
    rows[1]["unit"] = "kg"
    rows.append({**rows[0], "code": "KHONGCO"})
    before = list(MonthlyQuantity.objects.values_list("pk", "quantity"))
    response = client.post(
        reverse("production:quantities_upload", args=[world["base_year"].pk]),
        {"file": upload(quantities_book(rows))},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Tệp có 2 lỗi; chưa lưu dữ liệu nào." in html
    assert [(e["line"], e["column"]) for e in response.context["errors"]] == [
        (3, "Đơn vị tính"),
        (4, "Mã sản phẩm"),
    ]
    assert "Mã sản phẩm “KHONGCO” không có trong rổ của năm gốc." in html
    assert list(MonthlyQuantity.objects.values_list("pk", "quantity")) == before


def test_officer_creates_loads_and_activates_base_year(world, client):
    client.force_login(world["users"][OFFICER])
    response = client.post(reverse("production:base_years"), {"year": "2025", "source_note": "x"})
    new = world["base_year"].__class__.objects.get(year=2025)
    assert response["Location"] == reverse("production:base_year_detail", args=[new.pk])
    response = client.post(
        reverse("production:basket_upload", args=[new.pk]), {"file": upload(basket_book())}
    )
    assert response.status_code == 302
    assert BasketProduct.objects.filter(base_year=new).count() == 4
    detail = reverse("production:base_year_detail", args=[new.pk])
    client.post(detail, {"action": "activate"})
    new.refresh_from_db()
    assert new.status == BaseYearStatus.ACTIVE
    response = client.post(
        reverse("production:basket_upload", args=[new.pk]), {"file": upload(basket_book())}
    )
    assert "không sửa được rổ sản phẩm" in response.content.decode()


def _count(client) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(reverse("production:index"))
    assert response.status_code == 200
    return len(ctx)


def test_index_page_queries_same_at_12_and_36_months(client, officer, leader):
    client.force_login(leader)
    base_year = with_months(officer, 12)
    at_12 = _count(client)
    base_year.status = BaseYearStatus.RETIRED  # out of the page's choice
    base_year.save(update_fields=["status"])
    with_months(officer, 36)
    at_36 = _count(client)
    response = client.get(reverse("production:index"))
    assert (at_12, at_36, len(response.context["data"].months)) == (at_12, at_12, 36)


def test_index_shows_computed_and_published_apart(client, officer, leader, product_a):
    base_year = with_months(officer, 21, key_product=product_a)
    services.published_growth_create(
        actor=officer,
        kind=GrowthKind.VALUE_ADDED,
        period=GrowthPeriod.YEAR_TO_DATE,
        year=2022,
        month=9,
        value_pct=Decimal("3.93"),
        source="Báo Đầu tư",
    )
    services.published_growth_create(
        actor=officer,
        kind=GrowthKind.IIP_PUBLISHED,
        period=GrowthPeriod.YEAR_TO_DATE,
        year=2022,
        month=9,
        value_pct=Decimal("2.6"),
        source="Vietnamplus",
    )
    client.force_login(leader)
    response = client.get(
        reverse("production:index") + f"?goc={base_year.pk}&thang=2022-09&so_sanh=ytd"
    )
    html = response.content.decode()
    assert response.context["month"] == "2022-09"
    published = {p["item"].kind: p["computed"] for p in response.context["published"]}
    ytd = selectors.load_iip(base_year).result.ytd("total")[0, 20] - 100
    assert published == {GrowthKind.VALUE_ADDED: None, GrowthKind.IIP_PUBLISHED: pytest.approx(ytd)}
    assert "Tăng trưởng giá trị tăng thêm ngành công nghiệp" in html
    assert "không so sánh: khác loại chỉ tiêu" in html
    assert "Chỉ số tính toán từ sản lượng trong hệ thống" in html
    assert "Kiểm tra: tổng đóng góp của hai nhóm bằng tăng/giảm của toàn ngành." in html
    assert "vendor/chartjs/chart.umd.min.js" in html and "cdn" not in html.lower()
    assert response.context["chart"]["months"][-1] == "2022-09"


def test_export_opens_and_has_the_figures(client, officer, leader, product_a):
    base_year = with_months(officer, 24, key_product=product_a)
    client.force_login(leader)
    response = client.get(reverse("production:export") + "?thang=2022-12&so_sanh=yoy")
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('2020v1-2022-12.xlsx"')
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["Chỉ số IIP", "Đóng góp", "Sản phẩm gắn cờ", "Số liệu đã công bố"]
    data = selectors.load_iip(base_year)
    rows = list(book["Chỉ số IIP"].iter_rows(values_only=True))
    total_dec = next(r for r in rows if r[0] == "Toàn ngành" and r[3] == "2022-12")
    assert total_dec[4] == float(round_half_up(data.result.index("total")[0, 23], 2))
    assert total_dec[6] == float(round_half_up(data.result.yoy("total")[0, 23], 2))
    assert len(rows) == 1 + 24 * (1 + 2 + 2 + 3)
    contrib = list(book["Đóng góp"].iter_rows(values_only=True))
    expected = tables.contributions(data, 23, "yoy", "A")
    assert [r[2] for r in contrib[1:3]] == [
        float(round_half_up(g["contribution"], 2)) for g in expected["groups"]
    ]
    assert [r[0] for r in book["Sản phẩm gắn cờ"].iter_rows(values_only=True)][1:] == ["P4"]


def test_published_page_officer_enters_figure(client, officer, leader):
    client.force_login(officer)
    data = {
        "kind": GrowthKind.VALUE_ADDED,
        "period": GrowthPeriod.YEAR_TO_DATE,
        "year": "2023",
        "month": "9",
        "scope": "",
        "value_pct": "3,93",
        "source": "Báo Đầu tư",
        "source_url": "https://baodautu.vn/x",
    }
    assert client.post(reverse("production:published"), data).status_code == 302
    assert PublishedGrowth.objects.get().value_pct == Decimal("3.93")
    response = client.post(reverse("production:published"), data)
    assert "Số liệu này (cùng loại, kỳ và phạm vi) đã có." in response.content.decode()
    client.force_login(leader)
    html = client.get(reverse("production:published")).content.decode()
    assert "Tăng trưởng giá trị tăng thêm ngành công nghiệp" in html and "Xóa" not in html


def test_navigation_item_for_internal_users_only(client, leader, rep_a):
    client.force_login(leader)
    assert "Chỉ số sản xuất" in client.get(reverse("core:dashboard")).content.decode()
    client.force_login(rep_a)
    assert "Chỉ số sản xuất" not in client.get(reverse("core:dashboard")).content.decode()


def test_empty_states(client, officer):
    client.force_login(officer)
    assert "Chưa có năm gốc nào." in client.get(reverse("production:index")).content.decode()
    loaded(officer)
    assert "chưa có sản lượng tháng nào" in client.get(reverse("production:index")).content.decode()
    response = client.get(reverse("production:export"))
    assert response["Location"] == reverse("production:index")


def test_quantities_template_stops_at_current_month(client, officer):
    base_year = loaded(officer)
    client.force_login(officer)
    today = timezone.localdate()
    response = client.get(
        reverse("production:quantities_template", args=[base_year.pk]) + f"?nam={today.year}"
    )
    rows = list(
        openpyxl.load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True)
    )
    assert rows[0][:4] == ("Mã sản phẩm", "Tên sản phẩm", "Tháng", "Sản lượng")
    assert len(rows) == 1 + 4 * today.month
    assert max(r[2] for r in rows[1:]) == f"{today:%Y-%m}"
