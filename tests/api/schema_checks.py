"""The schemathesis machinery the API's conformance test (tests/api/test_schema.py) and the
fuzzing of the API (tests/security/test_fuzz_api.py) share: the checks every answer must
pass, the cases that hit existing records, the generated cases, and the fixture that keeps
the test's database connection open under a bare WSGI handler."""

import pytest
import schemathesis
from django.core import signals
from django.db import close_old_connections
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]


def known_cases(operation, world) -> list:
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


def generated_cases(operation):
    """Valid parameters and invalid ones (those must be refused in the error shape). A
    path parameter holding "/" would be routed to another operation by the server's URL
    decoding, so such negative cases are left out."""
    negative = operation.as_strategy(generation_mode=schemathesis.GenerationMode.NEGATIVE)
    return operation.as_strategy() | negative.filter(
        lambda case: not any("/" in str(v) for v in (case.path_parameters or {}).values())
    )


@pytest.fixture
def keep_the_test_connection():
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
