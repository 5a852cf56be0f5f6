import pytest
from django.http import QueryDict

from apps.events.filtersets import EventFilterSet
from apps.events.models import Event

pytestmark = pytest.mark.django_db


def ids(query: str) -> set[int]:
    filterset = EventFilterSet(QueryDict(query), queryset=Event.objects.all())
    assert filterset.is_valid(), filterset.errors
    return set(filterset.qs.values_list("id", flat=True))


def errors(query: str) -> dict:
    filterset = EventFilterSet(QueryDict(query), queryset=Event.objects.all())
    assert not filterset.is_valid()
    return filterset.errors


def test_no_filter_returns_every_event_but_the_rejected_ones(k):
    assert ids("") == {k.meeting.pk, k.air_strike.pk, k.ceasefire.pk}
    assert len(ids("review_status=all")) == 4


def test_an_unbound_filterset_leaves_rejected_events_out_too(k):
    filterset = EventFilterSet(queryset=Event.objects.all())
    assert k.rejected not in filterset.qs
    assert filterset.qs.count() == 3


def test_actor_is_any_of_the_given_ids(k):
    assert ids(f"actor={k.putin.pk}") == {k.meeting.pk, k.ceasefire.pk}
    assert ids(f"actor={k.turkey.pk}") == {k.air_strike.pk}
    assert ids(f"actor={k.putin.pk}&actor={k.saa.pk}") == {
        k.meeting.pk,
        k.ceasefire.pk,
        k.air_strike.pk,
    }


def test_actor_kind(k):
    assert ids("actor_kind=armed_group&review_status=all") == {k.rejected.pk}
    assert ids("actor_kind=armed_group") == set()
    assert ids("actor_kind=state&actor_kind=armed_forces") == {k.air_strike.pk}


def test_agreement_and_observation_post(k):
    assert ids(f"agreement={k.sochi.pk}") == {k.meeting.pk}
    assert ids(f"agreement={k.moscow.pk}") == {k.ceasefire.pk}
    assert ids(f"observation_post={k.morek.pk}") == {k.air_strike.pk}


def test_event_type_and_cameo_code(k):
    assert ids("event_type=meeting") == {k.meeting.pk}
    every = "&review_status=all"
    assert ids("event_type=air_strike&event_type=shelling" + every) == {
        k.air_strike.pk,
        k.rejected.pk,
    }
    assert ids("event_type=air_strike&event_type=shelling") == {k.air_strike.pk}
    assert ids("cameo_code=195" + every) == {k.air_strike.pk, k.rejected.pk}
    assert ids("cameo_code=19" + every) == {k.air_strike.pk, k.rejected.pk}
    assert ids("cameo_code=05") == {k.ceasefire.pk}


def test_date_range(k):
    assert ids("date_after=2020-01-01") == {k.air_strike.pk, k.ceasefire.pk}
    assert ids("date_before=2019-12-31&review_status=all") == {k.meeting.pk, k.rejected.pk}
    assert ids("date_after=2020-03-01&date_before=2020-03-31") == {k.ceasefire.pk}


def test_review_status_and_article(k):
    assert ids("review_status=rejected") == {k.rejected.pk}
    assert len(ids("review_status=extracted")) == 3
    assert ids("review_status=extracted&review_status=rejected") == ids("review_status=all")
    assert ids(f"article={k.strike.pk}") == {k.air_strike.pk}
    assert ids(f"article={k.strike.pk}&review_status=all") == {k.air_strike.pk, k.rejected.pk}


def test_q_searches_summary_and_location(k):
    assert ids("q=saraqeb") == {k.air_strike.pk}
    assert ids("q=ceasefire idlib") == {k.ceasefire.pk}
    assert ids("q=nothing-like-this") == set()


def test_an_id_that_matches_no_record_matches_no_event(k):
    assert ids("actor=999999") == set()
    assert ids("agreement=999999") == set()
    assert ids(f"actor=999999&actor={k.putin.pk}") == ids(f"actor={k.putin.pk}") != set()


def test_ordering_by_source_count(k):
    filterset = EventFilterSet(QueryDict("ordering=-source_count"), queryset=Event.objects.all())
    assert filterset.qs.first() == k.air_strike


@pytest.mark.parametrize(
    "query,param",
    [
        ("actor=abc", "actor"),
        ("actor=99999999999999999999999", "actor"),
        ("actor=0", "actor"),
        ("date_after=2020-13-45", "date_after"),
        ("date_before=yesterday", "date_before"),
        ("event_type=picnic", "event_type"),
        ("cameo_code=DROP TABLE", "cameo_code"),
        ("review_status=maybe", "review_status"),
        ("actor_kind=alien", "actor_kind"),
        ("q=a%00b", "q"),
        ("ordering=summary", "ordering"),
    ],
)
def test_values_that_make_no_sense_name_the_parameter(k, query, param):
    assert param in errors(query)
