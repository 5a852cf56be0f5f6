import pytest
from django.http import QueryDict

from apps.articles.filtersets import ArticleFilterSet
from apps.articles.models import Article

pytestmark = pytest.mark.django_db


def ids(query: str) -> set[int]:
    filterset = ArticleFilterSet(QueryDict(query), queryset=Article.objects.all())
    assert filterset.is_valid(), filterset.errors
    return set(filterset.qs.values_list("id", flat=True))


def test_actor_and_agreement_follow_mentions(k):
    assert ids(f"actor={k.putin.pk}") == {k.summit.pk, k.protocol.pk}
    assert ids(f"actor={k.turkey.pk}") == {k.strike.pk}
    assert ids(f"agreement={k.sochi.pk}") == {k.summit.pk}


def test_published_range(k):
    assert ids("published_after=2020-01-01") == {k.strike.pk, k.protocol.pk}
    assert ids("published_before=2019-12-31") == {k.summit.pk}


def test_source_ignores_case(k):
    assert ids("source=reuters") == {k.strike.pk, k.protocol.pk}
    assert ids("source=AFP") == {k.summit.pk}


def test_q_full_text(k):
    assert ids("q=saraqeb") == {k.strike.pk}
    assert ids("q=erdogan ceasefire") == {k.protocol.pk}
    assert ids("q=demilitarised") == {k.summit.pk}


def test_bad_values_name_the_parameter(k):
    filterset = ArticleFilterSet(
        QueryDict("published_after=soon&actor=-3"), queryset=Article.objects.all()
    )
    assert not filterset.is_valid()
    assert {"published_after", "actor"} <= set(filterset.errors)
