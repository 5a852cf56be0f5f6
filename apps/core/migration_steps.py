"""Steps of migrations that only some databases take."""

from __future__ import annotations


def on_postgresql(sql: str):
    """A ``RunPython`` function that runs ``sql`` on PostgreSQL and nothing elsewhere: for
    what SQLite has no form of (search triggers, indexes with included columns)."""

    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql)

    return run
