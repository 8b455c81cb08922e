"""Schemathesis over the whole OpenAPI document, as each kind of API client: an officer's
token, an enterprise representative's token, no token, and hostile Authorization headers.
Parameters are generated valid and invalid (hypothesis text includes NUL, surrogate-free
Unicode, huge numbers); every answer must be no server error and exactly what the document
declares (status, content type, headers, body, the error shape included).

CI runs a bounded, derandomised number of examples per operation and client; ``make soak``
sets ``CHULUC_FUZZ_EXAMPLES`` for a longer run."""

from __future__ import annotations

import os

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings

from tests.api.conftest import roomy_rate_limit, token_secret  # noqa: F401 - autouse fixture
from tests.api.schema_checks import (  # noqa: F401 - the fixture is used by name
    CHECKS,
    generated_cases,
    keep_the_test_connection,
    known_cases,
)
from tests.factories.decisions import decided
from tests.security.corpus import FUZZ_EXAMPLES

# The API's answers do not depend on the database: CI fuzzes it in the SQLite suite once
# (``CHULUC_FUZZ_EXAMPLES``, under make soak, runs it on any backend).
pytestmark = pytest.mark.skipif(
    os.environ.get("DATABASE_URL", "").startswith(("postgres", "pgsql"))
    and not os.environ.get("CHULUC_FUZZ_EXAMPLES"),
    reason="database-independent: run in the SQLite suite (and under make soak)",
)

EXAMPLES = FUZZ_EXAMPLES or 8
FUZZ = hypothesis_settings(
    max_examples=EXAMPLES,
    deadline=None,
    database=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
)
OPERATIONS = 13
HOSTILE_AUTHORIZATION = [
    "",
    "Bearer",
    "Bearer ",
    "Bearer chl_" + "a" * 10_000,
    "Bearer chl_\x00\x01",
    "Bearer ' OR '1'='1",
    "Bearer <script>alert(1)</script>",
    "Basic b2ZmaWNlcjpwYXNzd29yZA==",
    "bearer chl_sai",
    "Bearer chl_sai Bearer chl_sai",
    "Bearer Ä\xff\xfe",
]


@pytest.fixture
def world(officer, rep_a, enterprise_a):
    """The API tests' world: a decided campaign, so generated ids can hit real records."""
    return decided(officer=officer, rep=rep_a, enterprise=enterprise_a)


@pytest.fixture
def schema(settings):
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "localhost"]
    return schemathesis.openapi.from_wsgi("/api/v1/openapi.json", WSGIHandler())


def _operations(schema) -> list:
    return [result.ok() for result in schema.get_all_operations()]


@pytest.mark.usefixtures("keep_the_test_connection")
@pytest.mark.parametrize("client_kind", ["officer", "representative", "anonymous"])
def test_generated_requests_never_fail_and_conform(world, officer, rep_a, schema, client_kind):
    user = {"officer": officer, "representative": rep_a, "anonymous": None}[client_kind]
    headers = {"Authorization": f"Bearer {token_secret(user)}"} if user else {}
    operations = _operations(schema)
    sent = 0
    for operation in operations:
        for case in known_cases(operation, world):
            case.call_and_validate(headers=headers, checks=CHECKS)
            sent += 1

        @given(case=generated_cases(operation))
        @FUZZ
        def conforms(case):
            nonlocal sent
            sent += 1
            case.call_and_validate(headers=headers, checks=CHECKS)

        conforms()
    assert len(operations) == OPERATIONS
    assert sent >= OPERATIONS * 2


@pytest.mark.usefixtures("keep_the_test_connection")
def test_hostile_authorization_headers_are_refused_in_the_error_shape(world, schema):
    checked = []
    for operation in _operations(schema):
        for case in known_cases(operation, world):
            for value in HOSTILE_AUTHORIZATION:
                response = case.call_and_validate(headers={"Authorization": value}, checks=CHECKS)
                secured = bool(operation.definition.raw.get("security"))
                checked.append((operation.label, response.status_code if secured else 200))
                if secured:
                    assert response.status_code == 401, (operation.label, value, response.text)
    assert len(checked) == OPERATIONS * len(HOSTILE_AUTHORIZATION)
