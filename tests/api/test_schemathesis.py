"""Property-based tests of every GET operation against the published OpenAPI schema.

Schemathesis generates requests from /api/schema/ and sends them to the WSGI app in-process;
no response may be a server error, and every documented JSON response must match the schema.
"""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error, response_schema_conformance

from tests.factories import sample_knowledge

schema = schemathesis.openapi.from_wsgi("/api/schema/", get_wsgi_application()).include(
    method="GET"
)


@pytest.fixture
def knowledge(db):
    # Requests go through the real WSGI handler, which closes database connections when a
    # request starts and ends; inside the test's transaction that would close it under the
    # test (as Django's own test client avoids too).
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield sample_knowledge()
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@schema.parametrize()
@settings(
    max_examples=20,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_get_operations_conform_to_the_schema(case, knowledge):
    case.call_and_validate(checks=[not_a_server_error, response_schema_conformance])
