"""Inserting many rows of plain values: one INSERT per batch, without model instances.

``bulk_create`` builds a model instance for every row and runs each value through the
compiler's per-object machinery; for the ~150 rows one article's extraction writes (mentions,
events and their history rows, actor links, evidence) that cost the ingesting worker more CPU
than the database spent storing them. ``rows_insert`` takes dicts of field values, fills what
a row leaves out from the fields' defaults (``auto_now``/``auto_now_add`` get the time of the
call), prepares each value with its field, and writes a batch in one statement.

Nothing is sent to signals and no history is written: callers that keep history write its rows
too (``history_rows``), as ``bulk_create_with_history`` would.
"""

from __future__ import annotations

import datetime
import functools
import json
from collections.abc import Sequence

from django.db import connection, models
from django.utils import timezone

# Values of these fields go to the driver as they are (ints, strings, booleans, None); other
# fields' values are prepared by the field, as the ORM does.
_PLAIN = (
    models.IntegerField,
    models.CharField,
    models.TextField,
    models.BooleanField,
    models.ForeignKey,
)
# Column types PostgreSQL reads back from JSON text; rows with other types use VALUES rows.
_JSON_TYPES = ("integer", "bigint", "smallint", "varchar", "text", "boolean", "date", "timestamp")


def _defaults(model, given: set[str], now) -> list[tuple[models.Field, object]]:
    """The fields a row does not set, with the value a new instance's ``save`` would store."""
    missing = []
    for field in model._meta.concrete_fields:
        if field.attname in given or (field.primary_key and field.db_returning):
            continue
        if isinstance(field, models.DateTimeField) and (field.auto_now or field.auto_now_add):
            missing.append((field, now))
        else:  # as a model instance gets it: the default, else "" or None
            missing.append((field, field.get_default()))
    return missing


def _preparer(field: models.Field):
    if isinstance(field, _PLAIN) and not isinstance(field, models.JSONField):
        return None
    return lambda value: field.get_db_prep_save(value, connection)


@functools.cache
def _layout(model, vendor: str) -> tuple[dict, dict, dict]:
    """Per column of ``model`` on this database: its field, its type, how a value is prepared
    (read once per process: Django works the type out anew on every call)."""
    fields = {field.attname: field for field in model._meta.concrete_fields}
    types = {name: field.db_type(connection) or "" for name, field in fields.items()}
    preparers = {name: _preparer(field) for name, field in fields.items()}
    return fields, types, preparers


def rows_insert(
    model, rows: Sequence[dict], *, return_ids: bool = False, ignore_conflicts: bool = False
) -> list[int]:
    """Insert ``rows`` (dicts keyed by field attname, all with the same keys) into ``model``'s
    table; returns the new primary keys in row order when ``return_ids``.

    ``ignore_conflicts`` skips rows a unique constraint refuses (no ids can be returned then).
    On PostgreSQL the rows go as one JSON text the server splits (``json_array_elements``),
    whatever their number: the statement's text stays the same, so the driver reuses its
    parsing of it, and the driver quotes one string instead of every value; elsewhere the
    statement lists the rows.
    """
    if not rows:
        return []
    if return_ids and ignore_conflicts:
        raise ValueError("ids cannot be returned for rows that may be skipped")
    if return_ids and not connection.features.can_return_rows_from_bulk_insert:
        raise NotImplementedError(f"{connection.vendor} returns no ids from a bulk insert")
    opts = model._meta
    names = list(rows[0])
    by_attname, column_types, preparers = _layout(model, connection.vendor)
    unknown = [name for name in names if name not in by_attname]
    if unknown:
        raise ValueError(f"{model.__name__} has no column {unknown[0]!r} (give attnames)")
    fields = [by_attname[name] for name in names]
    missing = _defaults(model, set(names), timezone.now())
    constants = [field.get_db_prep_save(value, connection) for field, value in missing]
    columns = [*fields, *(field for field, _ in missing)]
    columns_sql = ", ".join(connection.ops.quote_name(f.column) for f in columns)
    table = connection.ops.quote_name(opts.db_table)
    tail = ""
    if ignore_conflicts:
        tail = " ON CONFLICT DO NOTHING"
    elif return_ids:
        tail = f" RETURNING {connection.ops.quote_name(opts.pk.column)}"

    values = []  # per given column, its values in row order, prepared
    for name in names:
        prepare = preparers[name]
        column = [row[name] for row in rows]
        values.append(column if prepare is None else [prepare(v) for v in column])

    types = [column_types[field.attname] for field in columns]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql" and all(t.startswith(_JSON_TYPES) for t in types):
            selected = [f"(r.e->>{i})::{t}" for i, t in enumerate(types[: len(fields)])]
            selected += [f"%s::{t}" for t in types[len(fields) :]]
            cursor.execute(
                f"INSERT INTO {table} ({columns_sql}) SELECT {', '.join(selected)}"
                " FROM json_array_elements(%s::json) WITH ORDINALITY AS r(e, n)"
                f" ORDER BY r.n{tail}",
                [*constants, _json_rows(values)],  # in the order of their marks in the text
            )
            return [row[0] for row in cursor.fetchall()] if return_ids else []
        marks = "(" + ", ".join(["%s"] * len(columns)) + ")"
        batch = max(1, connection.ops.bulk_batch_size(columns, rows))
        ids: list[int] = []
        for start in range(0, len(rows), batch):
            stop = min(start + batch, len(rows))
            params = []
            for i in range(start, stop):
                params.extend(column[i] for column in values)
                params.extend(constants)
            head = f"INSERT INTO {table} ({columns_sql}) VALUES "
            cursor.execute(head + ", ".join([marks] * (stop - start)) + tail, params)
            if return_ids:
                ids.extend(row[0] for row in cursor.fetchall())
        return ids


def _json_default(value):
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()  # read back by PostgreSQL's date and timestamp input
    raise TypeError(f"no JSON form for {type(value).__name__}")


def _json_rows(columns: list[list]) -> str:
    """The rows as one JSON array of arrays: one string the server splits, instead of one
    value per column and row for the driver to quote."""
    return json.dumps(list(zip(*columns, strict=True)), ensure_ascii=False, default=_json_default)


def history_rows(model, instances: Sequence[models.Model], *, history_type: str = "+") -> int:
    """Write the history rows ``bulk_create_with_history`` would write for ``instances``
    (saved rows of a model with simple-history's ``history``): no user, no change reason."""
    if not instances:
        return 0
    historical = model.history.model
    now = timezone.now()
    tracked = [field.attname for field in historical.tracked_fields]
    rows_insert(
        historical,
        [
            {
                **{name: getattr(instance, name) for name in tracked},
                "history_date": now,
                "history_type": history_type,
                "history_change_reason": None,
                "history_user_id": None,
            }
            for instance in instances
        ],
    )
    return len(instances)
