"""Statements prepared once per connection (apps/core/plan_cache.py) give the rows the plain
SQL gives, are prepared once, and are prepared again when the server has lost them.

Prepared statements are only made in autocommit, so the PostgreSQL tests here run outside a
test transaction (``transaction=True``)."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection, transaction

from apps.core import plan_cache
from apps.events.selectors import EVENT_LIST_STATEMENTS
from tests.core.test_compiled import DAY, events  # noqa: F401 (a fixture)
from tests.factories import ActorFactory

SQL = "SELECT id, name FROM actors_actor WHERE id >= %s AND name LIKE '%%' ORDER BY id"


def statements_on_server() -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM pg_prepared_statements")
        return {name for (name,) in cursor.fetchall()}


def plain(sql, params):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def executed(run) -> tuple[object, list[str]]:
    ran = []

    def record(execute, sql, params, many, context):
        ran.append(sql.split()[0].upper())
        return execute(sql, params, many, context)

    with connection.execute_wrapper(record):
        result = run()
    return result, ran


@pytest.fixture
def postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("statements are prepared on PostgreSQL")
    connection.ensure_connection()
    plan_cache._statements_of(connection.connection).clear()
    with connection.cursor() as cursor:
        cursor.execute("DEALLOCATE ALL")


@pytest.mark.django_db(transaction=True)
def test_a_statement_is_prepared_once_and_gives_the_plain_rows(postgres_only):
    first = ActorFactory().pk
    ActorFactory.create_batch(2)
    rows, ran = executed(lambda: plan_cache.fetch_all("default", SQL, [first]))
    assert rows == plain(SQL, [first]) and len(rows) == 3
    assert ran == ["PREPARE", "EXECUTE"]
    assert len(statements_on_server()) == 1
    rows, ran = executed(lambda: plan_cache.fetch_all("default", SQL, [first + 1]))
    assert rows == plain(SQL, [first + 1]) and len(rows) == 2
    assert ran == ["EXECUTE"]


@pytest.mark.django_db(transaction=True)
def test_a_statement_the_server_lost_is_prepared_again(postgres_only):
    first = ActorFactory().pk
    plan_cache.fetch_all("default", SQL, [first])
    with connection.cursor() as cursor:
        cursor.execute("DEALLOCATE ALL")  # what a pooler's reset does
    rows, ran = executed(lambda: plan_cache.fetch_all("default", SQL, [first]))
    assert rows == plain(SQL, [first])
    assert ran == ["EXECUTE", "DEALLOCATE", "SELECT"]
    rows, ran = executed(lambda: plan_cache.fetch_all("default", SQL, [first]))
    assert ran == ["PREPARE", "EXECUTE"] and rows == plain(SQL, [first])


@pytest.mark.django_db(transaction=True)
def test_sql_that_cannot_be_prepared_runs_as_it_is(postgres_only):
    untyped = "SELECT %s IS NULL"  # the server cannot tell the parameter's type
    rows, ran = executed(lambda: plan_cache.fetch_all("default", untyped, [None]))
    assert rows == [(True,)] and ran == ["PREPARE", "SELECT"]
    rows, ran = executed(lambda: plan_cache.fetch_all("default", untyped, ["y"]))
    assert rows == [(False,)] and ran == ["SELECT"]  # not tried twice
    assert statements_on_server() == set()


@pytest.mark.django_db(transaction=True)
def test_a_connection_keeps_the_most_recently_used_statements(postgres_only, monkeypatch):
    monkeypatch.setattr(plan_cache, "MAX_PER_CONNECTION", 2)
    first = ActorFactory().pk
    for limit in (1, 2, 3):
        plan_cache.fetch_all("default", f"{SQL} LIMIT {limit}", [first])
    known = plan_cache._statements_of(connection.connection)
    assert list(known) == [f"{SQL} LIMIT 2", f"{SQL} LIMIT 3"]
    assert statements_on_server() == set(known.values())


@pytest.mark.django_db(transaction=True)
def test_nothing_is_prepared_when_turned_off(postgres_only, settings):
    settings.DATABASE_PREPARED_PAGES = False
    first = ActorFactory().pk
    rows, ran = executed(lambda: plan_cache.fetch_all("default", SQL, [first]))
    assert ran == ["SELECT"] and rows == plain(SQL, [first])
    assert statements_on_server() == set()


@pytest.mark.django_db
def test_nothing_is_prepared_inside_a_transaction():
    first = ActorFactory().pk
    with transaction.atomic():
        rows, ran = executed(lambda: plan_cache.fetch_all("default", SQL, [first]))
    assert ran == ["SELECT"] and rows == plain(SQL, [first])


def orm_page(api, params):
    """The page without templates (nor prepared statements), leaving the templates kept."""
    get, seen = EVENT_LIST_STATEMENTS.get, EVENT_LIST_STATEMENTS.seen
    EVENT_LIST_STATEMENTS.get = lambda db, shape: None
    EVENT_LIST_STATEMENTS.seen = lambda db, shape: True
    try:
        return api.get("/api/v1/events/", params).json()
    finally:
        EVENT_LIST_STATEMENTS.get, EVENT_LIST_STATEMENTS.seen = get, seen


@pytest.mark.django_db(transaction=True)
def test_a_prepared_first_page_is_the_orms_page(api, events, postgres_only):  # noqa: F811
    """The events list's first pages, bound into the shape's template and run prepared (more
    than five times, so that the server may take its generic plan), answer what the ORM
    answers."""
    actors, places, _ = events
    later = (DAY + datetime.timedelta(days=70)).isoformat()
    asked = [
        {"actor": actors[i % 3].pk, "date_after": (DAY, later)[i % 2], "page_size": 4}
        for i in range(8)
    ] + [{"place": places[i % 2].pk, "ordering": "-source_count"} for i in range(7)]
    EVENT_LIST_STATEMENTS.clear()
    for params in asked:
        params = {
            k: (v.isoformat() if isinstance(v, datetime.date) else v) for k, v in params.items()
        }
        answer = api.get("/api/v1/events/", params).json()
        assert answer["results"]
        assert answer == orm_page(api, params), params
    assert len(statements_on_server()) == 2  # one per shape, on this connection
