import pytest
from django.http import QueryDict

from apps.agreements.filtersets import AgreementFilterSet
from apps.agreements.models import Agreement

pytestmark = pytest.mark.django_db


def ids(query: str) -> set[int]:
    filterset = AgreementFilterSet(QueryDict(query), queryset=Agreement.objects.all())
    assert filterset.is_valid(), filterset.errors
    return set(filterset.qs.values_list("id", flat=True))


def test_party(k):
    assert ids(f"party={k.putin.pk}") == {k.sochi.pk, k.moscow.pk}
    assert ids(f"party={k.turkey.pk}") == {k.adana.pk}
    assert ids(f"party={k.hts.pk}") == set()


def test_signed_range(k):
    assert ids("signed_after=2018-01-01") == {k.sochi.pk, k.moscow.pk}
    assert ids("signed_before=2000-01-01") == {k.adana.pk}
    assert ids("signed_after=2018-09-17&signed_before=2018-09-17") == {k.sochi.pk}


def test_q_and_kind(k):
    assert ids("q=sochi") == {k.sochi.pk, k.moscow.pk}  # the protocol's alias is "Sochi 2.0"
    assert ids("q=corridor") == {k.moscow.pk}
    assert ids("kind=treaty") == {k.adana.pk}
    assert ids("kind=memorandum&kind=protocol") == {k.sochi.pk, k.moscow.pk}


def test_article(k):
    assert ids(f"article={k.protocol.pk}") == {k.moscow.pk}


def test_bad_date_names_the_parameter(k):
    filterset = AgreementFilterSet(
        QueryDict("signed_after=17/09/2018"), queryset=Agreement.objects.all()
    )
    assert not filterset.is_valid()
    assert "signed_after" in filterset.errors
