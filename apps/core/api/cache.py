"""A shared cache of anonymous API reads, emptied by any write to the knowledge base.

Reading a filtered page of events costs a few milliseconds of SQL but several times that of
Python (filters, pagination, serialization), so a busy API is bound by the application's
CPU. Researchers' scripts and other services ask the same questions again and again; between
two writes the answers cannot change, so they are kept.

* Which reads: GET list and detail pages of the knowledge endpoints, answered 200 as JSON, to
  a client that sends no credentials (no ``Authorization`` header, no session cookie).
  Anything else — exports, the browsable API, other statuses, signed-in users — is served
  as usual.
* Key: a data version, the method, scheme and host (answers hold absolute links), the path
  with its parameters in sorted order, and the ``Accept`` header.
* Invalidation: every INSERT, UPDATE or DELETE the application sends to the database (ORM
  saves, bulk operations and raw SQL alike, from web processes and Celery workers) gives the
  data a new version once its transaction commits; a rolled-back write changes nothing. The
  version is a random token in the cache, so an evicted or restarted cache simply starts
  empty. Writes to sessions, users, tokens and the admin log do not count, nor those to
  tables derived from others (``apps.core.derived``), which change with them.
* On by default only when ``CACHE_URL`` names a shared cache (Redis), with
  ``API_CACHE_SECONDS`` as the longest life of an entry; ``API_CACHE_SECONDS=0`` turns it off.
  Within one process (``make demo``) the local-memory cache is shared by construction.
"""

from __future__ import annotations

import hashlib
import logging
import re
import uuid
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse

from ..derived import derived_tables

logger = logging.getLogger(__name__)

VERSION_KEY = "kb:data-version"
CACHED_ACTIONS = ("list", "retrieve")
KEPT_HEADERS = ("Content-Type", "X-Count-Estimated", "Allow", "Vary", "Content-Language")
_WRITE = re.compile(r"^\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+\"?(\w+)", re.IGNORECASE)
# Tables whose writes never change an API answer (a login, a session, a token, the admin log).
_IGNORED_TABLES = frozenset(
    {"django_session", "auth_user", "authtoken_token", "django_admin_log", "auth_user_groups"}
)


def enabled() -> bool:
    return getattr(settings, "API_CACHE_SECONDS", 0) > 0


def data_version() -> str:
    version = cache.get(VERSION_KEY)
    if version is None:
        version = uuid.uuid4().hex
        if not cache.add(VERSION_KEY, version, timeout=None):
            version = cache.get(VERSION_KEY) or version
    return version


def data_changed() -> None:
    """Give the data a new version: every cached answer is stale from now on."""
    try:
        cache.set(VERSION_KEY, uuid.uuid4().hex, timeout=None)
    except Exception:  # an unreachable cache must not fail the write that already committed
        logger.exception("could not record a data change in the cache")


def is_write(sql: str) -> bool:
    match = _WRITE.match(sql)
    if not match:
        return False
    table = match.group(1).lower()
    # Tables the database derives from others change with them, never on their own.
    return table not in _IGNORED_TABLES and table not in derived_tables()


def watch_writes(execute, sql, params, many, context):
    """Database execute wrapper: note writes, bump the version when they are committed."""
    result = execute(sql, params, many, context)
    if isinstance(sql, str) and is_write(sql):
        connection = context["connection"]
        if not connection.in_atomic_block:
            data_changed()
        elif not any(func is data_changed for _, func, _ in connection.run_on_commit):
            connection.on_commit(data_changed)
    return result


def watch_connection(sender, connection, **kwargs) -> None:
    """``connection_created`` receiver: install the write watcher once per connection."""
    if watch_writes not in connection.execute_wrappers:
        connection.execute_wrappers.append(watch_writes)


def request_key(request) -> str:
    params = sorted((k, v) for k in request.GET for v in request.GET.getlist(k))
    raw = "\n".join(
        [
            request.method,
            request.scheme,
            request.get_host(),  # pages carry absolute links to the next and previous pages
            request.path,
            urlencode(params),
            request.META.get("HTTP_ACCEPT", ""),
        ]
    )
    digest = hashlib.sha256(raw.encode("utf-8", "surrogatepass")).hexdigest()
    return f"kb:api:{data_version()}:{digest}"


def cacheable_request(request, action: str | None) -> bool:
    return (
        enabled()
        and request.method == "GET"
        and action in CACHED_ACTIONS
        and "HTTP_AUTHORIZATION" not in request.META
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and request.GET.get("format", "json") == "json"
    )


class CachedReadMixin:
    """For API viewsets: serve anonymous JSON reads from the shared cache (see above)."""

    def dispatch(self, request, *args, **kwargs):
        action = getattr(self, "action_map", {}).get(request.method.lower())
        key = None
        if cacheable_request(request, action):
            try:
                key = request_key(request)
                hit = cache.get(key)
            except Exception:  # the cache is an accelerator; without it, answer from the DB
                logger.exception("API cache unavailable")
                key, hit = None, None
            if hit is not None:
                status, headers, body = hit
                response = HttpResponse(body, status=status)
                for name, value in headers:
                    response[name] = value
                response["X-Cache"] = "hit"
                return response
        response = super().dispatch(request, *args, **kwargs)
        if key is not None and _storable(response):
            headers = [(name, response[name]) for name in KEPT_HEADERS if response.has_header(name)]
            try:
                cache.set(
                    key,
                    (response.status_code, headers, response.content),
                    timeout=settings.API_CACHE_SECONDS,
                )
            except Exception:
                logger.exception("API cache unavailable")
            response["X-Cache"] = "miss"
        return response


def _storable(response) -> bool:
    if response.status_code != 200 or getattr(response, "streaming", False):
        return False
    if hasattr(response, "render"):
        response.render()
    return response.get("Content-Type", "").startswith("application/json") and not len(
        response.cookies
    )
