"""Schemathesis drives every operation of the OpenAPI document in-process (WSGI) with
generated parameters, valid and invalid, with an officer's token, and checks that nothing
answers 5xx and that every answer (status, content type, headers, body, including the 4xx
error bodies) is what the document declares."""

import pytest
import schemathesis
from django.core import signals
from django.core.handlers.wsgi import WSGIHandler
from django.db import close_old_connections
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.api.conftest import token_secret

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]
EXAMPLES = hypothesis_settings(
    max_examples=25,
    deadline=None,
    database=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
)


def _known_cases(operation, world) -> list:
    """Cases that hit existing records, so the 200 bodies are checked too (generated ids
    rarely exist)."""
    recognition = world["decision"].recognitions.order_by("rank").first()
    values = {
        "product_id": recognition.product_id,
        "recognition_id": recognition.pk,
        "enterprise_id": recognition.enterprise_id,
        "number": recognition.certificates.first().number,
        "campaign_id": world["campaign"].pk,
        "dossier_id": recognition.dossier_id,
    }
    names = [p.name for p in operation.path_parameters]
    return [operation.Case(path_parameters={n: values[n] for n in names})]


def _strategy(operation):
    """Valid parameters and invalid ones (those must be refused in the error shape). A
    path parameter holding "/" would be routed to another operation by the server's URL
    decoding, so such negative cases are left out."""
    negative = operation.as_strategy(generation_mode=schemathesis.GenerationMode.NEGATIVE)
    return operation.as_strategy() | negative.filter(
        lambda case: not any("/" in str(v) for v in (case.path_parameters or {}).values())
    )


@pytest.fixture
def _keep_the_test_connection():
    """A bare WSGI handler sends ``request_finished``, whose ``close_old_connections`` would
    close the test's connection inside its transaction (PostgreSQL then fails every later
    query); Django's own test client disconnects it the same way."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


@pytest.mark.usefixtures("_keep_the_test_connection")
def test_every_operation_conforms_to_the_schema(world, officer, settings):
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "localhost"]
    # What chuluc.config.wsgi serves, built now: middleware reads the test's settings (plain
    # HTTP) when the handler is created.
    application = WSGIHandler()
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)
    headers = {"Authorization": f"Bearer {token_secret(officer)}"}

    operations = [result.ok() for result in schema.get_all_operations()]
    for operation in operations:
        for case in _known_cases(operation, world):
            response = case.call_and_validate(headers=headers, checks=CHECKS)
            assert response.status_code == 200, (operation.label, response.text)

        @given(case=_strategy(operation))
        @EXAMPLES
        def conforms(case):
            case.call_and_validate(headers=headers, checks=CHECKS)

        conforms()

    assert len(operations) == 13
