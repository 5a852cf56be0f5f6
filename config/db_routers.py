"""Send reads to a replica when DATABASE_REPLICA_URL is set; writes always go to the primary.

Reads made inside a transaction on the primary (every service that writes runs in one) stay on
the primary, so a write never decides on stale replica data.
"""

from django.db import connections


class PrimaryReplicaRouter:
    def db_for_read(self, model, **hints):
        if connections["default"].in_atomic_block:
            return "default"
        return "replica"

    def db_for_write(self, model, **hints):
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        return True

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == "default"
