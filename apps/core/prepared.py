"""Reads whose only variables are lists of ids, compiled to SQL once per database.

A page of a list loads what its rows show besides their own columns (an event's actors, its
evidence, the names of its place) with a query per kind whose only variable is the page's
ids. Building and compiling such a queryset costs Django more time than the database takes
to answer it, on every request. ``PreparedRead`` builds the queryset once per database
connection alias with a marker in place of each id list, keeps the SQL it compiles to, and
then only binds the ids: the same statement the queryset would run, without the ORM's work.

The rows come back as the database driver gives them, without Django's converters: use it for
columns whose values need none (integers, text, floats), not for dates on SQLite.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

from django.db import connections, router
from django.db.models import QuerySet

# Ids are whole numbers from 1: a marker can never be one, nor can the filler that stands
# for an empty list (``IN ()`` is not SQL; ``IN (0)`` matches nothing).
_MARKERS = (-7_700_001, -7_700_002, -7_700_003, -7_700_004)
_NOTHING = 0


class PreparedRead:
    """``build(*id_lists)`` returns the queryset (``values_list`` of plain columns); each id
    list must appear once in it as ``field__in=ids``."""

    def __init__(self, build: Callable[..., QuerySet], lists: int = 1):
        if not 1 <= lists <= len(_MARKERS):
            raise ValueError(f"a prepared read takes 1 to {len(_MARKERS)} id lists")
        self.build = build
        self.lists = lists
        self._compiled: dict[str, tuple[list[str], list]] = {}
        self._queryset: QuerySet | None = None

    def _marked(self) -> QuerySet:
        """The queryset with a marker in place of each id list, built on first use."""
        if self._queryset is None:
            self._queryset = self.build(*([marker] for marker in _MARKERS[: self.lists]))
        return self._queryset

    def _compile(self, using: str) -> tuple[list[str], list]:
        compiled = self._compiled.get(using)
        if compiled is None:
            markers = _MARKERS[: self.lists]
            sql, params = self._marked().using(using).query.sql_with_params()
            pieces = sql.split("%s")
            if len(pieces) != len(params) + 1 or any(
                list(params).count(marker) != 1 for marker in markers
            ):
                raise ValueError("each id list must appear exactly once in the prepared read")
            compiled = (pieces, list(params))
            self._compiled[using] = compiled
        return compiled

    def rows(self, *id_lists: Iterable[int], using: str | None = None) -> list[tuple]:
        """The rows for these ids, from ``using`` or the database the router reads the
        queryset's model from (a read replica, when there is one), as the queryset would."""
        if len(id_lists) != self.lists:
            raise TypeError(f"expected {self.lists} id lists, got {len(id_lists)}")
        lists: dict[int, Sequence[int]] = {}
        for marker, ids in zip(_MARKERS, id_lists, strict=False):
            lists[marker] = sorted(set(ids)) or [_NOTHING]
        if all(values == [_NOTHING] for values in lists.values()):
            return []
        if using is None:
            using = router.db_for_read(self._marked().model)
        pieces, params = self._compile(using)
        sql: list[str] = [pieces[0]]
        bound: list = []
        for param, piece in zip(params, pieces[1:], strict=True):
            if param in lists:
                values = lists[param]
                sql.append(", ".join(["%s"] * len(values)))
                bound.extend(values)
            else:
                sql.append("%s")
                bound.append(param)
            sql.append(piece)
        with connections[using].cursor() as cursor:
            cursor.execute("".join(sql), bound)
            return cursor.fetchall()
