from django.apps import AppConfig


class EventsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "apps.events"
    label = "events"

    def ready(self):
        from . import (  # noqa: F401  (register this app's search sources, pages, feed)
            changes,
            pages,
            search,
        )
