"""Local development and `make demo`: debug off unless DJANGO_DEBUG turns it on (`make demo` does)."""

from .base import *  # noqa: F403
from .base import env

DEBUG = env.bool("DJANGO_DEBUG", default=False)
# Static files straight from static/ and the apps, so nothing needs collecting first.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG
