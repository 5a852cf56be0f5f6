"""Observation posts in admin: merge duplicates; places searchable for the event pickers."""

import pytest
from django.urls import reverse

from apps.events.models import Event
from apps.places.models import ObservationPost
from tests.core.admin_builders import article_make, event_make, place_make, post_make
from tests.factories import PlaceFactory

CHANGELIST = "admin:places_observationpost_changelist"


@pytest.mark.django_db
def test_merge_posts_from_the_list(admin_client):
    kept, dup = post_make("Morek"), post_make("Murak")
    event = event_make(article=article_make(), observation_post=dup)
    selected = {"action": "merge_selected", "_selected_action": [kept.pk, dup.pk]}
    assert admin_client.post(reverse(CHANGELIST), selected).status_code == 200
    response = admin_client.post(
        reverse(CHANGELIST), {**selected, "post": "yes", "target": kept.pk}
    )
    assert response.status_code == 302
    assert not ObservationPost.objects.filter(pk=dup.pk).exists()
    assert Event.objects.get(pk=event.pk).observation_post == kept


@pytest.mark.django_db
def test_place_picker_searches_names_and_aliases(admin_client):
    saraqeb = place_make("Saraqeb")
    saraqeb.aliases.create(alias="Sarakib")
    place_make("Morek")
    response = admin_client.get(
        reverse("admin:autocomplete"),
        {"app_label": "events", "model_name": "event", "field_name": "place", "term": "Sarak"},
    )
    assert response.status_code == 200
    assert [row["text"] for row in response.json()["results"]] == ["Saraqeb"]


def test_place_admin_filters_are_the_place_filterset(admin_client):
    city = PlaceFactory(name="Aleppo", kind="city", country="SYR")
    region = PlaceFactory(name="Hatay", kind="region", country="TUR")
    url = reverse("admin:places_place_changelist")
    for params, expected in [({"kind": "city"}, city), ({"country": "TUR"}, region)]:
        response = admin_client.get(url, params)
        assert response.status_code == 200
        assert [place.pk for place in response.context["cl"].result_list] == [expected.pk]
