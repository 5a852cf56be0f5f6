from django.apps import AppConfig


class ArticlesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "apps.articles"
    label = "articles"

    def ready(self):
        from . import search  # noqa: F401  (registers this app's site-search sources)
