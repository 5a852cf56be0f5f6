"""Merging duplicates moves everything to the survivor, once, and keeps the old names."""

import pytest

from apps.actors.models import Actor, ActorAlias, ActorPosition
from apps.agreements.models import Agreement, AgreementAlias, AgreementParty, AgreementRelation
from apps.articles.models import Mention
from apps.core.choices import Provenance
from apps.core.merging import (
    MergeError,
    actor_merge,
    agreement_merge,
    merge_preview,
    post_merge,
)
from apps.events.models import Event, EventActor, Quotation, StatedFigure
from apps.places.models import ObservationPost, ObservationPostAlias

from .admin_builders import (
    actor_make,
    agreement_make,
    article_make,
    event_make,
    mention_make,
    post_make,
)


@pytest.fixture
def duplicates():
    article = article_make()
    kept = actor_make("Turkey", dictionary_key=None)
    dup = actor_make("Turkish Republic", dictionary_key="actor:turkey")
    syria = actor_make("Syria")
    shared = event_make(article=article, actors=[(kept, "initiator"), (syria, "target")])
    only_dup = event_make(article=article, actors=[(dup, "initiator"), (syria, "target")])
    # The same actor twice in one role of one event after the merge: one row must go.
    EventActor.objects.create(event=shared, actor=dup, role="initiator", editor_modified=True)
    # A different role in the same event is a different fact and stays.
    EventActor.objects.create(event=shared, actor=dup, role="participant")
    ActorAlias.objects.create(actor=kept, alias="Ankara")
    ActorAlias.objects.create(actor=dup, alias="Ankara")  # same alias on both
    ActorAlias.objects.create(actor=dup, alias="Türkiye")
    ActorPosition.objects.create(actor=dup, title="NATO member")
    sochi = agreement_make("Sochi memorandum")
    AgreementParty.objects.create(agreement=sochi, actor=kept, role="signatory")
    AgreementParty.objects.create(agreement=sochi, actor=dup, role="signatory")
    adana = agreement_make("Adana agreement")
    AgreementParty.objects.create(agreement=adana, actor=dup)
    mention = mention_make(article, "Turkish troops", actor=dup)
    quotation = Quotation.objects.create(
        article=article, speaker=dup, speaker_text="Ankara", text="we will respond",
        text_start=0, text_end=5, quote="x", start=0, end=5,
    )  # fmt: skip
    return locals()


@pytest.mark.django_db
def test_actor_merge_moves_everything_and_handles_collisions(duplicates, admin_user):
    d = duplicates
    result = actor_merge(target=d["kept"], others=[d["dup"]], user=admin_user)

    assert not Actor.objects.filter(pk=d["dup"].pk).exists()
    kept = Actor.objects.get(pk=d["kept"].pk)
    # Roles: the colliding (shared, initiator) row is dropped, the rest moved.
    links = set(EventActor.objects.filter(actor=kept).values_list("event_id", "role"))
    assert links == {
        (d["shared"].pk, "initiator"),
        (d["shared"].pk, "participant"),
        (d["only_dup"].pk, "initiator"),
    }
    assert EventActor.objects.get(event=d["shared"], actor=kept, role="initiator").editor_modified
    assert set(d["only_dup"].actors.all()) == {kept, d["syria"]}
    # Parties: one per agreement.
    assert set(
        AgreementParty.objects.filter(actor=kept).values_list("agreement_id", flat=True)
    ) == {
        d["sochi"].pk,
        d["adana"].pk,
    }
    # Aliases: moved without doubles, and the merged-away name kept for the extractor.
    aliases = dict(ActorAlias.objects.filter(actor=kept).values_list("alias", "source"))
    assert set(aliases) == {"Ankara", "Türkiye", "Turkish Republic"}
    assert aliases["Turkish Republic"] == "merge"
    assert ActorPosition.objects.get(title="NATO member").actor == kept
    assert Mention.objects.get(pk=d["mention"].pk).actor == kept
    assert Quotation.objects.get(pk=d["quotation"].pk).speaker == kept  # their words follow
    # The curated entry now resolves to the survivor, which is an editor's record.
    assert kept.dictionary_key == "actor:turkey"
    assert kept.editor_modified and kept.provenance == Provenance.EDITOR
    assert result["event roles"] == 2  # the third collided and was dropped
    assert result["duplicates dropped"] == 3  # one role, one party, one alias
    assert result["merged"] == 1


@pytest.mark.django_db
def test_actor_merge_is_recorded_in_history(duplicates, admin_user):
    d = duplicates
    actor_merge(target=d["kept"], others=[d["dup"]], user=admin_user)
    latest = Actor.history.filter(id=d["kept"].pk).first()
    assert latest.history_user == admin_user
    assert "Turkish Republic" in latest.history_change_reason
    deleted = Actor.history.filter(id=d["dup"].pk, history_type="-").get()
    assert deleted.history_user == admin_user
    moved = EventActor.history.filter(event_id=d["only_dup"].pk, actor_id=d["kept"].pk).first()
    assert moved is not None and moved.history_user == admin_user


@pytest.mark.django_db
def test_merge_preview_counts_what_will_move(duplicates):
    d = duplicates
    rows = {row["obj"].pk: dict(row["counts"]) for row in merge_preview([d["kept"], d["dup"]])}
    assert rows[d["dup"].pk]["event roles"] == 3
    assert rows[d["dup"].pk]["agreement parties"] == 2
    assert rows[d["dup"].pk]["aliases"] == 2
    assert rows[d["dup"].pk]["mentions"] == 1
    assert rows[d["dup"].pk]["positions"] == 1
    assert rows[d["dup"].pk]["evidence of its events"] == 2
    assert rows[d["kept"].pk]["event roles"] == 1


@pytest.mark.django_db
def test_merge_rolls_back_entirely_on_failure(duplicates, monkeypatch):
    d = duplicates
    from apps.core import merging

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(merging, "_alias_add", broken)
    with pytest.raises(RuntimeError):
        actor_merge(target=d["kept"], others=[d["dup"]])
    assert Actor.objects.filter(pk=d["dup"].pk).exists()
    assert EventActor.objects.filter(actor=d["dup"]).count() == 3


@pytest.mark.django_db
def test_merge_refuses_nonsense():
    a, b = actor_make(), actor_make()
    with pytest.raises(MergeError):
        actor_merge(target=a, others=[a])
    with pytest.raises(MergeError):
        actor_merge(target=a, others=[agreement_make()])
    with pytest.raises(MergeError):
        agreement_merge(target=a, others=[b])


@pytest.mark.django_db
def test_agreement_merge_moves_events_posts_parties_and_figures():
    article = article_make()
    kept, dup = agreement_make("Sochi memorandum"), agreement_make("Sochi deal")
    turkey = actor_make("Turkey")
    AgreementParty.objects.create(agreement=kept, actor=turkey)
    AgreementParty.objects.create(agreement=dup, actor=turkey)
    AgreementAlias.objects.create(agreement=dup, alias="Sochi agreement")
    event = event_make(article=article, agreement=dup)
    post = post_make("Morek", agreement=dup)
    start = article.body.index("12 observation posts")
    figure = StatedFigure.objects.create(
        article=article,
        agreement=dup,
        subject="observation_posts",
        value=12,
        quote="12 observation posts",
        start=start,
        end=start + 20,
    )
    mention = mention_make(article, "Sochi memorandum", agreement=dup)
    astana, moscow = agreement_make("Astana memorandum"), agreement_make("Moscow protocol")
    implements = AgreementRelation.objects.create(
        agreement=dup, relation="implements", other=astana
    )
    amended = AgreementRelation.objects.create(agreement=moscow, relation="amends", other=dup)

    agreement_merge(target=kept, others=[dup])

    assert not Agreement.objects.filter(pk=dup.pk).exists()
    assert Event.objects.get(pk=event.pk).agreement_id == kept.pk
    assert ObservationPost.objects.get(pk=post.pk).agreement_id == kept.pk
    assert StatedFigure.objects.get(pk=figure.pk).agreement_id == kept.pk
    assert Mention.objects.get(pk=mention.pk).agreement_id == kept.pk
    # its relations to other agreements, both ways, follow it
    assert AgreementRelation.objects.get(pk=implements.pk).agreement_id == kept.pk
    assert AgreementRelation.objects.get(pk=amended.pk).other_id == kept.pk
    assert AgreementParty.objects.filter(agreement=kept).count() == 1
    assert set(kept.aliases.values_list("alias", flat=True)) == {"Sochi agreement", "Sochi deal"}


@pytest.mark.django_db
def test_post_merge_moves_events_and_aliases():
    article = article_make()
    kept, dup = post_make("Morek"), post_make("Morek observation point")
    ObservationPostAlias.objects.create(post=dup, alias="Murak")
    event = event_make(article=article, observation_post=dup)
    post_merge(target=kept, others=[dup])
    assert Event.objects.get(pk=event.pk).observation_post_id == kept.pk
    assert set(kept.aliases.values_list("alias", flat=True)) == {
        "Murak",
        "Morek observation point",
    }


@pytest.mark.django_db
def test_two_curated_entries_are_not_merged():
    assad = actor_make("Bashar al-Assad", kind="person", dictionary_key="actor:assad")
    baghdadi = actor_make("Abu Bakr al-Baghdadi", kind="person", dictionary_key="actor:baghdadi")
    with pytest.raises(MergeError, match="dictionary"):
        actor_merge(target=assad, others=[baghdadi])
    assert Actor.objects.filter(pk=baghdadi.pk).exists()
