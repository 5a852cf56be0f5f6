import os

from django.core.wsgi import get_wsgi_application

from config.celery_app import SETTINGS_FROM_DEFAULT

# A server entry point is a deployment: production settings unless told otherwise.
if SETTINGS_FROM_DEFAULT:
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.production"
application = get_wsgi_application()
