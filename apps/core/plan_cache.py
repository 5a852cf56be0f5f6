"""Statements PostgreSQL prepares once per connection, so that it may stop planning them.

A list's first page at a million rows takes PostgreSQL about as long to plan (around 1 ms for
the events page, with its subqueries of actors and evidence) as a third of its execution.
A statement made with ``PREPARE`` is planned for its values on each of its first five
executions; from then on PostgreSQL (``plan_cache_mode = auto``, its default) keeps one
generic plan for every value when that plan is estimated to cost no more than the ones made
for the values, and otherwise goes on planning per value. The database decides, per
statement, from the statement's own costs: the events page of one actor in a date window
gets a generic plan (planning 1.0 -> 0.04 ms, the same execution time), an actor's timeline
in date order does not.

``fetch_all(db, sql, params)`` runs ``sql`` (Django's ``%s`` placeholders) as a prepared
statement of the connection it runs on and returns its rows. Statements are prepared only
where a failure cannot spoil a transaction: in autocommit, as a request's reads are. Inside a
transaction, or where PREPARE fails (a parameter whose type the statement does not fix), the
SQL runs as it is. A connection keeps at most ``MAX_PER_CONNECTION`` statements, the least
recently used deallocated first; a statement the server no longer has (a pooler that reset
the session) is prepared again.

``DATABASE_PREPARED_PAGES = False`` turns it off: behind a pooler in transaction mode a
connection's statements would land on server sessions it no longer holds.

Only for SQL whose text stands for a bounded set of statements (a list's shapes, one page
size): each distinct text is one statement on the server.
"""

from __future__ import annotations

import re
from collections import OrderedDict

from django.conf import settings
from django.db import DatabaseError, connections

MAX_PER_CONNECTION = 64
_PLACEHOLDER = re.compile(r"%%|%s")
# The server has no such statement (26000), or cannot keep its plan after a change of the
# tables (0A000, "cached plan must not change result type").
_LOST = {"26000", "0A000"}


def fetch_all(db: str, sql: str, params) -> list[tuple]:
    """The rows of ``sql`` with ``params``, run as a prepared statement on PostgreSQL in
    autocommit; run as it is elsewhere."""
    connection = connections[db]
    params = list(params)
    if (
        connection.vendor != "postgresql"
        or connection.in_atomic_block
        or not settings.DATABASE_PREPARED_PAGES
    ):
        return _plain(connection, sql, params)
    connection.ensure_connection()
    known = _statements_of(connection.connection)
    name = known.get(sql)
    if name is None:
        name = _prepare(connection, known, sql)
        if name is None:
            return _plain(connection, sql, params)
    known.move_to_end(sql)
    arguments = f"({', '.join(['%s'] * len(params))})" if params else ""
    try:
        with connection.cursor() as cursor:
            cursor.execute(f"EXECUTE {name}{arguments}", params)
            return cursor.fetchall()
    except DatabaseError as error:
        if getattr(error.__cause__, "sqlstate", None) not in _LOST:
            raise
        # The server lost it (a pooler's DISCARD ALL) or cannot keep its plan (a column's type
        # changed under it): forget it; it is prepared again next time.
        known.pop(sql, None)
        _deallocate(connection, name)
        return _plain(connection, sql, params)


def numbered(sql: str) -> str:
    """``sql`` with Django's ``%s`` placeholders as the server's ``$1``, ``$2``... and ``%%`` as
    ``%``: the text ``PREPARE`` takes."""
    number = iter(range(1, 10**6))
    return _PLACEHOLDER.sub(lambda found: "%" if found.group() == "%%" else f"${next(number)}", sql)


def prepared_sql(db: str, name: str) -> str | None:
    """The SQL (with ``%s`` placeholders) of the statement ``name`` prepared on ``db``'s
    current connection, or None."""
    connection = connections[db]
    if connection.connection is None:
        return None
    known = _statements_of(connection.connection)
    return next((sql for sql, known_name in known.items() if known_name == name), None)


def _plain(connection, sql: str, params: list) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _statements_of(raw) -> OrderedDict:
    """The statements prepared on one database connection (the driver's, so a reconnection
    starts with none): SQL -> name, or None for SQL that could not be prepared."""
    known = getattr(raw, "knowledge_base_prepared", None)
    if known is None:
        known = raw.knowledge_base_prepared = OrderedDict()
        raw.knowledge_base_prepared_count = 0
    return known


def _prepare(connection, known: OrderedDict, sql: str) -> str | None:
    if sql in known:  # tried before on this connection, and refused
        return None
    raw = connection.connection
    raw.knowledge_base_prepared_count += 1
    name = f"kb_list_{raw.knowledge_base_prepared_count}"
    try:
        with connection.cursor() as cursor:
            cursor.execute(f"PREPARE {name} AS {numbered(sql)}")
    except DatabaseError:
        name = None  # remembered, so that this connection does not try it again
    known[sql] = name
    _trim(connection, known)
    return name


def _trim(connection, known: OrderedDict) -> None:
    while len(known) > MAX_PER_CONNECTION:
        _, name = known.popitem(last=False)
        if name is not None:
            _deallocate(connection, name)


def _deallocate(connection, name: str) -> None:
    try:
        with connection.cursor() as cursor:
            cursor.execute(f"DEALLOCATE {name}")
    except DatabaseError:
        pass  # already gone with the session
