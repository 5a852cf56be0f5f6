"""The Celery application. Tasks bind to it through ``@shared_task``."""

import os

from celery import Celery
from celery.signals import task_postrun, task_prerun, worker_init

# Workers default to the local settings; the web entry points (config/wsgi.py, config/asgi.py)
# import this module first, so they need to know whether that default was taken here.
SETTINGS_FROM_DEFAULT = "DJANGO_SETTINGS_MODULE" not in os.environ
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")

app = Celery("idlib_kb")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@task_prerun.connect
@task_postrun.connect
def database_connections_check(sender=None, **kwargs) -> None:
    """Before and after each task a worker runs, drop database connections that are broken or
    older than CONN_MAX_AGE, as Django does around each request; healthy ones are kept.

    Not for tasks run in-process (eager): they run inside the caller's transaction.
    """
    request = getattr(sender, "request", None)
    if request is None or getattr(request, "is_eager", False):
        return
    from django.db import close_old_connections

    close_old_connections()


@worker_init.connect
def extraction_preload(**kwargs) -> None:
    """Before a worker forks its pool, build the extraction pipeline once in its main process
    (``pipeline.preload``); INGESTION_PRELOAD=false leaves it to each child's first task."""
    from django.conf import settings

    if not settings.INGESTION_PRELOAD:
        return
    from apps.ingestion.extraction.pipeline import preload

    preload()
