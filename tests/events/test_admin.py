"""Event review in admin: the queue, the page with its evidence, edits, verify/reject, history."""

import datetime as dt

import pytest
from django.urls import reverse

from apps.core.choices import Provenance, ReviewStatus
from apps.events.admin import evidence_context
from apps.events.models import Event
from tests.core.admin_builders import (
    QUOTE,
    actor_make,
    article_make,
    event_make,
    form_post_data,
)

CHANGELIST = "admin:events_event_changelist"


def _change_url(event):
    return reverse("admin:events_event_change", args=[event.pk])


@pytest.fixture
def events():
    article = article_make()
    turkey, syria = actor_make("Turkey"), actor_make("Syria")
    pending = event_make(article=article, actors=[(turkey, "initiator"), (syria, "target")])
    verified = event_make(article=article, review_status=ReviewStatus.VERIFIED)
    rejected = event_make(article=article, review_status=ReviewStatus.REJECTED)
    old = event_make(article=article, date=dt.date(2019, 5, 1), actors=[(syria, "initiator")])
    return {
        "article": article,
        "turkey": turkey,
        "syria": syria,
        "pending": pending,
        "verified": verified,
        "rejected": rejected,
        "old": old,
    }


def _listed(response):
    return {obj.pk for obj in response.context["cl"].result_list}


@pytest.mark.django_db
def test_changelist_defaults_to_the_review_queue(admin_client, events):
    queue = _listed(admin_client.get(reverse(CHANGELIST)))
    assert queue == {events["pending"].pk, events["old"].pk}

    everything = _listed(admin_client.get(reverse(CHANGELIST) + "?review_status=all"))
    assert everything == {
        e.pk for k, e in events.items() if k in {"pending", "verified", "rejected", "old"}
    }

    rejected = _listed(admin_client.get(reverse(CHANGELIST) + "?review_status=rejected"))
    assert rejected == {events["rejected"].pk}


@pytest.mark.django_db
def test_unverified_events_of_a_year_and_of_an_actor(admin_client, events):
    of_2019 = _listed(admin_client.get(reverse(CHANGELIST) + "?date__year=2019"))
    assert of_2019 == {events["old"].pk}

    response = admin_client.get(reverse(CHANGELIST) + f"?actor={events['turkey'].pk}")
    assert _listed(response) == {events["pending"].pk}
    # The actor filter is a search-as-you-type picker showing the chosen actor, not a list.
    html = response.content.decode()
    assert 'data-model-name="eventactor"' in html and 'data-field-name="actor"' in html
    assert f'<option value="{events["turkey"].pk}" selected>Turkey</option>' in html
    assert "Syria</option>" not in html


@pytest.mark.django_db
def test_review_page_quotes_the_evidence_in_its_paragraph(admin_client, events):
    event = events["pending"]
    evidence = event.evidence.get()
    html = admin_client.get(_change_url(event)).content.decode()

    assert f"<mark>{QUOTE}</mark>" in html
    assert "Ankara said eight of its soldiers had been killed." in html  # same paragraph
    assert "agreed a ceasefire in Idlib" not in html.split("<mark>")[1].split("</blockquote>")[0]
    article_url = reverse("articles:article_detail", args=[events["article"].pk])
    assert f'href="{article_url}#evidence-{evidence.pk}"' in html
    # Pickers for agreement, post and place; actors with their roles inline.
    for field in ("agreement", "observation_post", "place"):
        assert f'data-field-name="{field}"' in html
    assert 'name="actor_links-0-role"' in html


@pytest.mark.django_db
def test_fixing_date_and_role_protects_event_and_link(admin_client, admin_user, events):
    event = events["pending"]
    data = form_post_data(admin_client.get(_change_url(event)))
    data["date"] = "2020-02-05"
    role_key = next(k for k, v in data.items() if k.endswith("-role") and v == "target")
    data[role_key] = "participant"

    response = admin_client.post(_change_url(event), data)
    assert response.status_code == 302, response.context and response.context["errors"]

    event.refresh_from_db()
    assert event.date == dt.date(2020, 2, 5)
    assert event.editor_modified and event.provenance == Provenance.EDITOR
    link = event.actor_links.get(actor=events["syria"])
    assert link.role == "participant" and link.editor_modified
    assert set(event.actor_links.values_list("event_date", flat=True)) == {dt.date(2020, 2, 5)}
    assert event.history.first().history_user == admin_user
    untouched = event.actor_links.get(actor=events["turkey"])
    assert not untouched.editor_modified


@pytest.mark.django_db
def test_changing_the_event_type_updates_its_codes(admin_client, events):
    event = events["pending"]
    data = form_post_data(admin_client.get(_change_url(event)))
    data["event_type"] = "air_strike"
    assert admin_client.post(_change_url(event), data).status_code == 302
    event.refresh_from_db()
    assert (event.event_type, event.cameo_code) == ("air_strike", "195")
    assert event.acled_sub_event_type == "Air/drone strike"


@pytest.mark.django_db
def test_an_end_date_before_the_date_is_refused(admin_client, events):
    event = events["pending"]
    data = form_post_data(admin_client.get(_change_url(event)))
    data["end_date"] = "2020-01-01"
    response = admin_client.post(_change_url(event), data)
    assert response.status_code == 200
    assert "The end date is before the date." in response.content.decode()
    event.refresh_from_db()
    assert event.end_date is None and not event.editor_modified


@pytest.mark.django_db
def test_saving_without_changes_does_not_claim_the_record(admin_client, events):
    event = events["pending"]
    data = form_post_data(admin_client.get(_change_url(event)))
    assert admin_client.post(_change_url(event), data).status_code == 302
    event.refresh_from_db()
    assert not event.editor_modified and event.provenance == Provenance.EXTRACTOR


@pytest.mark.django_db
@pytest.mark.parametrize(
    "action,status",
    [
        ("verify_selected", ReviewStatus.VERIFIED),
        ("reject_selected", ReviewStatus.REJECTED),
    ],
)
def test_bulk_review_actions(admin_client, admin_user, events, action, status):
    chosen = [events["pending"], events["old"]]
    response = admin_client.post(
        reverse(CHANGELIST),
        {"action": action, "_selected_action": [e.pk for e in chosen]},
    )
    assert response.status_code == 302
    for event in chosen:
        event.refresh_from_db()
        assert event.review_status == status
        assert event.history.first().history_user == admin_user
    assert _listed(admin_client.get(reverse(CHANGELIST))) == set()


@pytest.mark.django_db
def test_history_shows_the_change_and_reverts_it(admin_client, admin_user, events):
    event = events["pending"]
    original_summary = event.summary
    data = form_post_data(admin_client.get(_change_url(event)))
    data["summary"] = "Turkish artillery hit Syrian positions."
    assert admin_client.post(_change_url(event), data).status_code == 302

    history_url = reverse("admin:events_event_history", args=[event.pk])
    page = admin_client.get(history_url).content.decode()
    assert "<strong>Summary:</strong>" in page  # a per-field diff
    assert "Turkish artillery hit Syrian positions." in page
    assert f'/admin/auth/user/{admin_user.pk}/change/">{admin_user.username}</a>' in page

    first = event.history.order_by("history_date").first()
    revert_url = reverse("admin:events_event_simple_history", args=[event.pk, first.history_id])
    form = admin_client.get(revert_url)
    assert form.status_code == 200
    revert_data = form_post_data(form)
    assert admin_client.post(revert_url, revert_data).status_code == 302
    event.refresh_from_db()
    assert event.summary == original_summary
    assert event.editor_modified
    assert event.history.first().history_user == admin_user


def test_evidence_context_stays_in_the_paragraph():
    body = "First paragraph.\n\nSecond one. The quote is here. After it.\n\nThird."
    start = body.index("The quote")
    end = start + len("The quote is here.")
    assert evidence_context(body, start, end, body[start:end]) == (
        "Second one. ",
        "The quote is here.",
        " After it.",
    )


def test_evidence_context_finds_a_moved_quote_and_survives_a_missing_one():
    body = "Intro.\n\nNew words. The quote is here."
    assert evidence_context(body, 0, 5, "The quote is here.")[1] == "The quote is here."
    assert evidence_context(body, 0, 5, "Gone sentence.") == ("", "Gone sentence.", "")


def test_evidence_context_trims_long_paragraphs():
    body = "x" * 5000 + " The quote. " + "y" * 5000
    start = body.index("The quote.")
    before, quote, after = evidence_context(body, start, start + 10, "The quote.")
    assert quote == "The quote."
    assert before.startswith("…") and len(before) < 700
    assert after.endswith("…") and len(after) < 700


@pytest.mark.django_db
def test_verifying_from_the_page_is_like_the_bulk_action(admin_client, admin_user, events):
    event = events["pending"]
    data = form_post_data(admin_client.get(_change_url(event)))
    data["review_status"] = ReviewStatus.VERIFIED
    assert admin_client.post(_change_url(event), data).status_code == 302
    event.refresh_from_db()
    assert event.review_status == ReviewStatus.VERIFIED
    assert not event.editor_modified  # verified, not rewritten: still protected by its status
    assert event.history.first().history_user == admin_user


@pytest.mark.django_db
def test_search_keeps_the_chosen_year_but_hides_the_date_bar(admin_client, events):
    events["old"].summary = "Syrian shelling"
    events["old"].save()
    events["pending"].summary = "Syrian shelling again"
    events["pending"].save()
    response = admin_client.get(reverse(CHANGELIST) + "?q=syrian")
    assert _listed(response) == {events["old"].pk, events["pending"].pk}
    assert 'class="toplinks"' not in response.content.decode()  # no date bar
    response = admin_client.get(reverse(CHANGELIST) + "?q=syrian&date__year=2019")
    assert _listed(response) == {events["old"].pk}
    assert 'class="toplinks"' in admin_client.get(reverse(CHANGELIST)).content.decode()


def _cited_by(event) -> int:
    return event.evidence.values("article").distinct().count()


@pytest.mark.django_db
def test_source_count_follows_evidence_an_editor_deletes_or_moves(admin_client, events):
    event, other = events["pending"], events["old"]
    second = article_make()
    start = second.body.index(QUOTE)
    for article in (second, article_make()):
        event.evidence.create(article=article, quote=QUOTE, start=start, end=start + len(QUOTE))
    Event.objects.filter(pk=event.pk).update(source_count=3)

    # An evidence row removed in the event's inline.
    data = form_post_data(admin_client.get(_change_url(event)))
    row = next(
        k
        for k, v in data.items()
        if k.endswith("-id") and v == str(event.evidence.get(article=second).pk)
    )
    data[row.removesuffix("-id") + "-DELETE"] = "on"
    assert admin_client.post(_change_url(event), data).status_code == 302
    event.refresh_from_db()
    assert event.source_count == _cited_by(event) == 2

    # One moved to another event on its own page, then deleted there.
    moved = event.evidence.exclude(article=events["article"]).get()
    url = reverse("admin:events_evidence_change", args=[moved.pk])
    data = form_post_data(admin_client.get(url))
    data["event"] = str(other.pk)
    assert admin_client.post(url, data).status_code == 302
    event.refresh_from_db(), other.refresh_from_db()
    assert (
        (event.source_count, other.source_count) == (1, 2) == (_cited_by(event), _cited_by(other))
    )
    delete = reverse("admin:events_evidence_delete", args=[moved.pk])
    assert admin_client.post(delete, {"post": "yes"}).status_code == 302
    other.refresh_from_db()
    assert other.source_count == _cited_by(other) == 1


@pytest.mark.django_db
def test_deleting_articles_takes_them_out_of_their_events_source_counts(admin_client, events):
    event = events["pending"]
    extra = [article_make() for _ in range(3)]
    start = extra[0].body.index(QUOTE)
    for article in extra:
        event.evidence.create(article=article, quote=QUOTE, start=start, end=start + len(QUOTE))
    Event.objects.filter(pk=event.pk).update(source_count=4)

    page = reverse("admin:articles_article_delete", args=[extra[0].pk])
    assert admin_client.post(page, {"post": "yes"}).status_code == 302
    event.refresh_from_db()
    assert event.source_count == 3

    changelist = reverse("admin:articles_article_changelist")
    chosen = {
        "action": "delete_selected",
        "post": "yes",
        "_selected_action": [a.pk for a in extra[1:]],
    }
    assert admin_client.post(changelist, chosen).status_code == 302
    event.refresh_from_db()
    assert event.source_count == _cited_by(event) == 1


@pytest.mark.django_db
def test_links_added_or_moved_in_the_link_admin_carry_their_events_date(admin_client, events):
    link = events["pending"].actor_links.get(actor=events["syria"])
    url = reverse("admin:events_eventactor_change", args=[link.pk])
    data = form_post_data(admin_client.get(url))
    data["event"] = str(events["old"].pk)
    data["role"] = "target"
    assert admin_client.post(url, data).status_code == 302
    link.refresh_from_db()
    assert (link.event_id, link.event_date) == (events["old"].pk, events["old"].date)
    assert link.editor_modified

    add = reverse("admin:events_eventactor_add")
    data = form_post_data(admin_client.get(add))
    data.update(event=str(events["verified"].pk), actor=str(events["turkey"].pk), role="target")
    assert admin_client.post(add, data).status_code == 302
    new = events["verified"].actor_links.get(actor=events["turkey"])
    assert new.event_date == events["verified"].date is not None
