"""Agreement resolution and parties, with editors' work left alone."""

import datetime as dt

import pytest

from apps.agreements.models import Agreement, AgreementKind
from apps.agreements.services import agreement_add_parties, agreement_resolve_or_create
from apps.core.choices import ReviewStatus
from apps.core.services import record_editor_update, records_set_review_status
from tests.factories import ActorFactory, AgreementAliasFactory, AgreementFactory

pytestmark = pytest.mark.django_db


def _sochi(**kwargs):
    fields = dict(
        name="Sochi memorandum on Idlib",
        kind=AgreementKind.MEMORANDUM,
        signed_on=dt.date(2018, 9, 17),
        signed_on_precision="day",
        summary="Demilitarised zone.",
        aliases=["Sochi deal", "September truce"],
        dictionary_key="agreement:sochi-2018",
    )
    fields.update(kwargs)
    return agreement_resolve_or_create(**fields)


def test_created_once_and_found_by_key_name_or_alias():
    first = _sochi()
    assert _sochi().pk == first.pk
    assert agreement_resolve_or_create(name="Sochi deal", kind=AgreementKind.DEAL).pk == first.pk
    assert Agreement.objects.filter(normalized_name="sochi memorandum on idlib").count() == 1
    assert set(first.aliases.values_list("alias", flat=True)) == {"Sochi deal", "September truce"}


def test_editor_alias_links_the_curated_entry_to_the_editors_row():
    row = AgreementFactory(name="Idlib memorandum (2018)")
    AgreementAliasFactory(agreement=row, alias="Sochi deal")
    assert _sochi().pk == row.pk


def test_protected_agreement_keeps_fields_and_parties():
    agreement = _sochi()
    record_editor_update(agreement, changes={"summary": "Edited by hand."})
    _sochi(summary="From the dictionary.")
    agreement.refresh_from_db()
    assert agreement.summary == "Edited by hand."
    assert agreement_add_parties(agreement, [(ActorFactory(name="Russia"), "party")]) == 0


def test_parties_are_added_once_and_rejected_actors_skipped():
    agreement = _sochi()
    russia, turkey, rejected = (
        ActorFactory(name="Russia"),
        ActorFactory(name="Turkey"),
        ActorFactory(),
    )
    records_set_review_status([rejected], status=ReviewStatus.REJECTED)
    assert (
        agreement_add_parties(agreement, [(russia, "party"), (turkey, "party"), (rejected, "")])
        == 2
    )
    assert agreement_add_parties(agreement, [(russia, "party")]) == 0
    assert set(agreement.parties.all()) == {russia, turkey}


def test_rejected_agreement_is_never_revived():
    agreement = _sochi()
    records_set_review_status([agreement], status=ReviewStatus.REJECTED)
    assert _sochi() is None
    assert agreement_resolve_or_create(name="Sochi deal", kind=AgreementKind.DEAL) is None
    assert Agreement.objects.count() == 1
