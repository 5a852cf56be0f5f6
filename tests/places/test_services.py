"""Places and observation posts: one row each, editors win."""

import datetime as dt

import pytest

from apps.core.choices import ReviewStatus
from apps.core.services import record_editor_update, records_set_review_status
from apps.places.models import ObservationPost, Place, PlaceKind
from apps.places.services import place_resolve_or_create, post_resolve_or_create
from tests.factories import AgreementFactory, PlaceFactory

pytestmark = pytest.mark.django_db


def _morek_place(**kwargs):
    fields = dict(
        name="Morek", kind=PlaceKind.TOWN, country="SYR", lat=35.38, lon=36.68,
        aliases=["Murak"], dictionary_key="place:morek",
    )  # fmt: skip
    fields.update(kwargs)
    return place_resolve_or_create(**fields)


def test_place_found_by_key_name_or_alias_and_coordinates_filled():
    bare = PlaceFactory(name="Morek", lat=None, lon=None, country="")
    place = _morek_place()
    assert place.pk == bare.pk
    place.refresh_from_db()
    assert (place.lat, place.lon, place.country, place.dictionary_key) == (
        35.38, 36.68, "SYR", "place:morek"
    )  # fmt: skip
    assert place_resolve_or_create(name="Murak", kind=PlaceKind.TOWN).pk == place.pk
    assert Place.objects.count() == 1


def test_existing_coordinates_are_not_moved():
    place = PlaceFactory(name="Morek", lat=35.0, lon=36.0)
    _morek_place()
    place.refresh_from_db()
    assert (place.lat, place.lon) == (35.0, 36.0)


def test_post_created_with_place_and_agreement_then_reused():
    astana = AgreementFactory(name="Astana de-escalation agreement")
    place = _morek_place()
    post = post_resolve_or_create(
        name="Morek observation post", agreement=astana, place=place,
        established_on=dt.date(2018, 4, 7), aliases=["Morek post"], dictionary_key="post:morek",
    )  # fmt: skip
    again = post_resolve_or_create(name="Morek post")
    assert again.pk == post.pk
    assert (post.agreement, post.place) == (astana, place)
    assert ObservationPost.objects.count() == 1


def test_protected_post_keeps_its_fields_and_rejected_post_stays_away():
    post = post_resolve_or_create(name="Surman observation post")
    record_editor_update(post, changes={"status": "withdrawn"})
    post_resolve_or_create(name="Surman observation post", place=_morek_place())
    post.refresh_from_db()
    assert post.place is None and post.status == "withdrawn"
    records_set_review_status([post], status=ReviewStatus.REJECTED)
    assert post_resolve_or_create(name="Surman observation post") is None
    assert ObservationPost.objects.count() == 1
