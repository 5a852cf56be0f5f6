from django.apps import AppConfig
from django.db.backends.signals import connection_created
from django.db.models.signals import post_migrate


class CoreConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "apps.core"
    label = "core"

    def ready(self):
        from .roles import roles_setup_after_migrate

        # Editors and Reviewers groups, refreshed after every migrate (apps/core/roles.py).
        post_migrate.connect(roles_setup_after_migrate, sender=self, dispatch_uid="core_roles")

        from .changes import changes_install_after_migrate

        # The change feed's triggers, recreated from the apps' declarations (apps/core/changes.py).
        post_migrate.connect(
            changes_install_after_migrate, sender=self, dispatch_uid="core_change_feed"
        )

        from .api.cache import watch_connection

        # Every committed write gives the data a new version for the API cache.
        connection_created.connect(watch_connection, dispatch_uid="core_api_cache")

        from .search_text import register_fold

        # Accent-folding search on SQLite (apps/core/search_text.py).
        connection_created.connect(register_fold, dispatch_uid="core_fold_text")
