from django.apps import AppConfig
from django.db.models.signals import post_migrate


class CoreConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "apps.core"
    label = "core"

    def ready(self):
        from .roles import roles_setup_after_migrate

        # Editors and Reviewers groups, refreshed after every migrate (apps/core/roles.py).
        post_migrate.connect(roles_setup_after_migrate, sender=self, dispatch_uid="core_roles")
