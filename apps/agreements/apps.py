from django.apps import AppConfig


class AgreementsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "apps.agreements"
    label = "agreements"

    def ready(self):
        from . import search  # noqa: F401  (registers this app's site-search sources)
