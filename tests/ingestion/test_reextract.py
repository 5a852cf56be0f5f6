"""The reextract command: articles cleaned again from their files, then re-extracted;
editors' corrections kept, evidence following its quotes, bad files reported, dry runs."""

import datetime
import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db.models import F

from apps.articles.models import Article
from apps.articles.services import article_editor_fields
from apps.core.choices import ReviewStatus
from apps.core.services import record_editor_update, records_set_review_status
from apps.events.models import Event, Evidence, StatedFigure
from apps.ingestion.persist.extraction import article_publication_date_set
from apps.ingestion.services import ingest_path
from tests.factories import ArticleFactory, UserFactory

pytestmark = pytest.mark.django_db

BODY = (
    "Turkey officially declared an operation against the Assad regime over the weekend, "
    'named "Spring Shield".\n\nTurkey said 34 soldiers died in an air strike last week '
    "blamed on Damascus."
)
FILE = (
    "Turkey Declares Operation Spring Shield\n\n"
    "ANKARA, March 5, 2020 (Reuters) - Turkey officially declared an operation against the "
    'Assad regime over the weekend, named "Spring Shield".\n\n'
    "Turkey said 34 soldiers died in an air strike last week blamed on Damascus.\n\n"
    "Share this article\n"
)
# What an older cleaner left at the head of the text: a line the cleaner now drops.
LEFTOVER = "Follow us for more news on the war in Syria and Turkey.\n\n"


def run(*args) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("reextract", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def ingested(path, text=FILE) -> Article:
    path.write_text(text, encoding="utf-8")
    record = ingest_path(path)
    assert record.outcome == "created", record.reason
    return record.article


def cleaned_by_an_older_cleaner(article: Article, *, title: str = "") -> None:
    """Store the article as an older cleaner left it: the leftover line at the head of its
    text (its evidence and mentions pointing past it), and the given title."""
    shift = len(LEFTOVER)
    Article.objects.filter(pk=article.pk).update(
        body=LEFTOVER + article.body, title=title or article.title
    )
    for model in (Evidence, StatedFigure, article.mentions.model):
        model.objects.filter(article=article).update(start=F("start") + shift, end=F("end") + shift)
    article.refresh_from_db()


def spans_match(article: Article) -> bool:
    """Every evidence quote and mention of the article stands at its offsets in its text."""
    article.refresh_from_db()
    quoted = [(e.start, e.end, e.quote) for e in Evidence.objects.filter(article=article)]
    named = [(m.start, m.end, m.text) for m in article.mentions.all()]
    assert quoted and named
    return all(article.body[start:end] == text for start, end, text in quoted + named)


# Re-extraction over stored articles ---------------------------------------------------------


def test_reextracts_every_article_and_prints_a_summary():
    ArticleFactory(body=BODY, published_on=datetime.date(2020, 3, 5))
    ArticleFactory(body=BODY.replace("34", "thirty"), published_on=None)
    output, errors = run()
    assert "articles 2" in output and "failed 0" in output
    assert Event.objects.filter(event_type="operation_declared").count() == 2
    dated = Event.objects.get(event_type="operation_declared", date__isnull=False)
    assert dated.date == datetime.date(2020, 2, 29)


def test_chosen_articles_only_and_stale_skips_current_ones():
    first = ArticleFactory(body=BODY, published_on=datetime.date(2020, 3, 5))
    ArticleFactory(body=BODY, published_on=datetime.date(2020, 3, 5))
    assert "articles 1" in run("--article", str(first.pk))[0]
    assert "current 1" in run("--stale", "--article", str(first.pk))[0]


def test_unknown_article_is_a_clear_error():
    with pytest.raises(CommandError, match="no article with id 999"):
        run("--article", "999")


# Cleaning again from the file ---------------------------------------------------------------


def test_an_improved_cleaner_reaches_the_stored_article(tmp_path):
    article = ingested(tmp_path / "spring.txt")
    clean_body, clean_hash = article.body, article.content_hash
    cleaned_by_an_older_cleaner(article, title="Share this article")

    output, errors = run()

    article.refresh_from_db()
    assert article.body == clean_body
    assert article.title == "Turkey Declares Operation Spring Shield"
    assert article.content_hash == clean_hash
    assert not article.editor_modified
    assert f'article {article.pk} ("Share this article"): changed title, body' in output
    assert "Re-cleaned 1 (bodies changed 1," in output and "skipped 0" in output
    assert spans_match(article)
    assert errors == ""
    # Nothing left to do: the same run again changes nothing and writes no history.
    history = article.history.count()
    output, _ = run()
    assert "bodies changed 0" in output and "unchanged 1" in output
    assert article.history.count() == history


def test_stale_finds_nothing_after_a_reclean(tmp_path):
    article = ingested(tmp_path / "spring.txt")
    cleaned_by_an_older_cleaner(article)
    run()
    assert "current 1" in run("--stale")[0]


def test_a_changed_file_is_cleaned_again_and_its_hash_follows(tmp_path):
    path = tmp_path / "spring.txt"
    article = ingested(path)
    path.write_text(FILE.replace("34 soldiers", "36 soldiers"), encoding="utf-8")

    output, _ = run()

    article.refresh_from_db()
    assert "36 soldiers" in article.body
    assert Event.objects.filter(event_type="air_strike", fatalities=36).exists()
    assert not Event.objects.filter(fatalities=34).exists()
    assert ingest_path(path).outcome == "unchanged"  # the stored hash is the file's


def test_no_reclean_re_extracts_the_stored_text_only(tmp_path):
    article = ingested(tmp_path / "spring.txt")
    cleaned_by_an_older_cleaner(article)
    output, _ = run("--no-reclean")
    article.refresh_from_db()
    assert article.body.startswith(LEFTOVER)
    assert "Re-cleaned" not in output and "articles 1" in output
    assert spans_match(article)


def test_dry_run_reports_and_writes_nothing(tmp_path):
    article = ingested(tmp_path / "spring.txt")
    cleaned_by_an_older_cleaner(article)
    before = {
        "article": Article.objects.values().get(pk=article.pk),
        "evidence": list(Evidence.objects.values().order_by("pk")),
        "events": list(Event.objects.values().order_by("pk")),
        "history": article.history.count(),
    }

    output, _ = run("--dry-run")

    assert output.splitlines()[-1].startswith("Dry run, nothing written.")
    assert f"article {article.pk} " in output and "would change body" in output
    assert "bodies changed 1" in output
    after = {
        "article": Article.objects.values().get(pk=article.pk),
        "evidence": list(Evidence.objects.values().order_by("pk")),
        "events": list(Event.objects.values().order_by("pk")),
        "history": article.history.count(),
    }
    assert after == before


# Editors' corrections ------------------------------------------------------------------------


def test_editor_corrections_survive_a_reclean_and_its_saves_are_not_theirs(tmp_path):
    editor = UserFactory()
    article = ingested(tmp_path / "spring.txt")
    record_editor_update(article, changes={"title": "Turkey launches Spring Shield"}, user=editor)
    article_publication_date_set(
        article, published_on=datetime.date(2020, 3, 1), precision="month", user=editor
    )
    cleaned_by_an_older_cleaner(article)

    run()

    article.refresh_from_db()
    assert article.title == "Turkey launches Spring Shield"
    assert (article.published_on, article.published_on_precision) == (
        datetime.date(2020, 3, 1),
        "month",
    )
    assert not article.body.startswith(LEFTOVER)  # the text was not corrected: it follows
    assert article.source == "Reuters"
    # The re-clean's save is recorded as the pipeline's: the editor's fields are the same.
    assert article_editor_fields(article) == {
        "title",
        "published_on",
        "published_on_precision",
        "published_on_source",
        "published_on_evidence",
    }
    assert article.history.first().history_change_reason.startswith("pipeline: ")


@pytest.mark.parametrize("args", [(), ("--no-reclean",)])
def test_an_editors_publication_date_survives_reextract(tmp_path, args):
    article = ingested(tmp_path / "spring.txt")
    article_publication_date_set(
        article, published_on=datetime.date(2020, 2, 1), precision="month", user=UserFactory()
    )
    run(*args)
    article.refresh_from_db()
    assert (article.published_on, article.published_on_precision) == (
        datetime.date(2020, 2, 1),
        "month",
    )
    assert article.published_on_source == "stated"


def test_an_editors_publication_date_survives_reingestion_and_then_reextract(tmp_path):
    path = tmp_path / "spring.txt"
    article = ingested(path)
    article_publication_date_set(
        article, published_on=datetime.date(2020, 2, 1), precision="month", user=UserFactory()
    )
    path.write_text(FILE.replace("March 5, 2020", "March 6, 2020"), encoding="utf-8")
    assert ingest_path(path).outcome == "updated"
    run()
    article.refresh_from_db()
    assert (article.published_on, article.published_on_precision) == (
        datetime.date(2020, 2, 1),
        "month",
    )


def test_an_editor_who_cleared_the_date_keeps_it_cleared(tmp_path):
    """No date is a correction too: neither the file nor the text's implied date brings
    one back."""
    article = ingested(tmp_path / "spring.txt")
    article_publication_date_set(article, published_on=None, user=UserFactory())
    cleaned_by_an_older_cleaner(article)
    run()
    article.refresh_from_db()
    assert article.published_on is None and article.published_on_source == "unknown"


# Evidence of kept events -----------------------------------------------------------------


def test_evidence_of_verified_events_follows_its_quote_into_the_new_text(tmp_path):
    article = ingested(tmp_path / "spring.txt")
    strike = Event.objects.get(event_type="air_strike", fatalities=34)
    records_set_review_status([strike], status=ReviewStatus.VERIFIED)
    clean_spans = set(Evidence.objects.filter(article=article).values_list("start", "end"))
    cleaned_by_an_older_cleaner(article)
    # A verified event also cited by a sentence of the leftover text, which is gone now.
    leftover = Evidence.objects.create(
        event=strike, article=article, quote=LEFTOVER.strip(), start=0, end=len(LEFTOVER) - 2
    )

    output, _ = run()

    others = Evidence.objects.filter(article=article).exclude(pk=leftover.pk)
    assert set(others.values_list("start", "end")) == clean_spans
    leftover.refresh_from_db()
    assert leftover.start == leftover.end  # points at no text, and is counted
    assert leftover.quote == LEFTOVER.strip()
    assert "evidence moved 2, not found 1" in output
    assert "evidence not found 1" in output.splitlines()[-1]
    article.refresh_from_db()
    for row in Evidence.objects.filter(article=article).exclude(pk=leftover.pk):
        assert article.body[row.start : row.end] == row.quote
    strike.refresh_from_db()
    assert strike.review_status == ReviewStatus.VERIFIED


# Bad files, feeds ------------------------------------------------------------------------


def test_a_missing_file_is_reported_and_the_batch_goes_on(tmp_path):
    gone = ingested(tmp_path / "gone.txt")
    other = ingested(tmp_path / "other.txt", FILE.replace("34 soldiers", "33 soldiers"))
    (tmp_path / "gone.txt").unlink()
    cleaned_by_an_older_cleaner(gone)
    cleaned_by_an_older_cleaner(other)

    output, errors = run()

    gone.refresh_from_db()
    other.refresh_from_db()
    assert errors.splitlines() == [
        f'article {gone.pk} ("Turkey Declares Operation Spring Shield"): not re-cleaned: '
        f"file not found ({gone.source_path}); re-extracted from the stored text"
    ]
    assert gone.body.startswith(LEFTOVER)  # left as it was
    assert spans_match(gone)  # and re-extracted from it
    assert not other.body.startswith(LEFTOVER)
    assert "Re-cleaned 1 (bodies changed 1," in output and "skipped 1" in output
    assert "articles 2" in output and "failed 0" in output


def test_a_file_that_no_longer_parses_is_reported(tmp_path):
    path = tmp_path / "spring.txt"
    article = ingested(path)
    path.write_bytes(b"   \n")
    _, errors = run()
    assert f"article {article.pk} " in errors and "not re-cleaned: empty file" in errors
    article.refresh_from_db()
    assert "Turkey said 34 soldiers" in article.body


def test_each_feed_entry_is_cleaned_again_from_its_own_entry(tmp_path):
    entries = [
        {
            "title": title,
            "description": text,
            "link": f"https://www.bbc.com/news/articles/x{n}",
            "date_published": f"2020-03-0{n}T10:00:00+00:00",
        }
        for n, (title, text) in enumerate(
            [
                ("Turkey declares Spring Shield", BODY.split("\n\n")[0]),
                ("Turkish soldiers killed in Idlib", BODY.split("\n\n")[1]),
            ],
            start=1,
        )
    ]
    path = tmp_path / "feed.json"
    path.write_text(json.dumps(entries), encoding="utf-8")
    assert ingest_path(path).outcome == "created"
    first, second = Article.objects.order_by("source_path")
    bodies = (first.body, second.body)
    cleaned_by_an_older_cleaner(first)
    cleaned_by_an_older_cleaner(second)

    output, errors = run()

    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.body, second.body) == bodies
    assert second.body.startswith("Turkish soldiers killed in Idlib")
    assert "bodies changed 2" in output and errors == ""
    # An entry that has left the feed is reported; the other is cleaned again.
    path.write_text(json.dumps(entries[:1]), encoding="utf-8")
    _, errors = run()
    assert f"article {second.pk} " in errors and "entry 2 is no longer in the feed" in errors
