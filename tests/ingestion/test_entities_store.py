"""Persisting extracted entities: one row per entity across articles, mentions, editors win."""

import pytest
from django.core.management import call_command

from apps.actors.models import Actor
from apps.agreements.models import Agreement
from apps.articles.models import Mention
from apps.core.choices import ReviewStatus
from apps.core.services import record_editor_update, records_set_review_status
from apps.ingestion.extraction.entities import extract_entities
from apps.ingestion.persist.entities import entities_store
from apps.places.models import ObservationPost, Place
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db

FIRST = (
    "Turkish President Recep Tayyip Erdogan met Vladimir Putin in Sochi. "
    '"Putin will not back down," said Yury Barmin, a Middle East expert at the Russian '
    "International Affairs Council. Barmin added that the Sochi deal was fragile."
)
SECOND = (
    "Erdoğan said Turkish troops would defend the Morek post. Yury Barmin, a Middle East "
    "analyst, said Ankara had little choice under the Sochi memorandum."
)


def _store(text, **kwargs):
    article = ArticleFactory(body=text, **kwargs)
    rows = entities_store(article, extract_entities(text, published_on=article.published_on))
    return article, rows


def test_two_articles_share_one_row_per_entity():
    a1, rows1 = _store(FIRST)
    a2, rows2 = _store(SECOND)
    assert rows1["actor:erdogan"].pk == rows2["actor:erdogan"].pk
    barmin = Actor.objects.get(normalized_name="yury barmin")
    assert rows1["new-actor:person:yury barmin"] == barmin == rows2["new-actor:person:yury barmin"]
    assert (
        barmin.affiliation == "RUS"
        and "Russian International Affairs Council" in barmin.description
    )
    assert Agreement.objects.filter(dictionary_key="agreement:sochi-2018").count() == 1
    assert Actor.objects.filter(normalized_name="recep tayyip erdogan").count() == 1
    assert set(barmin.mentions.values_list("article", flat=True)) == {a1.pk, a2.pk}


def test_mentions_are_written_with_offsets_and_replaced_on_re_extraction():
    article, rows = _store(FIRST)
    mentions = list(Mention.objects.filter(article=article))
    assert mentions and all(article.body[m.start : m.end] == m.text for m in mentions)
    assert {m.actor_id for m in mentions if m.actor_id} >= {rows["actor:putin"].pk}
    assert any(m.place_id == rows["place:sochi"].pk for m in mentions)
    count = len(mentions)
    entities_store(article, extract_entities(article.body))
    assert Mention.objects.filter(article=article).count() == count


def test_posts_agreements_and_parties_come_with_their_links():
    _, rows = _store(SECOND)
    post = rows["post:morek"]
    assert isinstance(post, ObservationPost)
    assert post.agreement.dictionary_key == "agreement:astana-2017"
    assert post.place.dictionary_key == "place:morek" and post.place.lat
    sochi = rows["agreement:sochi-2018"]
    assert set(sochi.parties.values_list("dictionary_key", flat=True)) == {
        "actor:state-rus",
        "actor:state-tur",
    }
    assert isinstance(rows["place:morek"], Place)


def test_rejected_actor_is_not_linked_and_not_revived():
    _, rows = _store(FIRST)
    barmin = rows["new-actor:person:yury barmin"]
    records_set_review_status([barmin], status=ReviewStatus.REJECTED)
    article, rows = _store(SECOND)
    assert "new-actor:person:yury barmin" not in rows
    assert not Mention.objects.filter(article=article, actor=barmin).exists()
    barmin.refresh_from_db()
    assert barmin.review_status == ReviewStatus.REJECTED
    assert Actor.objects.filter(normalized_name="yury barmin").count() == 1


def test_protected_actor_keeps_the_editors_fields():
    _, rows = _store(FIRST)
    barmin = rows["new-actor:person:yury barmin"]
    record_editor_update(barmin, changes={"description": "Analyst, Middle East (corrected)"})
    _store(SECOND)
    barmin.refresh_from_db()
    assert barmin.description == "Analyst, Middle East (corrected)"


def test_load_dictionary_is_idempotent_and_leaves_editors_rows_alone():
    call_command("load_dictionary", "--kind", "agreement", "--kind", "actor", verbosity=0)
    counts = (Actor.objects.count(), Agreement.objects.count())
    sochi = Agreement.objects.get(dictionary_key="agreement:sochi-2018")
    record_editor_update(sochi, changes={"name": "Sochi Memorandum (17 Sept 2018)"})
    call_command("load_dictionary", "--kind", "agreement", "--kind", "actor", verbosity=0)
    assert (Actor.objects.count(), Agreement.objects.count()) == counts
    sochi.refresh_from_db()
    assert sochi.name == "Sochi Memorandum (17 Sept 2018)"
    assert Actor.objects.get(dictionary_key="actor:lavrov").positions.count() == 1


def test_curated_rows_loaded_first_are_reused_by_extraction():
    call_command("load_dictionary", verbosity=0)
    before = Actor.objects.count()
    _, rows = _store(FIRST)
    assert rows["actor:putin"] == Actor.objects.get(dictionary_key="actor:putin")
    assert Actor.objects.count() == before + 1  # only the new person


def test_storing_an_article_uses_a_bounded_number_of_queries(django_assert_max_num_queries):
    call_command("load_dictionary", "--kind", "place", "--kind", "actor", verbosity=0)
    call_command("load_dictionary", "--kind", "agreement", "--kind", "post", verbosity=0)
    extraction = extract_entities(FIRST + " " + SECOND)
    article = ArticleFactory(body=FIRST + " " + SECOND)
    # Curated rows come in one query per kind; only the new person and aliases cost more.
    with django_assert_max_num_queries(20):
        entities_store(article, extraction)


def test_load_dictionary_reports_invalid_data_in_one_line(monkeypatch):
    from django.core.management.base import CommandError

    from apps.ingestion.extraction.dictionary import DictionaryError
    from apps.ingestion.management.commands import load_dictionary

    def broken():
        raise DictionaryError("people.yaml #3 actor:x: missing name")

    monkeypatch.setattr(load_dictionary, "get_dictionary", broken)
    with pytest.raises(CommandError, match="^dictionary data is invalid: people.yaml #3"):
        call_command("load_dictionary", verbosity=0)
