"""rows_insert / history_rows: plain-value inserts that store what bulk_create would."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from apps.core.bulk import history_rows, rows_insert
from apps.core.choices import ReviewStatus
from apps.events.models import Event, Evidence
from tests.factories import ArticleFactory, EventFactory


@pytest.mark.django_db
def test_rows_come_back_with_their_ids_in_order_and_the_fields_defaults():
    rows = [
        {"event_type": "airstrike", "cameo_code": "195", "date": date(2020, 2, 27)},
        {"event_type": "meeting", "cameo_code": "043", "date": None},
        {"event_type": "statement", "cameo_code": "010", "date": date(2019, 8, 5)},
    ]
    ids = rows_insert(Event, rows, return_ids=True)
    assert len(ids) == 3 and len(set(ids)) == 3
    stored = {e.pk: e for e in Event.objects.filter(pk__in=ids)}
    for pk, row in zip(ids, rows, strict=True):
        event = stored[pk]
        assert (event.event_type, event.cameo_code, event.date) == (
            row["event_type"],
            row["cameo_code"],
            row["date"],
        )
        # Defaults a save() would have given: the model's, and the time for auto_now fields.
        assert event.review_status == ReviewStatus.EXTRACTED
        assert event.editor_modified is False and event.source_count == 0
        assert event.created_at is not None and event.updated_at is not None


@pytest.mark.django_db
def test_one_statement_per_batch_however_many_rows():
    rows = [{"event_type": "meeting", "cameo_code": "043"} for _ in range(30)]
    with CaptureQueriesContext(connection) as queries:
        rows_insert(Event, rows)
    assert len(queries) == 1
    assert Event.objects.count() == 30


@pytest.mark.django_db
def test_conflicting_rows_are_skipped_when_asked():
    event, article = EventFactory(), ArticleFactory()
    row = {"event_id": event.pk, "article_id": article.pk, "quote": "q", "start": 0, "end": 1}
    rows_insert(Evidence, [row])
    rows_insert(Evidence, [row, row | {"start": 5, "end": 9}], ignore_conflicts=True)
    assert sorted(Evidence.objects.values_list("start", flat=True)) == [0, 5]
    with pytest.raises(ValueError, match="ids cannot be returned"):
        rows_insert(Evidence, [row], return_ids=True, ignore_conflicts=True)


@pytest.mark.django_db
def test_wrong_columns_are_refused_before_anything_is_written():
    with pytest.raises(ValueError, match="no column 'event'"):
        rows_insert(Evidence, [{"event": 1, "article_id": 1, "quote": "", "start": 0, "end": 0}])
    assert rows_insert(Evidence, []) == []
    assert not Evidence.objects.exists()


@pytest.mark.django_db
def test_history_rows_record_the_creation_of_each_instance():
    events = [EventFactory(), EventFactory(event_type="meeting")]
    Event.history.all().delete()
    assert history_rows(Event, events) == 2
    for event in events:
        (row,) = Event.history.filter(id=event.pk)
        assert row.history_type == "+" and row.history_user_id is None
        assert (row.event_type, row.date, row.summary) == (
            event.event_type,
            event.date,
            event.summary,
        )
        assert row.instance.pk == event.pk


@pytest.mark.django_db
def test_any_text_round_trips_whatever_its_quotes_braces_or_newlines():
    event, article = EventFactory(), ArticleFactory()
    quotes = [
        'He said "no", then {left}',
        "back\\slash, comma; 'single' and \u201ccurly\u201d",
        "line one\nline two\t\u00e7\u0131\u011f NULL",
        "",
    ]
    rows = [
        {"event_id": event.pk, "article_id": article.pk, "quote": q, "start": i, "end": i + 1}
        for i, q in enumerate(quotes)
    ]
    rows_insert(Evidence, rows)
    stored = list(Evidence.objects.order_by("start").values_list("quote", flat=True))
    assert stored == quotes
