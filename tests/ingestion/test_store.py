"""article_extract end to end on the seed articles: events stored once, cited, editors win."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from apps.core.choices import ReviewStatus
from apps.core.services import records_set_review_status
from apps.events.models import Event, EventActor, Evidence
from apps.events.services import event_update
from apps.ingestion.parsers import parse_file
from apps.ingestion.persist.entities import dictionary_store
from apps.ingestion.persist.extraction import article_extract, article_publication_date_set
from tests.factories import ArticleFactory, UserFactory

pytestmark = pytest.mark.django_db


def seed_article(seed_files, prefix: str, *, published_on="parsed"):
    path = next(p for p in seed_files if p.name.startswith(prefix))
    parsed = parse_file(path)
    if published_on == "parsed":
        published_on = parsed.published_on
    return ArticleFactory(
        title=parsed.title,
        body=parsed.body,
        published_on=published_on,
        published_on_precision="day" if published_on else "",
    )


def test_events_of_a_dated_article_are_stored_with_their_evidence(seed_files):
    article = seed_article(seed_files, "004")
    stats = article_extract(article)
    assert stats["created"] == Event.objects.count() > 5
    strike = Event.objects.get(event_type="air_strike", date=datetime.date(2020, 2, 24))
    assert strike.date_precision == "week" and strike.fatalities == 34
    assert strike.actor_links.filter(role="initiator", actor__name="Syria").exists()
    operation = Event.objects.get(event_type="operation_declared")
    assert (operation.date, operation.end_date) == (
        datetime.date(2020, 2, 29),
        datetime.date(2020, 3, 1),
    )
    assert Event.objects.filter(event_type="meeting", date=datetime.date(2020, 3, 5)).exists()
    for evidence in Evidence.objects.filter(article=article):
        assert article.body[evidence.start : evidence.end] == evidence.quote
    assert not Event.objects.filter(evidence__isnull=True).exists()
    for link in EventActor.objects.select_related("event"):
        assert link.event_date == link.event.date
    article.refresh_from_db()
    assert article.extracted_at is not None


def test_reextraction_changes_nothing(seed_files):
    article = seed_article(seed_files, "004")
    article_extract(article)
    before = sorted(Event.objects.values_list("pk", "event_type", "date", "source_count"))
    stats = article_extract(article, force=True)
    assert stats.get("created", 0) == 0
    assert sorted(Event.objects.values_list("pk", "event_type", "date", "source_count")) == before
    assert article_extract(article) == {"skipped": 1}


def test_two_articles_reporting_one_strike_make_one_event(seed_files):
    first = seed_article(seed_files, "004")
    article_extract(first)
    second = ArticleFactory(
        body="Turkey said 34 soldiers died in an air strike last week blamed on Damascus.",
        published_on=datetime.date(2020, 3, 3),
    )
    article_extract(second)
    strike = Event.objects.get(event_type="air_strike", fatalities=34)
    assert strike.source_count == 2
    assert set(strike.evidence.values_list("article", flat=True)) == {first.pk, second.pk}


def test_editors_win_over_reextraction(seed_files):
    article = seed_article(seed_files, "004")
    article_extract(article)
    strike = Event.objects.get(event_type="air_strike", fatalities=34)
    operation = Event.objects.get(event_type="operation_declared")
    meeting = Event.objects.get(event_type="meeting", date=datetime.date(2020, 3, 5))
    event_update(
        strike,
        changes={"date": datetime.date(2020, 2, 27), "date_precision": "day"},
        user=UserFactory(),
    )
    records_set_review_status([operation], status=ReviewStatus.VERIFIED)
    records_set_review_status([meeting], status=ReviewStatus.REJECTED)
    operation_history = operation.history.count()

    article_extract(article, force=True)

    strike.refresh_from_db()
    assert (strike.date, strike.date_precision) == (datetime.date(2020, 2, 27), "day")
    assert operation.history.count() == operation_history
    assert Event.objects.get(pk=meeting.pk).review_status == ReviewStatus.REJECTED
    meetings = Event.objects.filter(event_type="meeting", date=datetime.date(2020, 3, 5))
    assert list(meetings.values_list("pk", flat=True)) == [meeting.pk]


def test_undated_article_events_get_dated_when_the_publication_date_is_set(seed_files):
    article = seed_article(seed_files, "003", published_on=None)
    article_extract(article)
    strike = Event.objects.get(event_type="air_strike")
    assert strike.date is None and strike.date_is_relative
    assert strike.date_expression.lower() == "last week"
    # The text itself dates the article to August 2019 ("Aug. 5" reported after the dated
    # safe-zone deal), enough for "Aug. 5" but not for "last week".
    article.refresh_from_db()
    assert (article.published_on, article.published_on_precision) == (
        datetime.date(2019, 8, 1),
        "month",
    )
    assert article.published_on_source == "inferred" and "Aug. 5" in article.published_on_evidence
    annulment = Event.objects.get(event_type="agreement_annulled")
    assert (annulment.date, annulment.date_precision) == (datetime.date(2019, 8, 5), "day")

    article.published_on, article.published_on_precision = datetime.date(2019, 8, 27), "day"
    article.save()
    article_extract(article)

    strike.refresh_from_db()
    assert (strike.date, strike.date_precision) == (datetime.date(2019, 8, 19), "week")
    assert Event.objects.get(pk=annulment.pk).date == datetime.date(2019, 8, 5)
    assert set(strike.actor_links.values_list("event_date", flat=True)) <= {strike.date}


def test_query_count_does_not_follow_the_number_of_events(seed_files):
    dictionary_store()  # the curated rows, as after ``manage.py load_dictionary``
    article_extract(seed_article(seed_files, "000"))  # the entities of the corpus exist
    counts = []
    for prefix in ("003", "004"):
        article = seed_article(seed_files, prefix)
        with CaptureQueriesContext(connection) as ctx:
            stats = article_extract(article)
        counts.append((len(ctx), stats["events"]))
    (few_queries, few_events), (many_queries, many_events) = counts
    assert many_events >= few_events + 5
    assert many_queries <= few_queries + 5 and many_queries < 50


def test_an_editor_setting_the_publication_date_dates_the_waiting_events(seed_files):
    article = seed_article(seed_files, "003", published_on=None)
    article_extract(article)
    strike = Event.objects.get(event_type="air_strike")
    event_update(strike, changes={"summary": "Convoy hit near Morek"})
    annulment = Event.objects.get(event_type="agreement_annulled")

    article_publication_date_set(article, published_on=datetime.date(2019, 8, 27))

    article.refresh_from_db()
    assert article.editor_modified and article.published_on_source == "stated"
    assert Event.objects.get(pk=annulment.pk).date == datetime.date(2019, 8, 5)
    strike.refresh_from_db()
    assert strike.date is None  # the editor's version of this event is left as it was
    with pytest.raises(ValueError):
        article_publication_date_set(
            article, published_on=datetime.date(2019, 8, 27), precision="x"
        )
