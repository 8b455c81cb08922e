"""Schemathesis drives every operation of the OpenAPI document in-process (WSGI) with
generated parameters, valid and invalid, with an officer's token, and checks that nothing
answers 5xx and that every answer (status, content type, headers, body, including the 4xx
error bodies) is what the document declares."""

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings

from tests.api.conftest import token_secret
from tests.api.schema_checks import (  # noqa: F401 - the fixture is used by name
    CHECKS,
    generated_cases,
    keep_the_test_connection,
    known_cases,
)

EXAMPLES = hypothesis_settings(
    max_examples=25,
    deadline=None,
    database=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
)


@pytest.mark.usefixtures("keep_the_test_connection")
def test_every_operation_conforms_to_the_schema(world, officer, settings):
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "localhost"]
    # What chuluc.config.wsgi serves, built now: middleware reads the test's settings (plain
    # HTTP) when the handler is created.
    application = WSGIHandler()
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)
    headers = {"Authorization": f"Bearer {token_secret(officer)}"}

    operations = [result.ok() for result in schema.get_all_operations()]
    for operation in operations:
        for case in known_cases(operation, world):
            response = case.call_and_validate(headers=headers, checks=CHECKS)
            assert response.status_code == 200, (operation.label, response.text)

        @given(case=generated_cases(operation))
        @EXAMPLES
        def conforms(case):
            case.call_and_validate(headers=headers, checks=CHECKS)

        conforms()

    assert len(operations) == 13
