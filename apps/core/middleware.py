"""A database that is briefly gone is answered 503 with Retry-After, never a 500.

When PostgreSQL restarts, requests in flight fail with OperationalError or InterfaceError.
Django closes the broken connection at the end of the request and opens a fresh one on the
next, so the application recovers by itself; what the client must learn is that this was
a temporary outage worth retrying, not a bug.
"""

from __future__ import annotations

import logging

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, JsonResponse

logger = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 5
MESSAGE = "the database is unavailable for a moment; retry shortly."


class DatabaseUnavailableMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, OperationalError | InterfaceError):
            return None
        logger.warning(
            "database unavailable during %s %s: %s",
            request.method,
            request.path,
            " ".join(str(exception).split())[:200],
        )
        if request.path.startswith("/api/"):
            response = JsonResponse({"detail": MESSAGE}, status=503)
        else:
            response = HttpResponse(
                f"Service unavailable: {MESSAGE}\n", status=503, content_type="text/plain"
            )
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
