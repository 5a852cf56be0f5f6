"""Undoing a wrong merge: an editor splits evidence out of an event into a new one, in the
admin, with history; re-extraction does not merge them again."""

import pytest
from django.urls import reverse

from apps.events.models import Event, EventFigure, Evidence
from apps.events.splitting import SplitError, event_split
from apps.ingestion.persist.extraction import article_extract
from apps.ingestion.services import ingest_path
from tests.events.test_disputes import REPORTS

pytestmark = pytest.mark.django_db


@pytest.fixture
def merged(tmp_path):
    for name in ("wire.txt", "afp.txt"):
        (tmp_path / name).write_text(REPORTS[name], encoding="utf-8")
        ingest_path(tmp_path / name)
    strike = Event.objects.get(event_type="air_strike")
    assert strike.source_count == 2 and strike.disputed
    return strike


def _afp(event):
    return event.evidence.filter(article__title__startswith="Air strike")


def test_the_admin_action_splits_evidence_out_with_its_figures(admin_client, admin_user, merged):
    afp = list(_afp(merged).values_list("pk", flat=True))
    page = admin_client.get(reverse("admin:events_event_change", args=[merged.pk]))
    assert f"?event__id__exact={merged.pk}" in page.content.decode()
    response = admin_client.post(
        reverse("admin:events_evidence_changelist") + f"?event__id__exact={merged.pk}",
        {"action": "split_selected", "_selected_action": afp},
        follow=True,
    )
    assert "Split out of event" in response.content.decode()
    new = Event.objects.exclude(pk=merged.pk).get(event_type="air_strike")
    merged.refresh_from_db()
    assert list(Evidence.objects.filter(event=new).values_list("pk", flat=True)) == afp
    assert merged.source_count == new.source_count == 1
    assert not merged.disputed and not new.disputed  # 33 and 34 now stand on their own
    assert list(EventFigure.objects.filter(event=new).values_list("value", flat=True)) == [34]
    assert list(EventFigure.objects.filter(event=merged).values_list("value", flat=True)) == [33]
    assert merged.editor_modified and new.editor_modified
    assert {a.actor_id for a in new.actor_links.all()} == {
        a.actor_id for a in merged.actor_links.all()
    }
    assert new.history.first().history_change_reason == f"split out of event {merged.pk}"
    assert new.history.first().history_user == admin_user
    assert merged.history.first().history_change_reason == f"evidence split into event {new.pk}"


def test_reextraction_does_not_merge_them_again(merged):
    new = event_split(merged, _afp(merged).values_list("pk", flat=True))
    for article in {ev.article for ev in Evidence.objects.select_related("article")}:
        article_extract(article, force=True)
    assert set(Event.objects.filter(event_type="air_strike").values_list("pk", flat=True)) == {
        merged.pk,
        new.pk,
    }
    assert Evidence.objects.filter(event=new).count() == 1
    assert Evidence.objects.filter(event=merged).count() == 1


def test_a_split_that_would_empty_the_event_or_take_others_evidence_is_refused(merged):
    everything = list(merged.evidence.values_list("pk", flat=True))
    with pytest.raises(SplitError, match="keep no evidence"):
        event_split(merged, everything)
    with pytest.raises(SplitError, match="only evidence of event"):
        event_split(merged, [everything[0], 10**6])
    with pytest.raises(SplitError, match="choose the evidence"):
        event_split(merged, [])
    assert Event.objects.count() == 1


def test_the_action_refuses_evidence_of_two_events(admin_client, merged, tmp_path):
    other = Event.objects.create(event_type="meeting", cameo_code="040")
    ev = Evidence.objects.create(
        event=other, article=merged.evidence.first().article, quote="x", start=0, end=1
    )
    chosen = [ev.pk, merged.evidence.first().pk]
    response = admin_client.post(
        reverse("admin:events_evidence_changelist"),
        {"action": "split_selected", "_selected_action": chosen},
        follow=True,
    )
    assert "Select evidence of one event" in response.content.decode()
    assert Event.objects.count() == 2


LEAD = (
    "Clashes in Idlib\n\n"
    "ANKARA, March 5, 2020 (AFP) - Turkish troops clashed with Syrian government forces in "
    "Idlib on Thursday, the Turkish defence ministry said.\n"
)
DIGEST = (
    "Idlib digest\n\n"
    "BEIRUT, March 5, 2020 (AP) - Turkish troops clashed with Syrian government forces in "
    "Idlib on Thursday, a war monitor said. Turkish drones struck Syrian government forces "
    "in Idlib on Thursday, the monitor added.\n"
)


def test_another_sentence_of_an_article_joins_an_event_it_reports_only_if_of_its_type(tmp_path):
    for name, text in (("lead.txt", LEAD), ("digest.txt", DIGEST)):
        (tmp_path / name).write_text(text, encoding="utf-8")
        ingest_path(tmp_path / name)
    clash = Event.objects.get(event_type="armed_clash")
    assert clash.source_count == 2
    digest = clash.evidence.get(article__title="Idlib digest")
    assert "clashed" in digest.quote
    strike = Event.objects.exclude(pk=clash.pk).get(evidence__quote__contains="drones struck")
    assert strike.event_type != "armed_clash" and strike.source_count == 1


def test_only_editors_who_may_change_events_can_split(client, merged, django_user_model):
    from django.contrib.auth.models import Permission

    viewer = django_user_model.objects.create_user("viewer", password="x", is_staff=True)
    viewer.user_permissions.add(
        *Permission.objects.filter(codename__in=["view_evidence", "view_event"])
    )
    client.force_login(viewer)
    url = reverse("admin:events_evidence_changelist")
    assert "split_selected" not in client.get(url).content.decode()
    chosen = list(_afp(merged).values_list("pk", flat=True))
    client.post(url, {"action": "split_selected", "_selected_action": chosen})
    assert Event.objects.count() == 1


def test_deleting_an_article_settles_the_dispute_it_made(merged):
    from apps.articles.models import Article
    from apps.events.services import article_delete

    article_delete(Article.objects.filter(title__startswith="Air strike"))
    merged.refresh_from_db()
    assert merged.source_count == 1 and not merged.disputed
