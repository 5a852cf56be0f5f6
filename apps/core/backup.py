"""Export everything to JSON Lines and restore it into an empty database.

One object per line, written by Django's own ``jsonl`` serializer, so every field type is
encoded the way Django encodes it and a restore gives back the same primary keys and values.
The export holds the knowledge base (articles, knowledge records, evidence, review states and
editor flags, the ingestion log), every simple-history table, and the people behind the edits
(users, groups, API tokens, the admin log). Content types, permissions and the role groups are
recreated by ``migrate`` and referenced by natural key, so their own primary keys may differ.
"""

from __future__ import annotations

import datetime
from collections import Counter
from pathlib import Path

from django.apps import apps
from django.core import serializers
from django.core.management.color import no_style
from django.core.serializers.json import DjangoJSONEncoder
from django.db import DEFAULT_DB_ALIAS, connections, transaction

from .derived import derived_rebuild, is_derived

# Framework tables that carry people's work; the project's own apps are all included.
FRAMEWORK_MODELS = ["auth.Group", "auth.User", "authtoken.Token", "admin.LogEntry"]
# Rows that ``migrate`` itself creates (the Editors and Reviewers roles) are matched by name,
# not by primary key, so a restore updates them instead of colliding with them.
BY_NATURAL_KEY = {"auth.Group"}
PROJECT_APP_PREFIX = "apps."
# The change feed is not restored: the restore writes every row again, and the triggers make
# that the new database's feed (its cursors are refused by the old one's and vice versa).
# Nor are the tables derived from others (``apps.core.derived``): the restore rebuilds them.
NOT_BACKED_UP = {"core.Change"}
CHUNK_SIZE = 500


class FullPrecisionEncoder(DjangoJSONEncoder):
    """Django's encoder, keeping microseconds: its ECMA-262 form rounds times to milliseconds,
    which would change every timestamp on restore."""

    def default(self, o):
        if isinstance(o, datetime.datetime | datetime.time):
            return o.isoformat()
        return super().default(o)


class BackupError(Exception):
    """A backup that cannot be written or restored. ``str(err)`` is the one-line reason."""


def backup_models() -> list:
    """Every model the backup holds, ordered so that referenced rows come first."""
    models = [apps.get_model(label) for label in FRAMEWORK_MODELS]
    for config in apps.get_app_configs():
        if config.name.startswith(PROJECT_APP_PREFIX):
            models.extend(
                model
                for model in config.get_models()
                if not model._meta.proxy
                and model._meta.label not in NOT_BACKED_UP
                and not is_derived(model)
            )
    ordered = serializers.sort_dependencies([(None, models)], allow_cycles=True)
    return [model for model in ordered if model in models]


def backup_export(path: Path | str, *, using: str = DEFAULT_DB_ALIAS) -> Counter:
    """Write every row of every backed-up model to ``path``; returns the count per model."""
    counts: Counter = Counter()
    target = Path(path)
    partial = target.with_name(target.name + ".partial")
    connection = connections[using]
    outermost = not connection.in_atomic_block
    with transaction.atomic(using=using), partial.open("w", encoding="utf-8") as stream:
        if outermost and connection.vendor == "postgresql":
            # One snapshot for every table: writes made while the export runs are either
            # wholly in it or wholly out of it, so references between rows always resolve.
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        for model in backup_models():
            queryset = model._default_manager.using(using).order_by("pk")
            before = stream.tell()
            serializers.serialize(
                "jsonl",
                queryset.iterator(chunk_size=CHUNK_SIZE),
                stream=stream,
                use_natural_foreign_keys=True,
                use_natural_primary_keys=model._meta.label in BY_NATURAL_KEY,
                cls=FullPrecisionEncoder,
            )
            if stream.tell() != before:
                counts[model._meta.label] = queryset.count()
    partial.replace(target)
    return counts


def backup_nonempty_tables(*, using: str = DEFAULT_DB_ALIAS) -> dict[str, int]:
    """Rows already present in models the restore would write (groups made by migrations
    are allowed: the backup's rows replace them by primary key)."""
    found = {}
    for model in backup_models():
        if model._meta.label in BY_NATURAL_KEY:
            continue
        count = model._default_manager.using(using).count()
        if count:
            found[model._meta.label] = count
    return found


def backup_import(path: Path | str, *, using: str = DEFAULT_DB_ALIAS) -> Counter:
    """Restore a backup written by ``backup_export`` into an empty, migrated database.

    All rows are written in one transaction: a damaged file restores nothing.
    """
    source = Path(path)
    if not source.is_file():
        raise BackupError(f"no backup file at {source}")
    nonempty = backup_nonempty_tables(using=using)
    if nonempty:
        listed = ", ".join(f"{label}={count}" for label, count in sorted(nonempty.items()))
        raise BackupError(
            f"the database is not empty ({listed}); restore into a freshly migrated database"
        )
    counts: Counter = Counter()
    connection = connections[using]
    written = set()
    with transaction.atomic(using=using), source.open(encoding="utf-8") as stream:
        with connection.constraint_checks_disabled():
            deferred = []
            try:
                objects = serializers.deserialize(
                    "jsonl", stream, using=using, handle_forward_references=True
                )
                for obj in objects:
                    obj.save(using=using)
                    if obj.deferred_fields:
                        deferred.append(obj)
                    counts[obj.object._meta.label] += 1
                    written.add(type(obj.object))
                for obj in deferred:
                    obj.save_deferred_fields(using=using)
            except serializers.base.DeserializationError as exc:
                raise BackupError(f"{source.name}: {exc}".splitlines()[0]) from exc
        tables = [model._meta.db_table for model in written]
        connection.check_constraints(table_names=tables)
        sequence_sql = connection.ops.sequence_reset_sql(no_style(), list(written))
        if sequence_sql:
            with connection.cursor() as cursor:
                for statement in sequence_sql:
                    cursor.execute(statement)
        derived_rebuild(using=using)
    return counts
