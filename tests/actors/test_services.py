"""Actor resolution: one row per real-world actor, editors' work left alone."""

import datetime as dt

import pytest
from django.db import IntegrityError

from apps.actors import services
from apps.actors.models import Actor, ActorAlias, ActorKind
from apps.actors.services import actor_add_aliases, actor_resolve_or_create
from apps.core.choices import ReviewStatus
from apps.core.services import record_editor_update, records_set_review_status
from tests.factories import ActorAliasFactory, ActorFactory

pytestmark = pytest.mark.django_db


def test_same_name_spelled_differently_is_one_row():
    first = actor_resolve_or_create(name="Recep Tayyip Erdoğan", kind=ActorKind.PERSON)
    second = actor_resolve_or_create(name="Recep Tayyip Erdogan", kind=ActorKind.PERSON)
    assert first.pk == second.pk
    assert Actor.objects.count() == 1


def test_curated_key_links_an_existing_extracted_row():
    extracted = actor_resolve_or_create(name="Dmitry Peskov", kind=ActorKind.PERSON)
    curated = actor_resolve_or_create(
        name="Dmitry Peskov",
        kind=ActorKind.PERSON,
        affiliation="RUS",
        aliases=["Peskov", "Dmitri Peskov"],
        dictionary_key="actor:peskov",
        positions=[{"title": "presidential spokesman", "country": "RUS", "start": "2012-05-22"}],
    )
    assert curated.pk == extracted.pk
    curated.refresh_from_db()
    assert curated.dictionary_key == "actor:peskov" and curated.affiliation == "RUS"
    assert set(curated.aliases.values_list("alias", flat=True)) == {"Peskov", "Dmitri Peskov"}
    assert curated.positions.get().start == dt.date(2012, 5, 22)


def test_alias_added_by_an_editor_is_used_for_resolution():
    actor = ActorFactory(name="Yelena Suponina")
    ActorAliasFactory(actor=actor, alias="Elena Suponina", source="editor")
    found = actor_resolve_or_create(name="Elena Suponina", kind=ActorKind.PERSON)
    assert found.pk == actor.pk


def test_near_miss_spelling_of_a_stored_person_resolves_to_it():
    actor = ActorFactory(name="Yury Barmin")
    assert actor_resolve_or_create(name="Yuri Barmin", kind=ActorKind.PERSON).pk == actor.pk
    other = actor_resolve_or_create(name="Yury Ushakov", kind=ActorKind.PERSON)
    assert other.pk != actor.pk


def test_protected_row_keeps_its_fields_but_gains_aliases():
    actor = ActorFactory(name="Nihat Ali Ozcan", description="")
    record_editor_update(actor, changes={"description": "Professor, TOBB University"})
    found = actor_resolve_or_create(
        name="Nihat Ali Ozcan",
        kind=ActorKind.PERSON,
        affiliation="TUR",
        description="strategist at TEPAV",
        aliases=["Nihat Ozcan"],
    )
    found.refresh_from_db()
    assert found.description == "Professor, TOBB University" and found.affiliation == ""
    assert list(found.aliases.values_list("alias", flat=True)) == ["Nihat Ozcan"]


def test_verified_curated_row_is_not_renamed_by_the_dictionary():
    actor = ActorFactory(name="Erdogan", dictionary_key="actor:erdogan")
    records_set_review_status([actor], status=ReviewStatus.VERIFIED)
    actor_resolve_or_create(
        name="Recep Tayyip Erdogan", kind=ActorKind.PERSON, dictionary_key="actor:erdogan"
    )
    actor.refresh_from_db()
    assert actor.name == "Erdogan"


def test_rejected_row_is_never_revived():
    actor = ActorFactory(name="Mikhail Metzel")
    records_set_review_status([actor], status=ReviewStatus.REJECTED)
    assert actor_resolve_or_create(name="Mikhail Metzel", kind=ActorKind.PERSON) is None
    assert actor_resolve_or_create(name="Mikhail  Metzel", kind=ActorKind.PERSON) is None
    actor.refresh_from_db()
    assert actor.review_status == ReviewStatus.REJECTED
    assert Actor.objects.count() == 1


def test_unprotected_extracted_row_only_fills_blanks():
    actor = ActorFactory(name="Gonul Tol", description="director at MEI", affiliation="")
    actor_resolve_or_create(
        name="Gonul Tol", kind=ActorKind.PERSON, affiliation="TUR", description="scholar"
    )
    actor.refresh_from_db()
    assert actor.description == "director at MEI" and actor.affiliation == "TUR"


def test_a_concurrent_insert_is_resolved_to_the_winning_row(monkeypatch):
    winner = ActorFactory(name="Fehim Tastekin")
    # Simulate the other worker: our lookup misses, then our insert hits the unique constraint.
    monkeypatch.setattr(services, "actor_find", lambda **kwargs: None)
    found = actor_resolve_or_create(name="Fehim Tastekin", kind=ActorKind.PERSON)
    assert found.pk == winner.pk
    assert Actor.objects.count() == 1


def test_a_concurrent_insert_of_something_else_still_fails(monkeypatch):
    monkeypatch.setattr(services, "actor_find", lambda **kwargs: None)

    def broken_save(self, *args, **kwargs):
        raise IntegrityError("disk full")

    monkeypatch.setattr(Actor, "save", broken_save)
    with pytest.raises(IntegrityError):
        actor_resolve_or_create(name="Nobody", kind=ActorKind.PERSON)


def test_aliases_are_unique_per_actor_and_skip_the_own_name():
    actor = ActorFactory(name="Hayat Tahrir al-Sham", kind=ActorKind.ARMED_GROUP)
    assert actor_add_aliases(actor, ["HTS", "hts", "Hayat Tahrir al‑Sham", "HTS "]) == 1
    assert actor_add_aliases(actor, ["HTS"]) == 0
    assert ActorAlias.objects.filter(actor=actor).count() == 1
