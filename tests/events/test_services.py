"""Persisting extracted events: one event per real event, editors' work kept, bounded queries."""

import datetime

import pytest

from apps.articles.models import Article
from apps.core.choices import ReviewStatus
from apps.core.services import records_set_review_status
from apps.events.matching import EventInput
from apps.events.models import Event, EventActor, Evidence
from apps.events.services import (
    article_delete,
    event_actor_set_role,
    event_actor_update,
    event_update,
    events_upsert_for_article,
    evidence_delete,
    evidence_move,
)
from tests.factories import (
    ActorFactory,
    ArticleFactory,
    EventFactory,
    EvidenceFactory,
    PlaceFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

STRIKE_QUOTE = "34 died in an air strike last week blamed on Damascus."


def strike(actors, *, start=0, date=datetime.date(2020, 2, 24), precision="week", **extra):
    values = dict(
        event_type="air_strike",
        cameo_code="195",
        acled_event_type="Explosions/Remote violence",
        acled_sub_event_type="Air/drone strike",
        date=date,
        date_precision=precision,
        end_date=date + datetime.timedelta(days=6) if date and precision == "week" else None,
        date_expression="last week",
        date_is_relative=True,
        summary="Air strike",
        place_id=None,
        location_text="",
        agreement_id=None,
        post_id=None,
        fatalities=34,
        wounded=None,
        actors=actors,
        start=start,
        end=start + len(STRIKE_QUOTE),
        quote=STRIKE_QUOTE,
    )
    values.update(extra)
    return EventInput(**values)


@pytest.fixture
def rows():
    syria = ActorFactory(name="Syria", kind="state")
    turkey_army = ActorFactory(name="Turkish Armed Forces", kind="armed_forces")
    return syria, turkey_army


def test_same_event_in_two_articles_is_one_event_with_two_pieces_of_evidence(rows):
    syria, army = rows
    first, second = ArticleFactory(), ArticleFactory()
    events_upsert_for_article(first, [strike([(syria.pk, "initiator", "Damascus")])], version="t")
    # Another outlet dates the same strike to the day inside that week and names the target.
    events_upsert_for_article(
        second,
        [
            strike(
                [(syria.pk, "initiator", "Syrian regime"), (army.pk, "target", "Turkish troops")],
                start=40,
                date=datetime.date(2020, 2, 27),
                precision="day",
            )
        ],
        version="t",
    )
    event = Event.objects.get()
    assert event.source_count == 2
    assert Evidence.objects.filter(event=event).count() == 2
    assert set(event.actor_links.values_list("actor_id", "role")) == {
        (syria.pk, "initiator"),
        (army.pk, "target"),
    }


def test_different_families_or_dates_stay_apart(rows):
    syria, _ = rows
    article = ArticleFactory()
    items = [
        strike([(syria.pk, "initiator", "Damascus")]),
        strike([(syria.pk, "initiator", "Damascus")], start=100, date=datetime.date(2019, 8, 19)),
        strike(
            [(syria.pk, "initiator", "Damascus")],
            start=200,
            event_type="statement",
            cameo_code="010",
        ),
    ]
    events_upsert_for_article(article, items, version="t")
    assert Event.objects.count() == 3


def test_reextraction_is_idempotent_and_follows_a_new_date(rows):
    syria, _ = rows
    article = ArticleFactory()
    item = strike([(syria.pk, "initiator", "Damascus")], date=None, precision="")
    events_upsert_for_article(article, [item], version="t")
    event = Event.objects.get()
    assert event.date is None
    events_upsert_for_article(article, [strike([(syria.pk, "initiator", "Damascus")])], version="t")
    event.refresh_from_db()
    assert Event.objects.count() == 1 and Evidence.objects.count() == 1
    assert event.date == datetime.date(2020, 2, 24)
    assert set(EventActor.objects.values_list("event_date", flat=True)) == {event.date}


def test_editor_changes_survive_and_links_they_set_stay(rows):
    syria, army = rows
    article = ArticleFactory()
    events_upsert_for_article(article, [strike([(syria.pk, "initiator", "Damascus")])], version="t")
    event = Event.objects.get()
    editor = UserFactory()
    event_update(
        event, changes={"date": datetime.date(2020, 2, 27), "date_precision": "day"}, user=editor
    )
    link = event.actor_links.get()
    event_actor_set_role(link, role="participant", user=editor)
    assert set(EventActor.objects.values_list("event_date", flat=True)) == {
        datetime.date(2020, 2, 27)
    }

    events_upsert_for_article(
        article, [strike([(army.pk, "target", "Turkish troops")], fatalities=40)], version="t"
    )
    event.refresh_from_db()
    assert event.date == datetime.date(2020, 2, 27) and event.fatalities == 34
    assert set(event.actor_links.values_list("actor_id", "role")) == {(syria.pk, "participant")}
    assert event.history.first().history_user == editor


def test_rejected_event_is_not_recreated_by_this_or_another_article(rows):
    syria, _ = rows
    article, other = ArticleFactory(), ArticleFactory()
    item = strike([(syria.pk, "initiator", "Damascus")])
    events_upsert_for_article(article, [item], version="t")
    records_set_review_status(Event.objects.all(), status=ReviewStatus.REJECTED)
    events_upsert_for_article(article, [item], version="t")
    events_upsert_for_article(
        other, [strike([(syria.pk, "initiator", "Damascus")], start=9)], version="t"
    )
    assert Event.objects.count() == 1
    assert Event.objects.get().review_status == ReviewStatus.REJECTED


def test_events_no_longer_extracted_go_unless_protected_or_cited_elsewhere(rows):
    syria, army = rows
    article, other = ArticleFactory(), ArticleFactory()
    gone = strike([(syria.pk, "initiator", "Damascus")])
    kept = strike([(army.pk, "initiator", "Ankara")], start=100, date=datetime.date(2019, 8, 19))
    shared = strike(
        [(syria.pk, "initiator", "Damascus")], start=200, date=datetime.date(2018, 1, 1)
    )
    events_upsert_for_article(article, [gone, kept, shared], version="t")
    events_upsert_for_article(other, [shared], version="t")
    verified = Event.objects.get(date=datetime.date(2019, 8, 19))
    records_set_review_status([verified], status=ReviewStatus.VERIFIED)

    stats = events_upsert_for_article(article, [], version="t")
    assert stats["removed"] == 1
    assert not Event.objects.filter(date=datetime.date(2020, 2, 24)).exists()
    assert Event.objects.filter(pk=verified.pk).exists()
    survivor = Event.objects.get(date=datetime.date(2018, 1, 1))
    assert survivor.source_count == 1
    assert list(survivor.evidence.values_list("article", flat=True)) == [other.pk]


def test_verified_undated_event_gets_its_date_when_known(rows):
    syria, _ = rows
    article = ArticleFactory()
    events_upsert_for_article(
        article,
        [strike([(syria.pk, "initiator", "Damascus")], date=None, precision="")],
        version="t",
    )
    records_set_review_status(Event.objects.all(), status=ReviewStatus.VERIFIED)
    events_upsert_for_article(article, [strike([(syria.pk, "initiator", "Damascus")])], version="t")
    event = Event.objects.get()
    assert event.date == datetime.date(2020, 2, 24)
    assert event.review_status == ReviewStatus.VERIFIED


def test_query_count_does_not_grow_with_the_number_of_events(rows, django_assert_max_num_queries):
    syria, army = rows
    place = PlaceFactory()
    article = ArticleFactory()

    def items(n):
        return [
            strike(
                [(syria.pk, "initiator", "Damascus"), (army.pk, "target", "troops")],
                start=i * 100,
                date=datetime.date(2015, 1, 1) + datetime.timedelta(days=10 * i),
                precision="day",
                place_id=place.pk,
            )
            for i in range(n)
        ]

    with django_assert_max_num_queries(25):
        events_upsert_for_article(article, items(3), version="t")
    with django_assert_max_num_queries(25):
        events_upsert_for_article(ArticleFactory(), items(40), version="t")
    with django_assert_max_num_queries(25):
        events_upsert_for_article(article, items(40), version="t")
    assert Event.objects.count() == 40


def test_unknown_role_is_refused(rows):
    syria, _ = rows
    article = ArticleFactory()
    events_upsert_for_article(article, [strike([(syria.pk, "initiator", "Damascus")])], version="t")
    with pytest.raises(ValueError):
        event_actor_set_role(EventActor.objects.get(), role="bystander")


def test_unchanged_events_get_no_new_history(rows):
    syria, _ = rows
    article = ArticleFactory()
    item = strike([(syria.pk, "initiator", "Damascus")])
    events_upsert_for_article(article, [item], version="t")
    event = Event.objects.get()
    versions = event.history.count()
    stats = events_upsert_for_article(article, [item], version="t")
    assert stats["unchanged"] == 1 and "updated" not in stats
    assert event.history.count() == versions


def test_source_count_is_the_number_of_citing_articles_through_reextractions(rows):
    """Each article's upsert shifts the count by what it started or stopped citing; the
    count always equals the distinct articles of the event's evidence."""
    syria, army = rows
    articles = [ArticleFactory() for _ in range(4)]
    report = strike([(syria.pk, "initiator", "Damascus")])
    twice = [report, strike([(syria.pk, "initiator", "Syria")], start=90)]
    other_event = strike(
        [(army.pk, "initiator", "Ankara")], start=200, date=datetime.date(2019, 1, 8)
    )
    steps = [
        (0, [report]),
        (1, twice),  # two sentences of one article: one source
        (2, [report, other_event]),
        (1, twice),  # re-extracted unchanged
        (2, [other_event]),  # no longer reports the strike
        (3, [report]),
        (2, [report, other_event]),  # reports it again
        (0, []),
    ]
    for index, items in steps:
        events_upsert_for_article(articles[index], items, version="t")
        for event in Event.objects.all():
            cited = event.evidence.values("article").distinct().count()
            assert event.source_count == cited, (index, event)
    strike_event = Event.objects.get(event_type="air_strike", date=datetime.date(2020, 2, 24))
    assert strike_event.source_count == 3


# Editors' changes to evidence and articles recount the events they touch --------------------


def _reported(*counts: int) -> list[Event]:
    """Events cited by ``counts[i]`` articles each, with their ``source_count`` set wrong
    (one too many), so that only a recount makes it right."""
    events = []
    for count in counts:
        event = EventFactory(source_count=count + 1)
        for _ in range(count):
            EvidenceFactory(event=event)
        events.append(event)
    return events


def _counts(*events: Event) -> list[int]:
    return [Event.objects.get(pk=event.pk).source_count for event in events]


def _cited(event: Event) -> int:
    return event.evidence.values("article").distinct().count()


def test_deleting_evidence_recounts_its_event():
    event, untouched = _reported(3, 2)
    gone = evidence_delete(Evidence.objects.filter(pk=event.evidence.first().pk))
    assert gone == 1
    assert _counts(event, untouched) == [2, 3] and _cited(event) == 2


def test_deleting_the_last_evidence_of_an_event_counts_no_source():
    (event,) = _reported(1)
    evidence_delete(event.evidence.all())
    assert _counts(event) == [0]


def test_moving_evidence_recounts_the_event_it_left_and_the_one_it_joined():
    left, joined = _reported(3, 1)
    row = left.evidence.first()
    row.event = joined
    evidence_move(row)
    assert _counts(left, joined) == [2, 2] == [_cited(left), _cited(joined)]


def test_new_evidence_counts_its_article_once():
    (event,) = _reported(1)
    article = event.evidence.get().article
    quote = "Putin met Erdogan."
    evidence_move(Evidence(event=event, article=article, quote=quote, start=90, end=108))
    assert _counts(event) == [1]  # the same article twice is one source
    evidence_move(Evidence(event=event, article=ArticleFactory(), quote=quote, start=0, end=18))
    assert _counts(event) == [2]


def test_deleting_articles_recounts_the_events_they_reported():
    both, alone, untouched = _reported(2, 1, 1)
    article = alone.evidence.get().article
    EvidenceFactory(event=both, article=article)
    both.source_count += 1
    Event.objects.filter(pk=both.pk).update(source_count=both.source_count)
    article_delete(Article.objects.filter(pk=article.pk))
    assert not Article.objects.filter(pk=article.pk).exists()
    assert _counts(both, alone, untouched) == [2, 0, 2]


def test_an_editors_link_takes_the_date_of_the_event_it_is_moved_to(rows):
    syria, _ = rows
    first = EventFactory(date=datetime.date(2020, 2, 24))
    second = EventFactory(date=datetime.date(2019, 5, 1))
    link = EventActor.objects.create(event=first, actor=syria, role="initiator", event_date=None)
    event_actor_update(link, changes={"event": second}, user=UserFactory())
    link.refresh_from_db()
    assert (link.event_id, link.event_date) == (second.pk, second.date)
    assert link.editor_modified
