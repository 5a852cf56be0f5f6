"""Errors as JSON a client can act on; never a server error for a bad request."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import DataError, IntegrityError
from django.http import JsonResponse
from django.views import defaults
from rest_framework import status
from rest_framework.exceptions import MethodNotAllowed
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

API_PREFIX = "/api/"


def handles_method(view, method: str) -> bool:
    """Whether ``view`` answers ``method`` at all (whoever asks)."""
    name = method.lower()
    return name in view.http_method_names and hasattr(view, name)


def exception_handler(exc, context):
    view, request = context.get("view"), context.get("request")
    if view is not None and request is not None and not handles_method(view, request.method):
        # Credentials, permissions and throttling are checked before the method is: a method
        # the path does not take is a 405 for everyone, not a 401 for anonymous clients.
        exc = MethodNotAllowed(request.method)
    if isinstance(exc, DjangoValidationError):
        if hasattr(exc, "error_dict"):
            data = {field: [str(m) for m in msgs] for field, msgs in exc.message_dict.items()}
        else:
            data = {"detail": " ".join(exc.messages)}
        return Response(data, status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, DataError | OverflowError):
        return Response(
            {"detail": "a value is out of range or malformed for the database."},
            status=status.HTTP_400_BAD_REQUEST,
        )
    if isinstance(exc, IntegrityError):
        # The service's transaction is rolled back; what the change collides with is another
        # record's unique key (two actors of one kind cannot share a name: merge them instead).
        return Response(
            {"detail": "the change conflicts with another record (a name or key it already has)."},
            status=status.HTTP_409_CONFLICT,
        )
    return drf_exception_handler(exc, context)


def not_found(request, exception=None):
    """The site's 404; under /api/, JSON like every other answer of the API."""
    if request.path.startswith(API_PREFIX):
        return JsonResponse(
            {"detail": "no such path in the API; /api/v1/ lists the endpoints."}, status=404
        )
    return defaults.page_not_found(request, exception)


def bad_request(request, exception=None):
    """The site's 400 for what Django refuses before a view runs (a body over
    ``DATA_UPLOAD_MAX_MEMORY_SIZE``, too many fields); under /api/, JSON, and a body too
    large is a 413 as the schema says."""
    if request.path.startswith(API_PREFIX):
        if isinstance(exception, RequestDataTooBig):
            limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
            return JsonResponse(
                {"detail": f"the request body is larger than {limit} bytes."}, status=413
            )
        if isinstance(exception, TooManyFieldsSent):
            return JsonResponse({"detail": "the request sends too many fields."}, status=400)
        return JsonResponse({"detail": "the request is malformed."}, status=400)
    return defaults.bad_request(request, exception)
