"""The dossier form's figures grid: a figure refused names its row and year, its input is
marked invalid and keeps what was typed, on the page and in an autosave answer."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from chuluc.campaigns import services
from chuluc.registry.enums import ProductTrack
from tests.factories.registry import ProductFactory

MESSAGE = (
    "Doanh thu sản phẩm năm 2025: “12,5 tỷ” không phải là số — nhập số đồng, ví dụ 12500000000."
)


@pytest.fixture
def dossier(rep_a, campaign, enterprise_a):
    product = ProductFactory(enterprise=enterprise_a, track=ProductTrack.OTHER)
    return services.dossier_create(actor=rep_a, campaign=campaign, product=product)


def _post(client, dossier, **figures):
    data = {"track": ProductTrack.OTHER, **figures}
    return client.post(reverse("campaigns:dossier_edit", args=[dossier.pk]), data, **_htmx(False))


def _htmx(on: bool) -> dict:
    return {"headers": {"HX-Request": "true", "HX-Target": "autosave"}} if on else {}


def _input(html: str, name: str) -> str:
    return re.search(rf'<input[^>]*name="{name}"[^>]*>', html).group(0)


def test_a_refused_figure_names_its_row_and_year_and_keeps_the_typed_value(client, rep_a, dossier):
    client.force_login(rep_a)

    response = _post(client, dossier, revenue_vnd_2025="12,5 tỷ", employees_2024="-3")

    html = response.content.decode()
    assert response.status_code == 200
    cell = _input(html, "revenue_vnd_2025")
    assert 'aria-invalid="true"' in cell
    assert 'value="12,5 tỷ"' in cell
    assert 'aria-describedby="id_revenue_vnd_2025_error"' in cell
    beside = re.search(r'id="id_revenue_vnd_2025_error">\s*<p>([^<]*)</p>', html).group(1)
    assert beside == MESSAGE
    # every refused figure at once, each linked from the summary to its input
    assert f'<a href="#id_revenue_vnd_2025">{MESSAGE}</a>' in html
    assert "Số lao động năm 2024: số liệu không được âm" in html
    assert 'href="#id_employees_2024"' in html
    assert 'aria-invalid="true"' not in _input(html, "revenue_vnd_2024")
    assert dossier.figures.get(year=2025).revenue_vnd is None


def test_autosave_marks_the_refused_cell_and_unmarks_it_once_fixed(client, rep_a, dossier):
    client.force_login(rep_a)
    url = reverse("campaigns:dossier_edit", args=[dossier.pk])

    refused = client.post(
        url,
        {"track": ProductTrack.OTHER, "revenue_vnd_2025": "12,5 tỷ", "figures_marked": ""},
        **_htmx(True),
    ).content.decode()

    assert 'id="cell-id_revenue_vnd_2025"' in refused
    assert 'hx-swap-oob="true"' in refused
    assert 'aria-invalid="true"' in _input(refused, "revenue_vnd_2025")
    assert MESSAGE in refused
    assert 'value="revenue_vnd_2025"' in refused  # the page now lists it as marked
    assert "cell-id_revenue_vnd_2024" not in refused  # other cells are left alone

    fixed = client.post(
        url,
        {
            "track": ProductTrack.OTHER,
            "revenue_vnd_2025": "12500000000",
            "figures_marked": "revenue_vnd_2025",
        },
        **_htmx(True),
    ).content.decode()

    assert 'id="cell-id_revenue_vnd_2025"' in fixed
    assert 'aria-invalid="true"' not in _input(fixed, "revenue_vnd_2025")
    assert "không phải là số" not in fixed
    assert dossier.figures.get(year=2025).revenue_vnd == 12500000000
