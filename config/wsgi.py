import gc
import os

from django.core.wsgi import get_wsgi_application
from django.urls import get_resolver

from config.celery_app import SETTINGS_FROM_DEFAULT

# A server entry point is a deployment: production settings unless told otherwise.
if SETTINGS_FROM_DEFAULT:
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.production"
application = get_wsgi_application()
get_resolver().url_patterns  # noqa: B018  (loads every view now rather than on a request)

# The objects loaded so far (modules, URL patterns, vocabularies) live as long as the process:
# the garbage collector need not walk them again on every collection a request triggers
# (measured: about half of a list request's collection time; docs/benchmarks.md).
gc.freeze()
