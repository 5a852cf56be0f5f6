"""Actors in admin: search by alias, link to their events, merge duplicates from the list."""

import pytest
from django.urls import reverse

from apps.actors.models import Actor, ActorAlias
from apps.events.models import EventActor
from tests.core.admin_builders import actor_make, article_make, event_make, mention_make

CHANGELIST = "admin:actors_actor_changelist"


@pytest.fixture
def pair():
    article = article_make()
    kept = actor_make("Hayat Tahrir al-Sham", kind="armed_group")
    dup = actor_make("HTS", kind="armed_group")
    ActorAlias.objects.create(actor=kept, alias="Tahrir al-Sham")
    event_make(article=article, actors=[(dup, "target")])
    event_make(article=article, actors=[(kept, "target"), (dup, "initiator")])
    mention_make(article, "Turkish troops", actor=dup)
    return kept, dup


def _listed(response):
    return [obj.pk for obj in response.context["cl"].result_list]


@pytest.mark.django_db
def test_search_finds_actors_by_alias(admin_client, pair):
    kept, dup = pair
    response = admin_client.get(reverse(CHANGELIST) + "?q=Tahrir al-Sham")
    assert _listed(response) == [kept.pk]


@pytest.mark.django_db
def test_each_actor_links_to_its_events(admin_client, pair):
    kept, _ = pair
    html = admin_client.get(reverse(CHANGELIST)).content.decode()
    link = reverse("admin:events_event_changelist") + f"?actor={kept.pk}&amp;review_status=all"
    assert link in html


@pytest.mark.django_db
def test_merge_action_confirms_then_merges(admin_client, admin_user, pair):
    kept, dup = pair
    selected = {"action": "merge_selected", "_selected_action": [kept.pk, dup.pk]}

    confirm = admin_client.post(reverse(CHANGELIST), selected)
    assert confirm.status_code == 200
    assert "admin/merge_confirmation.html" in [t.name for t in confirm.templates]
    rows = {row["obj"].pk: dict(row["counts"]) for row in confirm.context["rows"]}
    assert rows[dup.pk]["event roles"] == 2 and rows[dup.pk]["mentions"] == 1
    assert Actor.objects.filter(pk=dup.pk).exists()  # nothing happens before confirming

    done = admin_client.post(
        reverse(CHANGELIST), {**selected, "post": "yes", "target": str(kept.pk)}
    )
    assert done.status_code == 302
    assert done["Location"] == reverse("admin:actors_actor_change", args=[kept.pk])
    assert not Actor.objects.filter(pk=dup.pk).exists()
    assert EventActor.objects.filter(actor=kept).count() == 3
    assert kept.aliases.filter(alias="HTS", source="merge").exists()
    assert Actor.history.filter(id=kept.pk).first().history_user == admin_user


@pytest.mark.django_db
def test_merge_needs_two_records_and_a_choice(admin_client, pair):
    kept, dup = pair
    one = admin_client.post(
        reverse(CHANGELIST), {"action": "merge_selected", "_selected_action": [kept.pk]}
    )
    assert one.status_code == 302 and Actor.objects.count() == 2
    no_choice = admin_client.post(
        reverse(CHANGELIST),
        {"action": "merge_selected", "_selected_action": [kept.pk, dup.pk], "post": "yes"},
    )
    assert no_choice.status_code == 200 and Actor.objects.count() == 2
    foreign = admin_client.post(
        reverse(CHANGELIST),
        {
            "action": "merge_selected",
            "_selected_action": [kept.pk, dup.pk],
            "post": "yes",
            "target": "999999",
        },
    )
    assert foreign.status_code == 200 and Actor.objects.count() == 2


@pytest.mark.django_db
def test_editing_an_actor_protects_it(admin_client, pair):
    from tests.core.admin_builders import form_post_data

    kept, _ = pair
    url = reverse("admin:actors_actor_change", args=[kept.pk])
    data = form_post_data(admin_client.get(url))
    data["affiliation"] = "SYR"
    data["aliases-TOTAL_FORMS"] = str(int(data["aliases-TOTAL_FORMS"]) + 1)
    data[f"aliases-{int(data['aliases-TOTAL_FORMS']) - 1}-alias"] = "Hayat Tahrir al Sham"
    data[f"aliases-{int(data['aliases-TOTAL_FORMS']) - 1}-source"] = "editor"
    assert admin_client.post(url, data).status_code == 302
    kept.refresh_from_db()
    assert kept.affiliation == "SYR" and kept.editor_modified
    assert kept.aliases.filter(alias="Hayat Tahrir al Sham", source="editor").exists()
