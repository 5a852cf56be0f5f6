from django.apps import AppConfig


class ArticlesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "apps.articles"
    label = "articles"

    def ready(self):
        from . import (  # noqa: F401  (register this app's search sources, pages, feed)
            changes,
            pages,
            search,
        )
