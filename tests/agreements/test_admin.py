"""Agreements in admin: filter by party with a picker, merge duplicates."""

import pytest
from django.urls import reverse

from apps.agreements.models import Agreement, AgreementParty
from apps.events.models import Event
from tests.core.admin_builders import actor_make, agreement_make, article_make, event_make

CHANGELIST = "admin:agreements_agreement_changelist"


@pytest.mark.django_db
def test_filter_agreements_by_party(admin_client):
    turkey, iran = actor_make("Turkey"), actor_make("Iran")
    sochi, astana = agreement_make("Sochi memorandum"), agreement_make("Astana memorandum")
    AgreementParty.objects.create(agreement=sochi, actor=turkey)
    AgreementParty.objects.create(agreement=astana, actor=iran)
    response = admin_client.get(reverse(CHANGELIST) + f"?party={iran.pk}")
    assert [a.pk for a in response.context["cl"].result_list] == [astana.pk]
    assert 'data-field-name="actor"' in response.content.decode()


@pytest.mark.django_db
def test_merge_agreements_from_the_list(admin_client):
    kept, dup = agreement_make("Moscow protocol"), agreement_make("Sochi 2.0")
    event = event_make(article=article_make(), agreement=dup)
    selected = {"action": "merge_selected", "_selected_action": [kept.pk, dup.pk]}
    confirm = admin_client.post(reverse(CHANGELIST), selected)
    assert (
        dict(next(r for r in confirm.context["rows"] if r["obj"] == dup)["counts"])["events"] == 1
    )
    admin_client.post(reverse(CHANGELIST), {**selected, "post": "yes", "target": kept.pk})
    assert not Agreement.objects.filter(pk=dup.pk).exists()
    assert Event.objects.get(pk=event.pk).agreement == kept
    assert kept.aliases.filter(alias="Sochi 2.0", source="merge").exists()
