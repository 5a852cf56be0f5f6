"""Filtered lists compiled to SQL once per shape of their filters, then only bound.

On a list page at a million rows, the database answers in a few milliseconds; turning the
validated filters into a queryset and compiling it to SQL (twice: the page, and the ids the
count is estimated from) costs Django about as much again, on every request. Yet two
requests that give the same filters with other ids or dates compile to the same SQL with
other parameters.

A request's *shape* is its validated filter values with each record id and each date
abstracted away (``actor=[12]`` and ``actor=[40]`` share a shape; ``actor=[12, 40]`` does not,
nor do two different ``ordering`` or ``q`` values). ``ListStatements`` keeps, per shape, the
SQL of the page and of its ids, with a slot for each abstracted value.

A template is only kept when it is known to be right: on a shape's first request the filters
are applied twice, once with the request's values and once with a distinct marker in place of
each id and date; the marked SQL becomes the template when it is the real SQL, character for
character, and putting the request's values into its slots gives back exactly the real
parameters. A shape whose SQL depends on its ids or dates in any other way is remembered as
such and always takes the ORM's way.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.core.exceptions import EmptyResultSet
from django.db.models import Model, QuerySet

# Markers can never be real values: ids are whole numbers from 1, and no event or article is
# dated before 1500. Slots' markers lie far apart (1,000 ids, 1,000 days), so that a filter
# which shifts a value (a day added to an inclusive bound) cannot land on another slot's marker.
_ID_MARKER = -7_900_001
_DATE_MARKER = date(1111, 1, 1)
_SPACING = 1000
MAX_SLOTS = 400  # markers of more slots would pass the first year; such shapes are not kept


def _id_marker(index: int) -> int:
    return _ID_MARKER - _SPACING * index


def _date_marker(index: int) -> date:
    return _DATE_MARKER - timedelta(days=_SPACING * index)


_PLAIN = (str, bool, int, float, type(None))


@dataclass(frozen=True)
class Shape:
    """What of a request's filter values decides its SQL (``key``), the abstracted values in
    slot order (``values``), and the filter values with a marker in each slot (``marked``)."""

    key: tuple
    values: tuple
    marked: dict


def shape_of(cleaned: Mapping) -> Shape | None:
    """The shape of validated filter values (a FilterSet form's ``cleaned_data``), or None
    when a value is of a kind this module does not abstract nor compare exactly."""
    key: list[tuple] = []
    values: list = []
    marked: dict = {}
    for name, value in cleaned.items():
        if isinstance(value, date) and not isinstance(value, datetime):
            marked[name] = _date_marker(len(values))
            values.append(value)
            key.append((name, "date"))
        elif (
            isinstance(value, list | tuple)
            and value
            and all(isinstance(item, Model) for item in value)
        ):
            markers = []
            for item in value:
                markers.append(type(item)(pk=_id_marker(len(values))))
                values.append(item.pk)
            marked[name] = markers
            key.append((name, "ids", type(value[0])._meta.label, len(value)))
        elif _plain(value):
            marked[name] = value
            key.append((name, "=", repr(value)))
        else:
            return None
        if len(values) > MAX_SLOTS:
            return None
    return Shape(tuple(key), tuple(values), marked)


def _plain(value) -> bool:
    if isinstance(value, list | tuple):
        return all(isinstance(item, _PLAIN) for item in value)
    return isinstance(value, _PLAIN) or (isinstance(value, datetime) and value.tzinfo is not None)


@dataclass(frozen=True)
class Template:
    """SQL with its parameters: ``slots[i]`` is the index of the shape value that goes in
    parameter ``i``, or None for the constant ``constants[i]``."""

    sql: str
    slots: tuple
    constants: tuple

    def bind(self, values: tuple) -> tuple[str, list]:
        return self.sql, [
            values[slot] if slot is not None else constant
            for slot, constant in zip(self.slots, self.constants, strict=True)
        ]


def template_from(real: tuple[str, tuple], marked: tuple[str, tuple], values: tuple):
    """The template ``marked`` (SQL, params) gives when binding ``values`` into it
    reproduces ``real`` exactly; None otherwise."""
    real_sql, real_params = real
    marked_sql, marked_params = marked
    if real_sql != marked_sql or len(real_params) != len(marked_params):
        return None
    markers = {}
    for index in range(len(values)):
        if isinstance(values[index], date):
            markers[(date, _date_marker(index))] = index
        else:
            markers[(int, _id_marker(index))] = index
    slots, constants = [], []
    for got, param in zip(real_params, marked_params, strict=True):
        slot = markers.get((type(param), param)) if type(param) in (int, date) else None
        if slot is not None:
            if type(got) is not type(values[slot]) or got != values[slot]:
                return None
            slots.append(slot)
            constants.append(None)
        else:
            if type(got) is not type(param) or got != param:
                return None
            slots.append(None)
            constants.append(param)
    return Template(marked_sql, tuple(slots), tuple(constants))


def unordered_ids(queryset: QuerySet) -> QuerySet:
    """The ids ``queryset`` matches, unordered: what a count or its estimate reads."""
    return queryset.order_by().values("pk")


def compile_sql(queryset: QuerySet) -> tuple[str, tuple]:
    return queryset.query.get_compiler(queryset.db).as_sql()


@dataclass(frozen=True)
class Statements:
    """A list's page query (unsliced) and its ids query, for one shape."""

    rows: Template
    ids: Template


_UNTEMPLATED = object()  # a shape seen before, whose SQL depends on its values otherwise


class ListStatements:
    """Templates of one list's statements, per shape, for the life of the process (at most
    ``size`` shapes, the least recently used dropped first).

    ``rows(queryset)`` turns a filtered queryset into the queryset of the rows a page shows
    (e.g. ``values_list`` with annotations); it must not depend on the request beyond the
    filters."""

    def __init__(self, rows: Callable[[QuerySet], QuerySet], size: int = 512):
        self.rows = rows
        self.size = size
        self._known: OrderedDict = OrderedDict()
        self._lock = threading.Lock()

    def get(self, db: str, shape: Shape) -> Statements | None:
        with self._lock:
            found = self._known.get((db, shape.key))
            if found is not None:
                self._known.move_to_end((db, shape.key))
        return found if isinstance(found, Statements) else None

    def seen(self, db: str, shape: Shape) -> bool:
        with self._lock:
            return (db, shape.key) in self._known

    def learn(self, shape: Shape, real: QuerySet, marked: QuerySet) -> Statements | None:
        """Compare the request's filtered queryset with the marked one; keep and return the
        shape's statements when their templates hold, else remember it as untemplated."""
        try:
            rows = template_from(
                compile_sql(self.rows(real)), compile_sql(self.rows(marked)), shape.values
            )
            ids = template_from(
                compile_sql(unordered_ids(real)), compile_sql(unordered_ids(marked)), shape.values
            )
        except EmptyResultSet:  # a filter that can match nothing (``pk__in=[]``)
            rows = ids = None
        found = Statements(rows, ids) if rows and ids else None
        with self._lock:
            self._known[(real.db, shape.key)] = found or _UNTEMPLATED
            self._known.move_to_end((real.db, shape.key))
            while len(self._known) > self.size:
                self._known.popitem(last=False)
        return found

    def clear(self) -> None:
        with self._lock:
            self._known.clear()
