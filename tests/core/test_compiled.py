"""Lists compiled once per shape of their filters (apps/core/compiled.py) answer exactly what
the ORM answers, and a shape whose SQL its values change otherwise is never templated."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection

from apps.actors.models import Actor
from apps.core.compiled import ListStatements, compile_sql, shape_of, template_from
from apps.events.models import Event
from apps.events.selectors import EVENT_LIST_STATEMENTS, event_list_rows
from tests.factories import (
    ActorFactory,
    ArticleFactory,
    EventActorFactory,
    EventFactory,
    EvidenceFactory,
    PlaceFactory,
)

DAY = datetime.date(2019, 3, 1)


def test_ids_and_dates_are_abstracted_and_other_values_kept():
    one = shape_of({"actor": [Actor(pk=4)], "date_after": DAY, "ordering": ["-date"], "q": ""})
    other = shape_of(
        {
            "actor": [Actor(pk=90)],
            "date_after": DAY.replace(year=2020),
            "ordering": ["-date"],
            "q": "",
        }
    )
    assert one.key == other.key
    assert one.values == (4, DAY) and other.values == (90, DAY.replace(year=2020))
    assert one.marked["actor"][0].pk < 0 and one.marked["date_after"].year < 1200
    assert one.marked["ordering"] == ["-date"]
    two_actors = shape_of({"actor": [Actor(pk=4), Actor(pk=5)], "date_after": DAY})
    other_order = shape_of({"actor": [Actor(pk=4)], "date_after": DAY, "ordering": ["date"]})
    assert len({one.key, two_actors.key, other_order.key}) == 3


def test_a_value_of_an_unknown_kind_has_no_shape():
    assert shape_of({"actor": [Actor(pk=4)], "odd": object()}) is None
    assert shape_of({"since": datetime.datetime(2020, 1, 1)}) is None  # no time zone
    assert shape_of({"since": datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC)}) is not None


def test_a_template_binds_back_to_the_real_statement():
    shape = shape_of({"actor": [Actor(pk=7)], "date_after": DAY, "status": "verified"})
    marker, day = shape.marked["actor"][0].pk, shape.marked["date_after"]
    real = ("SELECT 1 WHERE a = %s AND b >= %s AND c = %s AND d = %s", (7, DAY, "verified", 7))
    marked = (real[0], (marker, day, "verified", marker))
    template = template_from(real, marked, shape.values)
    assert template.bind(shape.values) == (real[0], list(real[1]))
    assert template.bind((8, DAY.replace(day=2))) == (
        real[0],
        [8, DAY.replace(day=2), "verified", 8],
    )


def test_a_template_is_refused_when_the_values_change_more_than_the_parameters():
    shape = shape_of({"actor": [Actor(pk=7)], "date_after": DAY})
    marker, day = shape.marked["actor"][0].pk, shape.marked["date_after"]
    sql = "SELECT 1 WHERE a = %s AND b >= %s"
    assert (
        template_from((sql, (7, DAY)), (sql.replace(">=", ">"), (marker, day)), shape.values)
        is None
    )
    # a value the filter transformed: the marker is not found, and the constants differ
    assert template_from((sql, (8, DAY)), (sql, (marker + 1, day)), shape.values) is None
    assert (
        template_from((sql, (7, DAY)), (sql, (marker, day + datetime.timedelta(1))), shape.values)
        is None
    )
    assert template_from((sql, (7, DAY, 1)), (sql, (marker, day)), shape.values) is None


def test_a_shifted_value_never_lands_on_another_slots_marker():
    # date_before is date_after + 1 day: a filter that adds a day to date_after must not be
    # taken for the slot of date_before, or the next request would bind the wrong date.
    shape = shape_of({"date_after": DAY, "date_before": DAY + datetime.timedelta(1)})
    after, before = shape.marked["date_after"], shape.marked["date_before"]
    sql = "SELECT 1 WHERE b > %s AND b <= %s"
    shifted = (sql, (DAY + datetime.timedelta(1), DAY + datetime.timedelta(1)))
    marked = (sql, (after + datetime.timedelta(1), before))
    assert template_from(shifted, marked, shape.values) is None
    ids = shape_of({"actor": [Actor(pk=7), Actor(pk=6)]})
    first, second = (item.pk for item in ids.marked["actor"])
    assert (
        template_from(("SELECT %s, %s", (6, 6)), ("SELECT %s, %s", (first - 1, second)), ids.values)
        is None
    )
    assert abs(first - second) >= 1000 and abs((after - before).days) >= 1000


def test_a_shape_with_too_many_slots_is_not_kept():
    assert shape_of({"actor": [Actor(pk=n) for n in range(1, 401)]}) is not None
    assert shape_of({"actor": [Actor(pk=n) for n in range(1, 402)]}) is None


@pytest.mark.django_db
def test_a_shape_whose_sql_depends_on_its_values_keeps_the_orm():
    statements = ListStatements(lambda queryset: queryset.values_list("id"))
    shape = shape_of({"actor": [Actor(pk=7)]})
    real = Event.objects.filter(pk=7)
    marked = Event.objects.filter(pk__gt=shape.marked["actor"][0].pk)
    assert statements.learn(shape, real, marked) is None
    assert statements.seen(real.db, shape) and statements.get(real.db, shape) is None
    found = statements.learn(shape, real, Event.objects.filter(pk=shape.marked["actor"][0].pk))
    assert found is not None
    sql, params = found.rows.bind(shape.values)
    assert (sql, tuple(params)) == compile_sql(real.values_list("id"))


@pytest.mark.django_db
def test_statements_keep_the_most_recently_used_shapes():
    statements = ListStatements(lambda queryset: queryset.values_list("id"), size=2)
    shapes = [shape_of({"ordering": [name]}) for name in ("id", "-id", "date")]
    for shape, name in zip(shapes, ("id", "-id", "date"), strict=True):
        queryset = Event.objects.order_by(name)
        assert statements.learn(shape, queryset, queryset) is not None
    assert not statements.seen("default", shapes[0])
    assert statements.get("default", shapes[2]) is not None


@pytest.fixture
def events():
    actors = ActorFactory.create_batch(3)
    places = PlaceFactory.create_batch(2)
    articles = ArticleFactory.create_batch(2)
    for i in range(30):
        event = EventFactory(
            date=DAY + datetime.timedelta(days=7 * i),
            place=places[i % 2],
            event_type=("air_strike", "meeting")[i % 2],
            review_status=("extracted", "verified", "rejected")[i % 3],
        )
        EventActorFactory(event=event, actor=actors[i % 3], role="initiator")
        EventActorFactory(event=event, actor=actors[(i + 1) % 3], role="target")
        EvidenceFactory(event=event, article=articles[i % 2])
    return actors, places, articles


def orm_answer(api, path, params):
    """The answer without templates: every request takes the ORM's way."""
    EVENT_LIST_STATEMENTS.clear()
    get, seen = EVENT_LIST_STATEMENTS.get, EVENT_LIST_STATEMENTS.seen
    EVENT_LIST_STATEMENTS.get = lambda db, shape: None
    EVENT_LIST_STATEMENTS.seen = lambda db, shape: True
    try:
        return api.get(path, params).json()
    finally:
        EVENT_LIST_STATEMENTS.get, EVENT_LIST_STATEMENTS.seen = get, seen


@pytest.mark.django_db
def test_a_templated_page_is_the_orms_page(api, events):
    """Each pair asks the same shape with other values: the second request is bound into the
    template the first one left, and must answer what the ORM answers for it."""
    if connection.vendor != "postgresql":
        pytest.skip("lists are templated on PostgreSQL")
    actors, places, articles = events
    later = (DAY + datetime.timedelta(days=70)).isoformat()
    pairs = [
        ({"actor": actors[0].pk}, {"actor": actors[1].pk}),
        (
            {"actor": actors[0].pk, "date_after": DAY.isoformat(), "page_size": 4},
            {"actor": actors[2].pk, "date_after": later, "page_size": 4, "page": 2},
        ),
        ({"actor": [actors[0].pk, actors[1].pk]}, {"actor": [actors[1].pk, actors[2].pk]}),
        (
            {"place": places[0].pk, "ordering": "-source_count"},
            {"place": places[1].pk, "ordering": "-source_count"},
        ),
        ({"article": articles[0].pk, "page_size": 3}, {"article": articles[1].pk, "page_size": 3}),
        (
            {"event_type": "air_strike", "review_status": "all", "date_before": later},
            {"event_type": "air_strike", "review_status": "all", "date_before": DAY.isoformat()},
        ),
        (
            {"review_status": "rejected", "page": "last", "page_size": 2},
            {"review_status": "rejected", "page": "last", "page_size": 3},
        ),
    ]
    for first, second in pairs:
        EVENT_LIST_STATEMENTS.clear()
        api.get("/api/v1/events/", first)
        templated = api.get("/api/v1/events/", second).json()
        assert templated == orm_answer(api, "/api/v1/events/", second), second
        assert templated["results"] or second.get("date_before")


@pytest.mark.django_db
def test_a_templated_page_is_one_query(api, events, django_assert_num_queries):
    if connection.vendor != "postgresql":
        pytest.skip("lists are templated on PostgreSQL")
    actors = events[0]
    EVENT_LIST_STATEMENTS.clear()
    api.get("/api/v1/events/", {"actor": actors[0].pk, "page_size": 50})
    with django_assert_num_queries(1):  # the page, its related rows in it; no count needed
        data = api.get("/api/v1/events/", {"actor": actors[1].pk, "page_size": 50}).json()
    assert data["count"] == len(data["results"]) > 0


@pytest.mark.django_db
def test_the_rows_a_template_gives_are_the_querysets_rows(events):
    if connection.vendor != "postgresql":
        pytest.skip("lists are templated on PostgreSQL")
    from apps.core.api.pagination import StatementRows
    from apps.events.filtersets import EventFilterSet
    from apps.events.selectors import event_list_queryset

    actors = events[0]
    data = {"actor": [str(actors[0].pk)], "date_after": DAY.isoformat()}
    filterset = EventFilterSet(data=_query(data), queryset=event_list_queryset())
    assert filterset.is_valid()
    shape = shape_of(filterset.form.cleaned_data)
    statements = ListStatements(event_list_rows)
    found = statements.learn(shape, filterset.qs, filterset.queryset_with(shape.marked))
    rows = StatementRows(filterset.qs.db, found, shape.values).slice(0, 100)
    assert rows == list(event_list_rows(filterset.qs))


def _query(data):
    from django.http import QueryDict

    query = QueryDict(mutable=True)
    for name, values in data.items():
        query.setlist(name, values if isinstance(values, list) else [values])
    return query
