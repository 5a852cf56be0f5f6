"""What one file costs in SQL: few statements, and no more as the database grows.

``ingest_path`` of a new article (parse, one transaction, article, entities, mentions,
events, evidence, figures, ingestion record) once the entities it names are stored. The
ceilings are the measured numbers: a change that adds a statement per article has to raise
them on purpose (docs/benchmarks.md has the profile they come from).
"""

from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from apps.actors.models import Actor, ActorAlias, ActorKind
from apps.articles.models import Mention
from apps.events.models import Event, Evidence
from apps.ingestion.services import ingest_path

pytestmark = pytest.mark.django_db

# SQL statements to ingest one new seed article, transaction included (BEGIN .. COMMIT), once
# the entities it names are stored: 23-30 (30 with a publication date inferred from the text),
# up to four of them what its sources state (the events its quotations and figures belong to
# read, the quotations inserted, the figures inserted and their events' disputes read).
# It was 33-47 before the article's names were read together, nested savepoints dropped, a
# new article's earlier extraction no longer looked for and source counts set in one update.
MAX_STATEMENTS_PER_ARTICLE = 30


def copy_of(seed: Path, n: int, folder: Path) -> Path:
    """The seed article as a different file (new content, so a new article)."""
    path = folder / f"{n:03d}_{seed.name}"
    path.write_bytes(seed.read_bytes() + f"\n\nCopy {n}.\n".encode())
    return path


def statements(path: Path) -> int:
    with CaptureQueriesContext(connection) as ctx:
        record = ingest_path(path)
    assert record.outcome == "created", record.reason
    return len(ctx)


def test_a_new_article_costs_a_few_statements_whatever_the_database_holds(seed_files, tmp_path):
    for seed in seed_files:  # the entities of the corpus are stored, as on a busy worker
        ingest_path(seed)
    first = {seed.name: statements(copy_of(seed, 1, tmp_path)) for seed in seed_files}
    assert max(first.values()) <= MAX_STATEMENTS_PER_ARTICLE, first

    # The database grows: ten more reports of every article (events now cited many times
    # over), and thousands of people and spellings the articles do not name.
    for n in range(2, 12):
        for seed in seed_files:
            ingest_path(copy_of(seed, n, tmp_path))
    people = Actor.objects.bulk_create(
        Actor(name=f"Person {i:04d}", normalized_name=f"person {i:04d}", kind=ActorKind.PERSON)
        for i in range(3000)
    )
    ActorAlias.objects.bulk_create(
        ActorAlias(actor=actor, alias=f"P. {actor.pk}", normalized=f"p {actor.pk}")
        for actor in people
    )
    assert Evidence.objects.values("article").distinct().count() >= 60
    later = {seed.name: statements(copy_of(seed, 99, tmp_path)) for seed in seed_files}
    assert later == first


def test_a_new_article_is_stored_like_a_reextracted_one(seed_files, tmp_path):
    """A new article skips looking for its earlier mentions, evidence and figures: there
    are none. Extracting it again finds exactly what the first extraction stored."""
    from apps.ingestion.persist.extraction import article_extract

    record = ingest_path(copy_of(seed_files[4], 1, tmp_path))
    article = record.article
    mentions = sorted(Mention.objects.filter(article=article).values_list("start", "end", "text"))
    evidence = sorted(Evidence.objects.filter(article=article).values_list("event", "start"))
    events = Event.objects.count()
    assert mentions and evidence
    stats = article_extract(article, force=True)
    assert stats.get("created", 0) == 0 and stats["unchanged"] == len(evidence)
    assert sorted(Mention.objects.filter(article=article).values_list("start", "end", "text")) == (
        mentions
    )
    assert sorted(Evidence.objects.filter(article=article).values_list("event", "start")) == (
        evidence
    )
    assert Event.objects.count() == events
