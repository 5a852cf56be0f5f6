from django.apps import AppConfig


class PlacesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "apps.places"
    label = "places"

    def ready(self):
        from . import (  # noqa: F401  (register this app's search sources and feed)
            changes,
            search,
        )
