"""article_upsert: natural keys, idempotence, editors' values and races."""

from datetime import date

import pytest
from django.contrib.auth import get_user_model

from apps.articles import services
from apps.articles.documents import ParsedArticle
from apps.articles.models import Article
from apps.articles.services import article_editor_fields, article_upsert
from apps.core.services import record_editor_update

pytestmark = pytest.mark.django_db


def parsed(**overrides) -> ParsedArticle:
    values = {
        "title": "Turkey Sends Troops",
        "body": "Turkey sent troops to Idlib on Monday.\n\nThe ministry confirmed it.",
        "published_on": date(2020, 2, 10),
        "published_on_precision": "day",
        "published_on_source": "stated",
        "published_on_evidence": "February 10, 2020",
        "source": "Reuters",
        "url": "https://example.org/a",
    }
    return ParsedArticle(**{**values, **overrides})


def upsert(article=None, path="corpus/a.txt", digest="1" * 64):
    return article_upsert(parsed=article or parsed(), source_path=path, content_hash=digest)


def test_new_file_is_created_with_its_fields():
    result = upsert()
    assert result.outcome == "created"
    article = Article.objects.get()
    assert (article.title, article.source_file, article.published_on_source) == (
        "Turkey Sends Troops",
        "a.txt",
        "stated",
    )


def test_same_file_again_changes_nothing():
    article = upsert().article
    before = Article.objects.values().get(pk=article.pk)
    history = article.history.count()
    result = upsert()
    assert result.outcome == "unchanged"
    assert Article.objects.values().get(pk=article.pk) == before  # updated_at included
    assert article.history.count() == history


def test_same_content_under_another_name_is_a_duplicate():
    first = upsert().article
    result = upsert(path="corpus/copy.txt")
    assert result.outcome == "duplicate"
    assert result.article == first
    assert Article.objects.count() == 1


def test_changed_file_updates_in_place():
    first = upsert().article
    result = upsert(parsed(title="Turkey Sends More Troops"), digest="2" * 64)
    assert result.outcome == "updated"
    assert result.article.pk == first.pk
    first.refresh_from_db()
    assert (first.title, first.content_hash) == ("Turkey Sends More Troops", "2" * 64)


def test_editor_values_survive_a_changed_file():
    editor = get_user_model().objects.create(username="editor")
    article = upsert().article
    record_editor_update(article, changes={"title": "Corrected title"}, user=editor)
    assert article_editor_fields(article) == {"title"}
    upsert(parsed(title="New title", source="AFP", body="New body text here."), digest="2" * 64)
    article.refresh_from_db()
    assert article.title == "Corrected title"  # the editor's value
    assert article.source == "AFP"  # fields the editor did not touch follow the file
    assert article.body == "New body text here."
    assert any("kept from an editor: title" in note for note in article.parse_notes)


def test_pipeline_saves_are_never_an_editors_even_under_an_editors_login():
    """A pipeline save run from an editor's request (an admin action) has the editor as its
    history user; its change reason says it was the pipeline's."""
    editor = get_user_model().objects.create(username="editor")
    article = upsert().article
    article._history_user = editor
    services.article_pipeline_save(article, reason="test", update_fields=["source"])
    article.source = "AFP"
    article._history_user = editor
    services.article_pipeline_save(article, reason="test")
    record_editor_update(article, changes={"author": "A. Editor"}, user=editor)
    assert article_editor_fields(article) == {"author"}


def test_a_correction_of_the_date_keeps_the_whole_date():
    editor = get_user_model().objects.create(username="editor")
    article = upsert().article
    record_editor_update(article, changes={"published_on_precision": "month"}, user=editor)
    assert article_editor_fields(article) == set(services.DATE_FIELDS)
    upsert(parsed(published_on=date(2020, 2, 11), published_on_evidence="x"), digest="2" * 64)
    article.refresh_from_db()
    assert (article.published_on, article.published_on_precision) == (date(2020, 2, 10), "month")
    assert article.published_on_evidence == "February 10, 2020"


def test_a_save_that_changed_no_field_protects_none():
    editor = get_user_model().objects.create(username="editor")
    article = upsert().article
    record_editor_update(article, changes={}, user=editor)
    assert article.editor_modified and article_editor_fields(article) == set()
    upsert(parsed(title="New title"), digest="2" * 64)
    article.refresh_from_db()
    assert article.title == "New title"


def test_editor_change_without_history_keeps_every_editable_field():
    article = upsert().article
    Article.objects.filter(pk=article.pk).update(editor_modified=True, source="Edited")
    upsert(parsed(source="AFP"), digest="2" * 64)
    article.refresh_from_db()
    assert article.source == "Edited"


def test_lost_race_reports_the_winners_row(monkeypatch):
    """Another worker stores the same file between our check and our insert."""
    real_save = services._save
    calls = []

    def save_after_competitor(article):
        if not calls:
            calls.append(1)
            Article.objects.create(
                title="x", body="x", source_path=article.source_path,
                content_hash=article.content_hash, source_file="a.txt",
            )  # fmt: skip
        real_save(article)

    monkeypatch.setattr(services, "_save", save_after_competitor)
    result = upsert()
    assert result.outcome == "unchanged"
    assert Article.objects.count() == 1


def test_invalid_url_and_long_values_are_made_safe():
    result = upsert(parsed(url="not a url", title="T" * 900, source="S" * 300))
    article = result.article
    assert article.url == ""
    assert len(article.title) == 500 and len(article.source) == 200
    assert any("not a valid web address" in note for note in article.parse_notes)
