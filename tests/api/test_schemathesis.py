"""Property-based tests of the API against its published OpenAPI schema, with every check.

Schemathesis generates requests from /api/schema/ (valid ones and, for each parameter and field,
invalid ones) and sends them to the WSGI app in-process. Every built-in check runs: no server
error, every status, content type, header and body as documented, invalid input refused and
valid input accepted, undeclared methods answered 405, credentials required exactly where the
schema says. ``schemathesis.toml`` at the repository root holds the few expected statuses
OpenAPI cannot express, each with its reason.

Two runs: every operation anonymously (reads are public, writes must be refused), and the write
operations with an editor's token. Both are bounded (few examples per operation, deterministic)
so that together they take well under two minutes; the long runs against a served demo are in
docs/api.md.
"""

from pathlib import Path

import pytest
import schemathesis
from django.contrib.auth.models import Group, User
from django.core.cache import cache
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from rest_framework.authtoken.models import Token
from schemathesis.config import SchemathesisConfig

from apps.core.roles import EDITORS, roles_setup
from tests.factories import sample_knowledge

CONFIG = SchemathesisConfig.from_path(Path(__file__).parents[2] / "schemathesis.toml")
# Each generated operation is bounded in examples (BOUNDED) and in time.
pytestmark = pytest.mark.timeout(180)

schema = schemathesis.openapi.from_wsgi("/api/schema/", get_wsgi_application(), config=CONFIG)
writes = schema.exclude(method=["GET", "HEAD", "OPTIONS"])

BOUNDED = settings(
    max_examples=8,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=list(HealthCheck),
)


@pytest.fixture
def knowledge(db, settings, tmp_path):
    # Requests go through the real WSGI handler, which closes database connections when a
    # request starts and ends; inside the test's transaction that would close it under the
    # test (as Django's own test client avoids too).
    settings.INGESTION_UPLOAD_DIR = tmp_path
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    cache.clear()
    try:
        yield sample_knowledge()
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@pytest.fixture
def editor_token(knowledge) -> str:
    roles_setup()
    editor = User.objects.create_user("editor", password="pw")
    editor.groups.add(Group.objects.get(name=EDITORS))
    return Token.objects.create(user=editor).key


@schema.parametrize()
@BOUNDED
def test_every_operation_anonymously(case, knowledge):
    case.call_and_validate()


@writes.parametrize()
@BOUNDED
def test_write_operations_with_an_editors_token(case, editor_token):
    case.call_and_validate(headers={"Authorization": f"Token {editor_token}"})
