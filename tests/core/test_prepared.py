"""Reads compiled once and bound per call (apps/core/prepared.py) give the queryset's rows."""

from __future__ import annotations

import pytest

from apps.actors.models import Actor
from apps.core.prepared import PreparedRead
from tests.factories import ActorFactory

pytestmark = pytest.mark.django_db


def by_ids(ids):
    return Actor.objects.filter(pk__in=ids).order_by("name").values_list("id", "name")


def test_the_rows_are_the_querysets_for_any_number_of_ids():
    actors = ActorFactory.create_batch(5)
    read = PreparedRead(by_ids)
    for chosen in ([actors[0]], actors[1:4], actors):
        ids = [a.pk for a in chosen]
        assert read.rows(ids) == list(by_ids(ids))


def test_no_ids_or_unknown_ids_give_no_rows():
    ActorFactory()
    read = PreparedRead(by_ids)
    assert read.rows([]) == []
    assert read.rows([10**12]) == []


def test_several_lists_are_bound_each_in_its_place():
    a, b, c = ActorFactory.create_batch(3)

    def either(first, second):
        return (
            Actor.objects.filter(pk__in=first)
            .order_by()
            .values_list("id", "name")
            .union(
                Actor.objects.filter(pk__in=second).order_by().values_list("id", "name"), all=True
            )
        )

    read = PreparedRead(either, lists=2)
    assert sorted(read.rows([a.pk], [c.pk])) == sorted([(a.pk, a.name), (c.pk, c.name)])
    assert read.rows([], [b.pk]) == [(b.pk, b.name)]


def test_a_read_that_does_not_use_its_ids_is_refused():
    read = PreparedRead(lambda ids: Actor.objects.values_list("id"))
    with pytest.raises(ValueError, match="exactly once"):
        read.rows([1])


def test_the_rows_are_read_where_the_router_reads_the_model(monkeypatch):
    """With a read replica the router names it: a prepared read goes there, as the queryset
    would, not to the primary."""
    import apps.core.prepared as prepared

    actor = ActorFactory()
    asked = []

    def db_for_read(model, **hints):
        asked.append(model)
        return "default"

    monkeypatch.setattr(prepared.router, "db_for_read", db_for_read)
    read = PreparedRead(by_ids)
    assert read.rows([actor.pk]) == [(actor.pk, actor.name)]
    assert asked == [Actor]
