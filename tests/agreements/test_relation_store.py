"""Relations between agreements stored from the sentences of ingested articles: shown as
extracted beside the curated ones, editors' corrections and rejections kept through
re-extraction."""

import pytest
from rest_framework.test import APIClient

from apps.agreements.models import Agreement, AgreementRelation
from apps.core.choices import ReviewStatus
from apps.core.services import record_editor_update, records_set_review_status
from apps.ingestion.persist.extraction import article_extract
from apps.ingestion.services import ingest_path

pytestmark = pytest.mark.django_db

FILE = (
    "Idlib deal holds\n\n"
    "ANKARA, March 7, 2020 (Reuters) - "
    "Turkish officials said the Sochi memorandum was replaced by the Moscow protocol, which "
    "set up a security corridor along the M4 highway in Idlib.\n\n"
    "The Moscow protocol, an addendum to the Sochi memorandum, took effect at midnight.\n"
)
REPLACED = "Turkish officials said the Sochi memorandum was replaced by the Moscow protocol"


def _ingested(tmp_path, text=FILE):
    path = tmp_path / "deal.txt"
    path.write_text(text, encoding="utf-8")
    record = ingest_path(path)
    assert record.outcome == "created", record.reason
    return record.article


def _relation(kind: str) -> AgreementRelation:
    return AgreementRelation.objects.get(
        agreement__dictionary_key="agreement:moscow-2020",
        relation=kind,
        other__dictionary_key="agreement:sochi-2018",
    )


def test_a_stated_relation_is_stored_with_its_sentence_and_a_curated_one_gains_it(tmp_path):
    article = _ingested(tmp_path)
    supersedes = _relation("supersedes")
    assert (supersedes.curated, supersedes.article_id) == (False, article.pk)
    assert REPLACED in supersedes.quote
    assert article.body[supersedes.start : supersedes.end] == supersedes.quote
    amends = _relation("amends")  # curated, and now stated by the article too
    assert amends.curated and "Additional Protocol" in amends.source
    assert amends.quote.startswith("The Moscow protocol, an addendum to the Sochi memorandum")

    moscow = Agreement.objects.get(dictionary_key="agreement:moscow-2020")
    relations = APIClient().get(f"/api/v1/agreements/{moscow.pk}/").json()["relations"]
    evidence = {r["type"]: r["evidence"] for r in relations}
    assert evidence["supersedes"]["curated"] is False
    assert evidence["supersedes"]["article"] == article.pk
    assert evidence["amends"]["curated"] is True and evidence["amends"]["article"] == article.pk


def test_reextraction_replaces_what_the_extractor_stored_and_keeps_what_editors_did(tmp_path):
    article = _ingested(tmp_path)
    article_extract(article, force=True)
    assert AgreementRelation.objects.filter(article=article).count() == 2

    supersedes = _relation("supersedes")
    record_editor_update(supersedes, changes={"quote": "The Sochi memorandum was replaced."})
    article_extract(article, force=True)
    assert _relation("supersedes").quote == "The Sochi memorandum was replaced."
    assert _relation("supersedes").pk == supersedes.pk

    records_set_review_status([supersedes], status=ReviewStatus.REJECTED)
    article_extract(article, force=True)
    assert _relation("supersedes").review_status == ReviewStatus.REJECTED
    assert AgreementRelation.objects.filter(relation="supersedes").count() == 1
    moscow = Agreement.objects.get(dictionary_key="agreement:moscow-2020")
    relations = APIClient().get(f"/api/v1/agreements/{moscow.pk}/").json()["relations"]
    assert "supersedes" not in {r["type"] for r in relations}


def test_a_sentence_no_longer_read_takes_back_its_relation_but_not_the_curated_one(tmp_path):
    article = _ingested(tmp_path)
    article.body = "Nothing here about Idlib any more."
    article.save(update_fields=["body"])
    article_extract(article, force=True)
    assert not AgreementRelation.objects.filter(relation="supersedes").exists()
    amends = _relation("amends")
    assert amends.curated and (amends.article_id, amends.quote) == (None, "")


def test_the_page_shows_a_stated_relation_apart_from_a_curated_one(tmp_path, client):
    _ingested(tmp_path)
    moscow = Agreement.objects.get(dictionary_key="agreement:moscow-2020")
    html = client.get(moscow.get_absolute_url()).content.decode()
    assert 'class="relation relation-extracted"' in html
    assert 'class="relation relation-curated"' in html
    assert "stated in" in html and "curated, from" in html


def test_an_editors_relation_follows_its_sentence_when_the_text_changes(tmp_path):
    from apps.agreements.services import agreement_relations_relocate_for_article

    article = _ingested(tmp_path)
    kept = _relation("supersedes")
    record_editor_update(kept, changes={"review_status": ReviewStatus.VERIFIED})
    old_body = article.body
    article.body = "A line the cleaner now keeps.\n\n" + old_body
    article.save(update_fields=["body"])
    assert agreement_relations_relocate_for_article(article, old_body=old_body) == 1
    kept.refresh_from_db()
    assert article.body[kept.start : kept.end] == kept.quote
    # a sentence no longer in the text keeps its words, with an empty span at the end
    article.body = "Nothing of it is left."
    article.save(update_fields=["body"])
    agreement_relations_relocate_for_article(article, old_body=old_body)
    kept.refresh_from_db()
    assert kept.start == kept.end == len(article.body) and REPLACED in kept.quote


def test_deleting_the_article_takes_the_relation_only_it_stated_and_keeps_curated_ones(tmp_path):
    from apps.articles.models import Article
    from apps.events.services import article_delete

    article = _ingested(tmp_path)
    assert _relation("amends").article_id == article.pk
    article_delete(Article.objects.filter(pk=article.pk))
    assert not AgreementRelation.objects.filter(relation="supersedes").exists()
    amends = _relation("amends")
    assert amends.curated and amends.article_id is None and "Additional Protocol" in amends.source
    assert (amends.quote, amends.start, amends.end) == ("", None, None)
