"""Corrections of an event through the API cover what editors correct in admin: its actors and
their roles, its place, agreement and post; through the same services, and re-extraction
never undoes them."""

import datetime

import pytest

from apps.events.models import Event, EventActor
from apps.ingestion.parsers import parse_file
from apps.ingestion.persist.extraction import article_extract
from tests.api.helpers import token_client
from tests.factories import (
    ActorFactory,
    AgreementFactory,
    ArticleFactory,
    ObservationPostFactory,
    PlaceFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor():
    client, user = token_client("events.change_event", "events.view_event")
    return client, user


@pytest.fixture
def strike(seed_files):
    """An air strike the extractor read from a seed article, with its extracted actors."""
    path = next(p for p in seed_files if p.name.startswith("004"))
    parsed = parse_file(path)
    article = ArticleFactory(
        title=parsed.title,
        body=parsed.body,
        published_on=parsed.published_on,
        published_on_precision="day",
    )
    article_extract(article)
    event = Event.objects.get(event_type="air_strike", date=datetime.date(2020, 2, 24))
    assert event.actor_links.exists() and not event.editor_modified
    return article, event


def links(event) -> set[tuple[int, str]]:
    return set(EventActor.objects.filter(event=event).values_list("actor_id", "role"))


def test_reextraction_restores_extracted_links_an_unprotected_event_lost(strike):
    """The control for the tests below: without an editor's mark, links follow extraction."""
    article, event = strike
    before = links(event)
    EventActor.objects.filter(event=event).delete()
    article_extract(article, force=True)
    assert links(event) == before


def test_patch_actors_replaces_them_with_roles_and_reextraction_keeps_them(editor, strike):
    article, event = strike
    client, user = editor
    target, initiator = ActorFactory(name="Turkish Armed Forces"), ActorFactory(name="HTS")
    wanted = [{"id": target.pk, "role": "target"}, {"id": initiator.pk, "role": "initiator"}]
    response = client.patch(f"/api/v1/events/{event.pk}/", {"actors": wanted}, format="json")
    assert response.status_code == 200, response.content
    shown = {(row["id"], row["role"]) for row in response.json()["actors"]}
    assert shown == {(target.pk, "target"), (initiator.pk, "initiator")} == links(event)
    event.refresh_from_db()
    assert event.editor_modified and event.provenance == "editor"
    assert event.history.first().history_user == user
    for link in EventActor.objects.filter(event=event):
        assert link.editor_modified and link.event_date == event.date
        assert link.history.first().history_user == user

    article_extract(article, force=True)
    assert links(event) == {(target.pk, "target"), (initiator.pk, "initiator")}
    # and it reads back the same through a GET
    again = client.get(f"/api/v1/events/{event.pk}/").json()["actors"]
    assert {(row["id"], row["role"]) for row in again} == links(event)


def test_patch_actors_keeps_the_links_it_lists_and_an_empty_list_removes_all(editor, k):
    client, _ = editor
    url = f"/api/v1/events/{k.air_strike.pk}/"
    kept = EventActor.objects.get(event=k.air_strike, actor=k.saa)
    response = client.patch(
        url, {"actors": [{"id": k.saa.pk, "role": "initiator"}, {"id": k.turkey.pk}]}, format="json"
    )
    assert response.status_code == 200, response.content
    assert links(k.air_strike) == {(k.saa.pk, "initiator"), (k.turkey.pk, "participant")}
    assert EventActor.objects.get(event=k.air_strike, actor=k.saa).pk == kept.pk
    assert client.patch(url, {"actors": []}, format="json").status_code == 200
    assert links(k.air_strike) == set()


def test_patch_actors_and_date_together_date_the_new_links(editor, k):
    client, _ = editor
    response = client.patch(
        f"/api/v1/events/{k.meeting.pk}/",
        {"date": "2019-02-16", "actors": [{"id": k.putin.pk, "role": "initiator"}]},
        format="json",
    )
    assert response.status_code == 200, response.content
    link = EventActor.objects.get(event=k.meeting)
    assert (link.actor_id, link.role, link.event_date) == (
        k.putin.pk,
        "initiator",
        datetime.date(2019, 2, 16),
    )


@pytest.mark.parametrize(
    "actors,message",
    [
        ([{"id": 999999, "role": "target"}], "no record with id 999999."),
        ([{"id": 1, "role": "bystander"}], None),
        ([{"name": "Turkey", "role": "target"}], None),
        ("Turkey", None),
        ([{"id": "x"}], None),
        ([{"id": 10**30}], None),
        ([{"role": "target"}], "an actor is given by its id."),
        ([{}], "an actor is given by its id."),
    ],
)
def test_bad_actors_answer_400_and_change_nothing(editor, k, actors, message):
    client, _ = editor
    before = links(k.meeting)
    response = client.patch(f"/api/v1/events/{k.meeting.pk}/", {"actors": actors}, format="json")
    assert response.status_code == 400, response.content
    assert "actors" in response.json()
    if message:
        assert message in str(response.json()["actors"])
    assert links(k.meeting) == before
    k.meeting.refresh_from_db()
    assert not k.meeting.editor_modified


def test_an_actor_twice_with_one_role_is_400(editor, k):
    client, _ = editor
    twice = [{"id": k.putin.pk, "role": "target"}, {"id": k.putin.pk, "role": "target"}]
    response = client.patch(f"/api/v1/events/{k.meeting.pk}/", {"actors": twice}, format="json")
    assert response.status_code == 400
    assert response.json() == {"actors": ["an actor is listed twice with the same role."]}


def test_an_item_with_another_key_is_refused_by_name(editor, k):
    client, _ = editor
    item = {"id": k.putin.pk, "role": "target", "name": "Putin"}
    response = client.patch(f"/api/v1/events/{k.meeting.pk}/", {"actors": [item]}, format="json")
    assert response.status_code == 400
    assert "name" in str(response.json()["actors"])


@pytest.mark.parametrize("field", ["actor", "source_count", "id", "evidence", "disputed"])
def test_a_field_a_correction_cannot_set_is_refused_by_name(editor, k, field):
    client, _ = editor
    response = client.patch(f"/api/v1/events/{k.meeting.pk}/", {field: 1}, format="json")
    assert response.status_code == 400
    assert list(response.json()) == [field]
    assert "writable:" in response.json()[field][0] and "actors" in response.json()[field][0]
    k.meeting.refresh_from_db()
    assert not k.meeting.editor_modified


def test_other_endpoints_refuse_unknown_fields_too(k):
    client, _ = token_client("actors.change_actor")
    response = client.patch(f"/api/v1/actors/{k.hts.pk}/", {"aliases": ["HTS"]}, format="json")
    assert response.status_code == 400 and "aliases" in response.json()


def test_place_agreement_and_post_corrections_are_applied_and_kept(editor, strike):
    article, event = strike
    client, _ = editor
    place = PlaceFactory(name="Kafr Nabl", lat=35.61, lon=36.56)
    agreement = AgreementFactory(name="Moscow protocol")
    post = ObservationPostFactory(name="Sher Mughar observation post")
    payload = {"place": place.pk, "agreement": agreement.pk, "observation_post": post.pk}
    response = client.patch(f"/api/v1/events/{event.pk}/", payload, format="json")
    assert response.status_code == 200, response.content
    data = response.json()
    assert data["location"] == {"name": "Kafr Nabl", "lat": 35.61, "lon": 36.56}
    assert data["agreement"]["id"] == agreement.pk
    assert data["observation_post"]["id"] == post.pk

    article_extract(article, force=True)
    event.refresh_from_db()
    assert (event.place_id, event.agreement_id, event.observation_post_id) == (
        place.pk,
        agreement.pk,
        post.pk,
    )
    # and they can be cleared again
    cleared = {"place": None, "agreement": None, "observation_post": None}
    assert client.patch(f"/api/v1/events/{event.pk}/", cleared, format="json").status_code == 200
    event.refresh_from_db()
    assert (event.place_id, event.agreement_id, event.observation_post_id) == (None, None, None)


def test_an_unknown_place_is_400(editor, k):
    client, _ = editor
    response = client.patch(f"/api/v1/events/{k.meeting.pk}/", {"place": 999999}, format="json")
    assert response.status_code == 400 and "place" in response.json()
