import pytest
from django.http import QueryDict

from apps.places.filtersets import ObservationPostFilterSet
from apps.places.models import ObservationPost

pytestmark = pytest.mark.django_db


def ids(query: str) -> set[int]:
    filterset = ObservationPostFilterSet(QueryDict(query), queryset=ObservationPost.objects.all())
    assert filterset.is_valid(), filterset.errors
    return set(filterset.qs.values_list("id", flat=True))


def test_agreement(k):
    assert ids(f"agreement={k.sochi.pk}") == {k.morek.pk, k.sarman.pk}
    assert ids(f"agreement={k.moscow.pk}") == set()


def test_status(k):
    assert ids("status=encircled") == {k.morek.pk}
    assert ids("status=active&status=withdrawn") == {k.sarman.pk, k.tal_tuqan.pk}


def test_q_matches_name_alias_and_place(k):
    assert ids("q=morek") == {k.morek.pk}
    assert ids("q=murak") == {k.morek.pk}
    assert ids("q=tal tuqan") == {k.tal_tuqan.pk}


def test_unknown_status_names_the_parameter(k):
    filterset = ObservationPostFilterSet(
        QueryDict("status=gone"), queryset=ObservationPost.objects.all()
    )
    assert not filterset.is_valid()
    assert "status" in filterset.errors


def test_each_status_the_pages_show_is_the_value_the_api_takes():
    from apps.places.models import PostStatus

    for value, label in PostStatus.choices:
        assert value == label.lower(), (value, label)
