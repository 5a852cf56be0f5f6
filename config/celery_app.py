"""The Celery application. Tasks bind to it through ``@shared_task``."""

import os

from celery import Celery

# Workers default to the local settings; the web entry points (config/wsgi.py, config/asgi.py)
# import this module first, so they need to know whether that default was taken here.
SETTINGS_FROM_DEFAULT = "DJANGO_SETTINGS_MODULE" not in os.environ
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")

app = Celery("idlib_kb")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
