"""The page registry: apps above a record's own add parts to its page."""

import pytest

from apps.actors.models import Actor
from apps.agreements.models import Agreement
from apps.articles.models import Article
from apps.core import pages
from apps.places.models import ObservationPost


def test_the_apps_above_register_the_parts_the_pages_show():
    keys = {model: set(pages._PARTS[model._meta.label_lower]) for model in (Actor, Agreement)}
    assert keys == {
        Actor: {"articles", "quotations"},
        Agreement: {"events", "articles", "post_life"},
    }
    assert set(pages._PARTS[ObservationPost._meta.label_lower]) == {"events", "articles"}
    assert set(pages._PARTS[Article._meta.label_lower]) == {"events"}


def test_a_part_registered_twice_is_refused(monkeypatch):
    monkeypatch.setattr(pages, "_PARTS", {})
    build = lambda actor: actor.pk  # noqa: E731
    pages.register(Actor, "n", build)
    pages.register(Actor, "n", build)  # the same wiring again (a module imported twice)
    with pytest.raises(ValueError, match="registered twice"):
        pages.register(Actor, "n", lambda actor: 0)
    assert pages.page_context(Actor(pk=7)) == {"n": 7}
    assert pages.page_context(Agreement(pk=7)) == {}


def test_record_urls_are_the_reversed_urls_under_any_script_prefix():
    from django.urls import get_script_prefix, reverse, set_script_prefix

    from apps.core.pages import record_url

    before = get_script_prefix()
    try:
        for prefix in ("/", "/kb/"):
            set_script_prefix(prefix)
            for pk in (1, 42, 987654320):
                assert record_url("events:event_detail")(pk) == reverse(
                    "events:event_detail", args=[pk]
                )
        assert record_url("actors:actor_detail")(7).startswith("/kb/")
    finally:
        set_script_prefix(before)
