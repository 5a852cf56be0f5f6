"""Quotations stored from ingestion: speaker and statement linked, editors' corrections and
rejections kept through re-extraction, words followed when the text is cleaned again."""

import pytest

from apps.core.choices import ReviewStatus
from apps.core.services import record_editor_update, records_set_review_status
from apps.events.models import Quotation
from apps.events.sources import quotations_relocate_for_article
from apps.ingestion.persist.extraction import article_extract
from apps.ingestion.services import ingest_path

pytestmark = pytest.mark.django_db

FILE = (
    "Erdogan and Putin meet on Idlib\n\n"
    "ANKARA, March 5, 2020 (Reuters) - "
    '"(I hope) there will be a ceasefire swiftly established in Idlib," Erdogan said '
    "Wednesday ahead of the talks.\n\n"
    "Kremlin spokesman Dmitry Peskov said Wednesday the leaders would discuss Idlib and "
    '"joint measures" they could agree.\n\n'
    '"It will be for show," a Western diplomat told AFP.\n'
)


def _ingested(tmp_path):
    path = tmp_path / "talks.txt"
    path.write_text(FILE, encoding="utf-8")
    record = ingest_path(path)
    assert record.outcome == "created", record.reason
    return record.article


def test_ingestion_stores_quotations_with_speaker_and_statement(tmp_path):
    article = _ingested(tmp_path)
    rows = {q.text: q for q in Quotation.objects.filter(article=article)}
    assert set(rows) == {
        "(I hope) there will be a ceasefire swiftly established in Idlib",
        "joint measures",
        "It will be for show",
    }
    erdogan = rows["(I hope) there will be a ceasefire swiftly established in Idlib"]
    assert erdogan.speaker.name == "Recep Tayyip Erdogan"
    assert str(erdogan.said_on) == "2020-03-04"
    assert article.body[erdogan.text_start : erdogan.text_end] == erdogan.text
    assert article.body[erdogan.start : erdogan.end] == erdogan.quote
    peskov = rows["joint measures"]
    assert peskov.partial and peskov.event is not None
    assert peskov.event.event_type == "statement"
    diplomat = rows["It will be for show"]
    assert (diplomat.speaker, diplomat.speaker_text) == (None, "a Western diplomat")


def test_reextraction_keeps_an_editors_quotation_and_never_revives_a_rejected_one(tmp_path):
    article = _ingested(tmp_path)
    diplomat = Quotation.objects.get(article=article, text="It will be for show")
    record_editor_update(diplomat, changes={"speaker_text": "a European diplomat"})
    peskov = Quotation.objects.get(article=article, text="joint measures")
    records_set_review_status([peskov], status=ReviewStatus.REJECTED)
    article_extract(article, force=True)
    rows = Quotation.objects.filter(article=article)
    assert rows.count() == 3
    assert rows.get(text="It will be for show").speaker_text == "a European diplomat"
    assert rows.get(text="joint measures").review_status == ReviewStatus.REJECTED


def test_an_editors_quotation_follows_its_words_when_the_text_changes(tmp_path):
    article = _ingested(tmp_path)
    kept = Quotation.objects.get(article=article, text="It will be for show")
    record_editor_update(kept, changes={"speaker_text": "a European diplomat"})
    old_body = article.body
    article.body = "A line the cleaner now keeps.\n\n" + old_body
    article.save(update_fields=["body"])
    assert quotations_relocate_for_article(article, old_body=old_body) == 1
    kept.refresh_from_db()
    assert article.body[kept.text_start : kept.text_end] == "It will be for show"
    assert article.body[kept.start : kept.end] == kept.quote
