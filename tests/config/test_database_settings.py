"""PostgreSQL binds parameters on the server and prepares statements a connection repeats, so
a list's page query is planned once per connection; DATABASE_PREPARE_THRESHOLD=0 turns that off
(for a pooler in transaction mode), and SQLite has neither."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

REPO = Path(__file__).resolve().parent.parent.parent


def options(**env) -> dict:
    code = (
        "import json, django; django.setup()\n"
        "from django.conf import settings\n"
        "print(json.dumps(settings.DATABASES['default'].get('OPTIONS', {})))\n"
    )
    environ = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.local"}
    environ.pop("DATABASE_PREPARE_THRESHOLD", None)
    environ.update(env)
    done = subprocess.run(
        [sys.executable, "-c", code],
        cwd=REPO,
        env=environ,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_postgresql_prepares_what_a_connection_repeats():
    url = "postgres://someone@db.example:5432/idlib"
    assert options(DATABASE_URL=url) == {"server_side_binding": True, "prepare_threshold": 2}
    assert options(DATABASE_URL=url, DATABASE_PREPARE_THRESHOLD="5")["prepare_threshold"] == 5
    assert options(DATABASE_URL=url, DATABASE_PREPARE_THRESHOLD="0") == {}


def test_sqlite_has_no_such_options():
    assert options(DATABASE_URL="sqlite:///demo.sqlite3") == {"timeout": 30}


@pytest.mark.django_db
def test_a_repeated_page_query_is_prepared_on_postgresql(client):
    if connection.vendor != "postgresql":
        pytest.skip("prepared statements are PostgreSQL's")
    for _ in range(3):
        assert client.get("/api/v1/events/", {"date_after": "2019-01-01"}).status_code == 200
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        prepared = [row[0] for row in cursor.fetchall()]
    assert any('FROM "events_event"' in statement for statement in prepared), prepared
