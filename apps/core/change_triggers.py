"""The triggers that write the change feed (``apps.core.changes``), for PostgreSQL and SQLite.

Generated from the feeds and follows the apps declare, and recreated after every ``migrate``
(dropped by their ``kb_change_`` prefix, then created anew, in one transaction), so the
database always matches the declarations. Row-level triggers see every write, bulk ones
included.

PostgreSQL: an entry is upserted per (transaction, record type, record id), the strongest
action kept. Entry ids come from a sequence in the order rows are written, which is not the
order transactions commit in; so as a transaction commits, a deferred trigger takes the
advisory lock ``LOCK_KEY`` (held until the commit completes) and numbers its entries (``seq``)
after every entry numbered before: ``seq`` follows commit order, and the feed reads by it. The
lock is held only while committing, so writers still work side by side.
SQLite allows one writer at a time, so ``id`` already follows commit order; it keeps every
entry.
"""

from __future__ import annotations

import json

from django.apps import apps
from django.db import connections, transaction

TABLE = "core_change"
PREFIX = "kb_change_"
LOCK_KEY = 0x6B62_6368  # "kbch"
ACTION_RANK = {"updated": 0, "rejected": 1, "created": 2, "deleted": 3, "merged": 4}
OPS = ("insert", "update", "delete")


def _rank(column: str) -> str:
    cases = " ".join(f"WHEN '{action}' THEN {rank}" for action, rank in ACTION_RANK.items())
    return f"(CASE {column} {cases} END)"


def _now(vendor: str, *, with_params: bool = False) -> str:
    if vendor == "postgresql":
        return "statement_timestamp()"
    pct = "%%" if with_params else "%"
    # Django's SQLite format (microseconds) so that comparisons with its values hold.
    return f"(strftime('{pct}Y-{pct}m-{pct}d {pct}H:{pct}M:{pct}f', 'now') || '000')"


def log_insert(
    vendor: str,
    feed: str,
    ids: str,
    *,
    action: str,
    merged_into: str = "NULL",
    where: str = "",
    with_params: bool = False,
) -> str:
    """One statement adding an entry for each id ``ids`` (a SELECT of a column ``id``) gives."""
    condition = "s.id IS NOT NULL" + (f" AND ({where})" if where else "")
    columns = f"INSERT INTO {TABLE} (record_type, record_id, action, merged_into, at, txid)"
    if vendor == "postgresql":
        return (
            f"{columns} SELECT '{feed}', s.id, {action}, {merged_into}, {_now(vendor)}, "
            f"pg_current_xact_id()::text::bigint FROM ({ids}) AS s WHERE {condition} "
            "ON CONFLICT (txid, record_type, record_id) DO UPDATE SET action = EXCLUDED.action,"
            " merged_into = EXCLUDED.merged_into, at = EXCLUDED.at "
            f"WHERE {_rank('EXCLUDED.action')} > {_rank(f'{TABLE}.action')}"
        )
    return (
        f"{columns} SELECT '{feed}', s.id, {action}, {merged_into}, "
        f"{_now(vendor, with_params=with_params)}, NULL FROM ({ids}) AS s WHERE {condition}"
    )


def change_insert(feed: str, ids: list[int], *, action: str, merged_into=None, using="default"):
    """Entries written by the application (a merge): one statement."""
    connection = connections[using]
    vendor = connection.vendor
    if vendor == "postgresql":
        source = "SELECT unnest(%s::bigint[]) AS id"
        params = [list(ids)]
    else:
        source = "SELECT CAST(value AS INTEGER) AS id FROM json_each(%s)"
        params = [json.dumps(list(ids))]
    sql = log_insert(
        vendor,
        feed,
        source,
        action="%s",
        merged_into="%s",
        with_params=True,
    )
    with connection.cursor() as cursor:
        # The action and target go before the ids in the statement's text.
        cursor.execute(sql, [action, merged_into, *params])


# --- generating the triggers ------------------------------------------------------------------


def _table(label: str) -> str:
    return apps.get_model(label)._meta.db_table


def _column(label: str, field: str) -> str:
    return apps.get_model(label)._meta.get_field(field).column


def _walk(model, path: str, alias: str) -> tuple[str, str]:
    """The joins that follow ``path`` (a field, or foreign keys then a field, as in
    ``event__agreement``) from the table ``alias`` of ``model``, and the column it ends on."""
    names = path.split("__")
    joins = []
    for depth, name in enumerate(names[:-1]):
        field = model._meta.get_field(name)
        target = field.related_model
        step = f"{alias}{depth}"
        joins.append(
            f"JOIN {target._meta.db_table} {step} "
            f"ON {step}.{target._meta.pk.column} = {alias}.{field.column}"
        )
        model, alias = target, step
    return " ".join(joins), f"{alias}.{model._meta.get_field(names[-1]).column}"


def _key_ids(label: str, path: str, row: str) -> str:
    """A SELECT of what ``path`` of the row ``row`` (``NEW`` or ``OLD``) points at, as ``id``."""
    model = apps.get_model(label)
    first, _, rest = path.partition("__")
    field = model._meta.get_field(first)
    if not rest:
        return f"SELECT {row}.{field.column} AS id"
    target = field.related_model
    joins, column = _walk(target, rest, "k")
    return (
        f"SELECT {column} AS id FROM {target._meta.db_table} k {joins} "
        f"WHERE k.{target._meta.pk.column} = {row}.{field.column}"
    )


def _changed(vendor: str, label: str, fields) -> str:
    differs = "IS DISTINCT FROM" if vendor == "postgresql" else "IS NOT"
    columns = [_column(label, field) for field in fields]
    return " OR ".join(f"OLD.{c} {differs} NEW.{c}" for c in columns)


def _feed_statements(vendor: str, feed) -> dict[str, list[str]]:
    model = apps.get_model(feed.model)
    pk = model._meta.pk.column
    reviewed = any(f.name == "review_status" for f in model._meta.concrete_fields)
    update_action = "'updated'"
    if reviewed:
        differs = "IS DISTINCT FROM" if vendor == "postgresql" else "IS NOT"
        update_action = (
            "CASE WHEN NEW.review_status = 'rejected' AND OLD.review_status "
            f"{differs} 'rejected' THEN 'rejected' ELSE 'updated' END"
        )
    not_merged = (
        f"NOT EXISTS (SELECT 1 FROM {TABLE} c WHERE c.record_type = '{feed.name}' "
        f"AND c.record_id = OLD.{pk} AND c.action = 'merged')"
    )
    return {
        "insert": [log_insert(vendor, feed.name, f"SELECT NEW.{pk} AS id", action="'created'")],
        "update": [log_insert(vendor, feed.name, f"SELECT NEW.{pk} AS id", action=update_action)],
        "delete": [
            log_insert(
                vendor, feed.name, f"SELECT OLD.{pk} AS id", action="'deleted'", where=not_merged
            )
        ],
    }


def _follow_statements(vendor: str, follow) -> dict[str, list[str]]:
    where = _changed(vendor, follow.source, follow.columns) if follow.columns else ""
    statements: dict[str, list[str]] = {}
    if follow.through:
        through, from_field, to_field = follow.through
        pk = apps.get_model(follow.source)._meta.pk.column
        joins, column = _walk(apps.get_model(through), to_field, "t")
        ids = (
            f"SELECT DISTINCT {column} AS id FROM {_table(through)} t {joins} "
            f"WHERE t.{_column(through, from_field)} = NEW.{pk}"
        )
        statements["update"] = [
            log_insert(vendor, follow.feed, ids, action="'updated'", where=where)
        ]
        return statements
    new, old = (_key_ids(follow.source, follow.key, row) for row in ("NEW", "OLD"))
    rows = {"insert": new, "update": f"{old} UNION {new}", "delete": old}
    for op in follow.ops:
        statements[op] = [
            log_insert(
                vendor,
                follow.feed,
                rows[op],
                action="'updated'",
                where=where if op == "update" else "",
            )
        ]
    return statements


def trigger_plan(vendor: str, feeds, follows) -> dict[tuple[str, str], list[str]]:
    """Per (table, operation), the statements its row trigger runs."""
    plan: dict[tuple[str, str], list[str]] = {}
    parts = [(feed.model, _feed_statements(vendor, feed)) for feed in feeds]
    parts += [(follow.source, _follow_statements(vendor, follow)) for follow in follows]
    for label, statements in parts:
        table = _table(label)
        for op, sqls in statements.items():
            plan.setdefault((table, op), []).extend(sqls)
    return plan


def _drop(cursor, vendor: str) -> None:
    if vendor == "postgresql":
        cursor.execute(
            "SELECT p.oid::regprocedure::text FROM pg_proc p "
            "JOIN pg_namespace n ON n.oid = p.pronamespace "
            "WHERE n.nspname = current_schema() AND p.proname LIKE %s",
            [PREFIX.replace("_", "\\_") + "%"],
        )
        for (signature,) in cursor.fetchall():
            cursor.execute(f"DROP FUNCTION IF EXISTS {signature} CASCADE")
        return
    cursor.execute(
        "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE %s ESCAPE '\\'",
        [PREFIX.replace("_", "\\_") + "%"],
    )
    for (name,) in cursor.fetchall():
        cursor.execute(f'DROP TRIGGER IF EXISTS "{name}"')


def _create_postgresql(cursor, plan) -> None:
    # Under the lock, so that no transaction numbers its entries meanwhile: the sequence
    # continues after the highest number given.
    cursor.execute("SELECT pg_advisory_xact_lock(%s)", [LOCK_KEY])
    cursor.execute(f"CREATE SEQUENCE IF NOT EXISTS {PREFIX}seq")
    cursor.execute(
        f"SELECT setval('{PREFIX}seq', COALESCE((SELECT max(seq) FROM {TABLE}), 0) + 1, false)"
    )
    # At commit: number this transaction's entries after every committed one, under the lock.
    # Fired once per entry, in the order they were written: the first firing numbers every
    # entry not numbered yet and notes the highest id it numbered, so that the others return at
    # once. (Should the deferred triggers fire before the commit, as ``SET CONSTRAINTS ALL
    # IMMEDIATE`` makes them, the lock stays held and later entries are numbered at commit.)
    setting = f"{PREFIX.rstrip('_')}.numbered"
    cursor.execute(
        f"CREATE FUNCTION {PREFIX}commit() RETURNS trigger LANGUAGE plpgsql AS $$ "
        "DECLARE tx bigint; done text; n bigint; first bigint; top bigint; "
        "BEGIN "
        f"done := current_setting('{setting}', true); "
        "IF done IS NOT NULL AND done <> '' AND NEW.id <= split_part(done, ':', 2)::bigint "
        "AND split_part(done, ':', 1) = pg_current_xact_id()::text THEN RETURN NULL; END IF; "
        "tx := pg_current_xact_id()::text::bigint; "
        f"PERFORM pg_advisory_xact_lock({LOCK_KEY}); "
        f"SELECT count(*), max(id) INTO n, top FROM {TABLE} WHERE txid = tx AND seq IS NULL; "
        "IF n > 0 THEN "
        f"first := nextval('{PREFIX}seq'); "
        f"PERFORM setval('{PREFIX}seq', first + n - 1); "
        f"UPDATE {TABLE} c SET seq = first + o.k - 1 FROM (SELECT id, row_number() "
        f"OVER (ORDER BY id) AS k FROM {TABLE} WHERE txid = tx AND seq IS NULL) o "
        "WHERE c.id = o.id; "
        f"PERFORM set_config('{setting}', tx::text || ':' || top::text, true); "
        "END IF; "
        "RETURN NULL; END $$"
    )
    cursor.execute(
        f"CREATE CONSTRAINT TRIGGER {PREFIX}commit AFTER INSERT ON {TABLE} "
        f"DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION {PREFIX}commit()"
    )
    for (table, op), statements in sorted(plan.items()):
        name = f"{PREFIX}{table}_{op}"
        body = " ".join(f"{sql};" for sql in statements)
        cursor.execute(
            f"CREATE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$ "
            f"BEGIN {body} RETURN NULL; END $$"
        )
        cursor.execute(
            f"CREATE TRIGGER {name} AFTER {op.upper()} ON {table} "
            f"FOR EACH ROW EXECUTE FUNCTION {name}()"
        )


def _create_sqlite(cursor, plan) -> None:
    for (table, op), statements in sorted(plan.items()):
        body = " ".join(f"{sql};" for sql in statements)
        cursor.execute(
            f'CREATE TRIGGER "{PREFIX}{table}_{op}" AFTER {op.upper()} ON "{table}" '
            f"FOR EACH ROW BEGIN {body} END"
        )


def _seed(cursor, vendor: str, feeds) -> None:
    """A ``created`` entry for every existing record of a type the log has never listed."""
    for feed in feeds:
        model = apps.get_model(feed.model)
        cursor.execute(f"SELECT 1 FROM {TABLE} WHERE record_type = %s LIMIT 1", [feed.name])
        if cursor.fetchone():
            continue
        ids = f"SELECT {model._meta.pk.column} AS id FROM {model._meta.db_table}"
        cursor.execute(log_insert(vendor, feed.name, ids, action="'created'"))


def install(feeds, follows, *, using: str = "default") -> int:
    """Drop and recreate every change-feed trigger; returns how many row triggers exist."""
    connection = connections[using]
    vendor = connection.vendor
    if vendor not in ("postgresql", "sqlite"):
        raise NotImplementedError(f"no change-feed triggers for {vendor}")
    existing = set(connection.introspection.table_names())
    plan = {
        key: sqls
        for key, sqls in trigger_plan(vendor, feeds, follows).items()
        if key[0] in existing
    }
    if TABLE not in existing:
        return 0
    # One transaction: no write goes unlogged between the old triggers and the new.
    with transaction.atomic(using=using), connection.cursor() as cursor:
        _drop(cursor, vendor)
        if vendor == "postgresql":
            _create_postgresql(cursor, plan)
        else:
            _create_sqlite(cursor, plan)
        _seed(cursor, vendor, [f for f in feeds if _table(f.model) in existing])
    return len(plan)
