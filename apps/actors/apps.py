from django.apps import AppConfig


class ActorsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "apps.actors"
    label = "actors"

    def ready(self):
        from . import search  # noqa: F401  (registers this app's site-search sources)
