from django.apps import AppConfig


class PlacesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "apps.places"
    label = "places"

    def ready(self):
        from . import search  # noqa: F401  (registers this app's site-search sources)
