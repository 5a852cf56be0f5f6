import pytest
from django.http import QueryDict

from apps.actors.filtersets import ActorFilterSet
from apps.actors.models import Actor

pytestmark = pytest.mark.django_db


def ids(query: str) -> set[int]:
    filterset = ActorFilterSet(QueryDict(query), queryset=Actor.objects.all())
    assert filterset.is_valid(), filterset.errors
    return set(filterset.qs.values_list("id", flat=True))


def test_kind(k):
    assert ids("kind=person") == {k.putin.pk, k.erdogan.pk}
    assert ids("kind=state&kind=armed_group") == {k.turkey.pk, k.hts.pk}


def test_affiliation_ignores_case(k):
    assert ids("affiliation=TUR") == {k.erdogan.pk, k.turkey.pk}
    assert ids("affiliation=rus") == {k.putin.pk}


def test_q_matches_names_and_aliases_without_accents(k):
    assert ids("q=erdogan") == {k.erdogan.pk}
    assert ids("q=Erdoğan") == {k.erdogan.pk}
    assert ids("q=hts") == {k.hts.pk}
    assert ids("q=ankara") == {k.turkey.pk}
    assert ids("q=putin") == {k.putin.pk}


def test_agreement_lists_its_parties(k):
    assert ids(f"agreement={k.sochi.pk}") == {k.putin.pk, k.erdogan.pk}
    assert ids(f"agreement={k.adana.pk}") == {k.turkey.pk}


def test_article_lists_the_actors_it_names(k):
    assert ids(f"article={k.strike.pk}") == {k.turkey.pk}
    assert ids(f"article={k.summit.pk}") == {k.putin.pk, k.erdogan.pk}


@pytest.mark.parametrize(
    "query,param",
    [("kind=wizard", "kind"), ("agreement=x", "agreement"), ("affiliation=TURKEY", "affiliation")],
)
def test_bad_values_name_the_parameter(k, query, param):
    filterset = ActorFilterSet(QueryDict(query), queryset=Actor.objects.all())
    assert not filterset.is_valid()
    assert param in filterset.errors
