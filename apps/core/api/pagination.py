"""Page-number pagination: ``{count, next, previous, results}``, ``page`` and ``page_size``.

Each page reads one row more than it shows, so ``next`` is known without counting. ``count``
is exact up to COUNT_CAP matching rows; past that (or when the planner expects well over
that), on PostgreSQL, it is the query planner's estimate (the ``X-Count-Estimated: true``
header says so), because an exact COUNT over a huge filtered set costs more than the page
itself. Clients that need every row follow ``next``
until it is null. On the last page the count is always exact, and costs no extra query.
"""

from __future__ import annotations

import json
import math

from django.conf import settings
from django.core.exceptions import EmptyResultSet
from django.db import connections
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response
from rest_framework.utils.urls import remove_query_param, replace_query_param

from apps.core.compiled import Statements, compile_sql, unordered_ids
from apps.core.plan_cache import fetch_all

MAX_PAGE_NUMBER = 10**7
MAX_PAGE_SIZE_ASKED = 10**7  # a page_size above max_page_size is capped; above this, refused
COUNT_CAP = 1_000
CLEARLY_ABOVE = 2  # an estimate this many times the cap is trusted without counting


def _whole_number(raw: str) -> int | None:
    if raw.isascii() and raw.isdigit() and len(raw) < 12:
        return int(raw)
    return None


def _ids_sql(queryset) -> tuple[str, tuple] | None:
    """The SQL of the ids ``queryset`` matches, unordered, compiled for the database it reads
    from; None when it can match nothing (e.g. ``pk__in=[]``)."""
    try:
        # Only the ids: the planner then leaves out joins the rows' columns would need.
        return compile_sql(unordered_ids(queryset))
    except EmptyResultSet:
        return None


def planner_estimate(
    queryset, ids_sql: tuple[str, tuple] | None = None, request=None
) -> int | None:
    """PostgreSQL's estimate of how many rows ``queryset`` matches, or None elsewhere.

    ``ids_sql`` is its ``_ids_sql`` where the caller has it already. With ``request``, the
    same estimate asked twice while answering that request (a search that orders by it, then
    the page's count) is planned once; nothing is kept past the request."""
    if connections[queryset.db].vendor != "postgresql":
        return None
    if ids_sql is None:
        ids_sql = _ids_sql(queryset)
        if ids_sql is None:
            return 0
    return _estimate_sql(queryset.db, ids_sql, request)


def _estimate_sql(db: str, ids_sql: tuple[str, tuple], request=None) -> int | None:
    """The planner's estimate of the rows of ``ids_sql`` (None off PostgreSQL), planned once
    per request (see ``planner_estimate``)."""
    connection = connections[db]
    if connection.vendor != "postgresql":
        return None
    sql, params = ids_sql
    memo = _estimates_of(request)
    key = (db, sql, repr(params))
    if key in memo:
        return memo[key]
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}", params)
        plan = cursor.fetchone()[0]
    if isinstance(plan, str):
        plan = json.loads(plan)
    memo[key] = estimate = int(plan[0]["Plan"]["Plan Rows"])
    return estimate


def _estimates_of(request) -> dict:
    """The estimates planned while answering ``request`` (a fresh dict without one)."""
    if request is None:
        return {}
    request = getattr(request, "_request", request)  # DRF's Request wraps Django's
    memo = getattr(request, "planner_estimates", None)
    if memo is None:
        memo = request.planner_estimates = {}
    return memo


def bounded_count(queryset, cap: int = COUNT_CAP, request=None) -> tuple[int, bool]:
    """(count, exact): exact up to ``cap`` rows, else an estimate where the database has one.

    The estimate comes first (planning only): when it is far above the cap, counting even
    ``cap`` rows would be wasted, and it can cost as much as the page itself. Both the
    estimate and the capped count run the one SQL of the matching ids, compiled once.
    """
    if queryset.query.is_sliced or queryset.query.combinator:
        return queryset.count(), True
    ids_sql = _ids_sql(queryset)
    if ids_sql is None:
        return 0, True
    return bounded_count_sql(queryset.db, ids_sql, cap, request, exact=queryset.count)


def bounded_count_sql(
    db: str, ids_sql: tuple[str, tuple], cap: int, request=None, *, exact=None
) -> tuple[int, bool]:
    """``bounded_count`` from the SQL of the matching ids, read from database ``db``;
    ``exact()`` counts them all, where the database gives no estimate."""
    connection = connections[db]
    estimate = _estimate_sql(db, ids_sql, request)
    if estimate is not None and estimate > CLEARLY_ABOVE * cap:
        return estimate, False
    sql, params = ids_sql
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM ({sql} LIMIT {int(cap) + 1}) capped", params)
        capped = cursor.fetchone()[0]
    if capped <= cap:
        return capped, True
    if estimate is None:
        return (exact() if exact else count_sql(db, ids_sql)), True
    return max(estimate, cap + 1), False


def count_sql(db: str, ids_sql: tuple[str, tuple]) -> int:
    """How many rows the SQL of matching ids gives."""
    sql, params = ids_sql
    with connections[db].cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM ({sql}) counted", params)
        return cursor.fetchone()[0]


class QuerysetRows:
    """What a page reads, from a queryset."""

    def __init__(self, queryset):
        self.queryset = queryset

    def slice(self, offset: int, limit: int) -> list:
        return list(self.queryset[offset : offset + limit])

    def count(self) -> int:
        return self.queryset.count()

    def bounded_count(self, cap: int, request=None) -> tuple[int, bool]:
        return bounded_count(self.queryset, cap, request)


class StatementRows:
    """What a page reads, from a list's statements compiled for its shape
    (``apps.core.compiled``) and bound to the request's values."""

    def __init__(self, db: str, statements: Statements, values: tuple):
        self.db = db
        self.rows_sql = statements.rows.bind(values)
        self.ids_sql = statements.ids.bind(values)

    def slice(self, offset: int, limit: int) -> list:
        """The rows from ``offset``; a first page runs as a statement the database prepares
        once per connection (``apps.core.plan_cache``): the page every filter's first visitor
        reads, and of a few sizes only, where deeper pages would each be another statement."""
        sql, params = self.rows_sql
        if offset == 0:
            return fetch_all(self.db, f"{sql} LIMIT {int(limit)}", params)
        with connections[self.db].cursor() as cursor:
            cursor.execute(f"{sql} LIMIT {int(limit)} OFFSET {int(offset)}", params)
            return cursor.fetchall()

    def count(self) -> int:
        return count_sql(self.db, self.ids_sql)

    def bounded_count(self, cap: int, request=None) -> tuple[int, bool]:
        return bounded_count_sql(self.db, self.ids_sql, cap, request)


class Pagination(PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 500

    def get_page_size(self, request):
        raw = request.query_params.get(self.page_size_query_param, "")
        if raw == "":
            return self.page_size
        size = _whole_number(raw)
        if size is None or not 1 <= size <= MAX_PAGE_SIZE_ASKED:
            raise ValidationError(
                {
                    "page_size": [
                        f"expected a whole number from 1 to {MAX_PAGE_SIZE_ASKED} (pages hold "
                        f"at most {self.max_page_size} rows)."
                    ]
                }
            )
        return min(size, self.max_page_size)

    def get_page_number(self, request, paginator=None):
        raw = request.query_params.get(self.page_query_param, "")
        if raw == "":
            return 1
        if raw in self.last_page_strings:
            return "last"
        number = _whole_number(raw)
        if number is None or not 1 <= number <= MAX_PAGE_NUMBER:
            raise ValidationError({"page": ["expected a whole number of 1 or more (or 'last')."]})
        return number

    def paginate_queryset(self, queryset, request, view=None):
        return self.paginate_rows(QuerysetRows(queryset), request)

    def paginate_rows(self, source, request):
        """A page of ``source`` (``QuerysetRows``, or any object with its methods)."""
        self.request = request
        size = self.get_page_size(request)
        number = self.get_page_number(request)
        self.count_exact = True
        if number == "last":
            total = source.count()
            number = max(1, math.ceil(total / size))
        offset = (number - 1) * size
        rows = source.slice(offset, size + 1)
        self.has_next = len(rows) > size
        rows = rows[:size]
        if not rows and number > 1:
            raise NotFound({"page": [f"there is no page {number}."]})
        self.number = number
        if self.has_next:
            self.count, self.count_exact = source.bounded_count(count_cap(), request)
        else:
            self.count = offset + len(rows)
        return rows

    def get_next_link(self):
        if not self.has_next:
            return None
        url = self.request.build_absolute_uri()
        return replace_query_param(url, self.page_query_param, self.number + 1)

    def get_previous_link(self):
        if self.number <= 1:
            return None
        url = self.request.build_absolute_uri()
        if self.number == 2:
            return remove_query_param(url, self.page_query_param)
        return replace_query_param(url, self.page_query_param, self.number - 1)

    def get_paginated_response(self, data):
        response = Response(
            {
                "count": self.count,
                "next": self.get_next_link(),
                "previous": self.get_previous_link(),
                "results": data,
            }
        )
        if not self.count_exact:
            response["X-Count-Estimated"] = "true"
        return response

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_size_query_param:
                parameter["schema"] = {
                    "type": "integer",
                    "minimum": 1,
                    "maximum": MAX_PAGE_SIZE_ASKED,
                    "default": self.page_size,
                }
                parameter["description"] = (
                    f"Rows per page (default {self.page_size}; values above "
                    f"{self.max_page_size} are capped)."
                )
            if parameter["name"] == self.page_query_param:
                parameter["schema"] = {
                    "anyOf": [
                        {"type": "integer", "minimum": 1, "maximum": MAX_PAGE_NUMBER},
                        {"type": "string", "enum": list(self.last_page_strings)},
                    ]
                }
                parameter["description"] = "Page number, from 1, or `last`."
        return parameters

    def get_paginated_response_schema(self, schema):
        result = super().get_paginated_response_schema(schema)
        result["properties"]["count"]["description"] = (
            f"Exact up to {COUNT_CAP:,} rows; above that an estimate "
            "(header X-Count-Estimated: true)."
        )
        return result


def count_cap() -> int:
    return getattr(settings, "API_COUNT_CAP", COUNT_CAP)


def max_export_rows() -> int:
    return getattr(settings, "API_EXPORT_MAX_ROWS", 200_000)
