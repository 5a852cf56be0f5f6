from django.apps import AppConfig


class PortalConfig(AppConfig):
    """The pages over every app: the home page's dashboard and chart, and the site search.
    The top layer: it may read every app, and no app imports it."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "apps.portal"
    label = "portal"
