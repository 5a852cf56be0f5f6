"""What the apps above a record's own add to its page.

An actor's page lists the articles that name it; an agreement's and a post's page list their
events and articles; an article's page its events. The app that owns the page sits below events
and articles and imports neither, so those apps register what they add, in a ``pages.py`` their
``AppConfig.ready`` imports (as ``search.py`` does for the site search):

    register(Actor, "articles", lambda actor: article_naming("actor", actor))

and the record's view puts ``page_context(actor)`` into its template's context, one key per
registered part.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from typing import Any

from django.urls import get_script_prefix, reverse

_PARTS: dict[str, dict[str, Callable[[Any], Any]]] = {}


def register(model, key: str, build: Callable[[Any], Any]) -> None:
    """Add ``build(record)`` to the page of every ``model`` record, as ``key`` in its context;
    a key registered twice for one model is a wiring mistake and raises."""
    parts = _PARTS.setdefault(model._meta.label_lower, {})
    if parts.get(key, build) is not build:
        raise ValueError(f"page part {key!r} of {model._meta.label} is registered twice")
    parts[key] = build


def page_context(record) -> dict[str, Any]:
    """Each registered part of ``record``'s page, by its key."""
    parts = _PARTS.get(record._meta.label_lower, {})
    return {key: build(record) for key, build in parts.items()}


_MARK = 987_654_321


def record_url(url_name: str) -> Callable[[int], str]:
    """``pk -> URL`` of the records of ``url_name`` (a URL taking one id), resolved once per
    URL name and script prefix: a page that links hundreds of records then does not reverse
    each link."""
    return _record_url(url_name, get_script_prefix())


@lru_cache(maxsize=64)
def _record_url(url_name: str, prefix: str) -> Callable[[int], str]:
    head, tail = reverse(url_name, args=[_MARK]).split(str(_MARK))
    return lambda pk: f"{head}{pk}{tail}"
