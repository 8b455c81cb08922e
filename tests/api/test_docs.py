"""The schema and the browsable documentation: served by this site, no CDN."""

import re

import pytest

from chuluc.api.docs import ASSETS
from tests.api.conftest import API


def test_openapi_document_is_public_json(client, db):
    response = client.get(f"{API}/openapi.json")

    assert response.status_code == 200
    schema = response.json()
    assert schema["info"]["title"] == "Chủ Lực API"
    assert schema["info"]["version"] == "1"
    assert schema["components"]["securitySchemes"] == {
        "TokenAuth": {"type": "http", "scheme": "bearer"}
    }


def test_docs_page_loads_every_asset_from_this_site(client, db):
    response = client.get(f"{API}/docs")

    assert response.status_code == 200
    html = response.content.decode()
    references = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert references
    assert [r for r in references if r.startswith(("http:", "https:", "//"))] == []
    assert f"{API}/docs/tep/swagger-ui-bundle.js" in references
    assert f"{API}/openapi.json" in html
    assert '"validatorUrl": null' in html  # no badge fetched from validator.swagger.io


@pytest.mark.parametrize("name", sorted(ASSETS))
def test_docs_assets_come_from_the_installed_package(client, db, name):
    response = client.get(f"{API}/docs/tep/{name}")

    assert response.status_code == 200
    assert response["Content-Type"] == ASSETS[name]
    assert b"".join(response.streaming_content)


def test_unknown_docs_asset_is_404(client, db):
    response = client.get(f"{API}/docs/tep/settings.py")

    assert response.status_code == 404
    assert response.json()["code"] == "not_found"
