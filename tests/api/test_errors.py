"""One pinned error shape: every 4xx the API answers is {"detail", "code"} and nothing else,
and the OpenAPI document declares it for every error status of every operation."""

import json

import pytest
from django.test import RequestFactory
from ninja.errors import AuthorizationError, HttpError

from chuluc.api.api import api
from chuluc.api.errors import CODES
from chuluc.core.errors import ApplicationError
from tests.api.conftest import API, bearer, token_secret

ERROR_KEYS = {"detail", "code"}


def assert_error(response, status: int) -> dict:
    assert response.status_code == status
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert set(body) == ERROR_KEYS
    assert body["code"] == CODES[status]
    assert isinstance(body["detail"], str)
    assert body["detail"].strip()
    return body


def test_error_schema_is_exactly_detail_and_code(client, db):
    schema = client.get(f"{API}/openapi.json").json()

    error = schema["components"]["schemas"]["ErrorOut"]

    assert set(error["properties"]) == ERROR_KEYS
    assert set(error["required"]) == ERROR_KEYS
    assert error["additionalProperties"] is False
    assert error["properties"]["code"]["enum"] == list(CODES.values())


def test_every_error_status_of_every_operation_is_documented_with_the_error_schema(client, db):
    schema = client.get(f"{API}/openapi.json").json()

    undocumented = []
    for path, item in schema["paths"].items():
        operation = item["get"]
        secured = bool(operation.get("security"))
        expected = {"422"} | ({"401", "403"} if secured else {"429"})
        if "{" in path:
            expected.add("404")
        statuses = {s for s in operation["responses"] if s.startswith("4")}
        if statuses != expected:
            undocumented.append((path, sorted(statuses), sorted(expected)))
        for status in statuses:
            ref = operation["responses"][status]["content"]["application/json"]["schema"]["$ref"]
            if ref != "#/components/schemas/ErrorOut":
                undocumented.append((path, status, ref))

    assert undocumented == []


def test_missing_token_is_401_with_a_bearer_challenge(client, db):
    response = client.get(f"{API}/campaigns")

    body = assert_error(response, 401)
    assert "Authorization: Bearer" in body["detail"]
    assert response["WWW-Authenticate"] == 'Bearer realm="api"'


@pytest.mark.parametrize(
    "header", ["Token abc", "Bearer", "Bearer chl_short", "Basic b2ZmaWNlcjpzZWNyZXQ="]
)
def test_malformed_or_wrong_authorization_is_401(client, db, header):
    assert_error(client.get(f"{API}/campaigns", HTTP_AUTHORIZATION=header), 401)


def test_forbidden_is_403_in_the_shape(client, world, rep_a):
    url = f"{API}/campaigns/{world['campaign'].pk}/ranking"

    body = assert_error(client.get(url, **bearer(token_secret(rep_a))), 403)

    assert body["detail"] == "Bạn không có quyền truy cập dữ liệu này."


def test_missing_object_is_404_in_the_shape(client, db):
    assert_error(client.get(f"{API}/products/987654"), 404)


@pytest.mark.parametrize(
    "path", ["/api/", "/api/v1/", "/api/v1/khong-co", "/api/v2/products", "/api/v1/products/"]
)
def test_unknown_address_under_api_is_404_in_the_shape(client, db, path):
    body = assert_error(client.get(path), 404)

    assert body["detail"] == "Không có địa chỉ này trong API."


@pytest.mark.parametrize(
    ("path", "query", "field"),
    [
        ("/products/abc", {}, "product_id"),
        ("/products/0", {}, "product_id"),
        ("/products", {"year": "hai nghìn"}, "year"),
        ("/products", {"industry_group": "co khi/che tao"}, "industry_group"),
        ("/recognitions", {"status": "con-hieu-luc"}, "status"),
        ("/products", {"offset": -1}, "offset"),
        ("/certificates/SPCNCL 2026", {}, "number"),
    ],
)
def test_invalid_parameter_is_422_naming_the_parameter(client, db, path, query, field):
    body = assert_error(client.get(API + path, query), 422)

    assert body["detail"] == f"Tham số không hợp lệ: {field}."


def test_business_error_is_400_in_the_shape(db):
    request = RequestFactory().get(f"{API}/products")

    response = api.on_exception(request, ApplicationError("Không thể thực hiện (thử)."))

    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/json")
    assert json.loads(response.content) == {
        "detail": "Không thể thực hiện (thử).",
        "code": "bad_request",
    }


# Throttling ----------------------------------------------------------------------------------


def test_public_endpoints_throttle_per_address_at_the_configured_rate(client, db, settings):
    settings.API_PUBLIC_RATE = "2/m"

    answered = [client.get(f"{API}/products").status_code for _ in range(2)]
    throttled = client.get(f"{API}/recognitions")
    elsewhere = client.get(f"{API}/products", REMOTE_ADDR="203.0.113.9")

    assert answered == [200, 200]
    body = assert_error(throttled, 429)
    assert body["detail"].startswith("Quá nhiều yêu cầu.")
    assert 1 <= int(throttled["Retry-After"]) <= 60
    assert elsewhere.status_code == 200


def test_throttle_reads_the_rate_at_request_time(client, db, settings):
    settings.API_PUBLIC_RATE = "1/m"
    assert client.get(f"{API}/products").status_code == 200
    assert client.get(f"{API}/products").status_code == 429

    settings.API_PUBLIC_RATE = "5/m"

    assert client.get(f"{API}/products").status_code == 200


def test_token_endpoints_are_not_held_by_the_public_rate(client, db, settings, officer):
    settings.API_PUBLIC_RATE = "1/m"
    auth = bearer(token_secret(officer))

    answered = [client.get(f"{API}/campaigns", **auth).status_code for _ in range(3)]

    assert answered == [200, 200, 200]


@pytest.mark.parametrize(
    ("exc", "status", "detail"),
    [
        (HttpError(400, "Cannot parse request body"), 400, "Yêu cầu không hợp lệ."),
        (AuthorizationError(), 403, "Bạn không có quyền truy cập dữ liệu này."),
        (HttpError(404, "Not Found"), 404, "Không tìm thấy dữ liệu yêu cầu."),
    ],
)
def test_ninja_http_errors_keep_the_shape_and_a_vietnamese_message(db, exc, status, detail):
    response = api.on_exception(RequestFactory().get(f"{API}/products"), exc)

    assert response.status_code == status
    assert json.loads(response.content) == {"detail": detail, "code": CODES[status]}
