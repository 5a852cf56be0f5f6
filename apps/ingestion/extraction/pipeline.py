"""The whole extraction of one article's clean text: entities first, then events, quotations
and the relations between agreements.

Pure Python: ``extract`` takes text and the publication date and returns an ``Extraction``;
persisting it is ``apps.ingestion.persist.extraction.article_extract``'s job.
"""

from __future__ import annotations

import gc
from datetime import date

from apps.events.vocabulary import topic
from apps.ingestion.documents import IngestionError

from .events import extract_events
from .pubdate import infer_publication_date
from .quotations import extract_quotations
from .relations import extract_relations, relation_records
from .types import EntityExtraction, Extraction

EXTRACTOR_VERSION = "events-1"
# Far above any news article (~5,000 words is 30,000 characters), below the tokenizer's limit.
MAX_TEXT_CHARS = 900_000


def on_topic(entities: EntityExtraction) -> bool:
    """Does the article name anything of the knowledge base's subject (``topic.yaml``)?"""
    subject = topic()
    records = entities.records.values()
    if any(r.kind in subject["kinds"] and r.from_dictionary for r in records):
        return True
    named = {r.affiliation for r in records if r.kind in ("actor", "place") and r.affiliation}
    return bool(named & set(subject["affiliations"])) or any(
        set(group) <= named for group in subject["together"]
    )


def extract(text: str, *, published_on: date | None, precision: str = "") -> Extraction:
    """Entities and events of ``text``; relative dates resolve against ``published_on``.

    With no publication date, the month the text's own dated references put the article in
    (``pubdate.infer_publication_date``) dates the events instead, and is returned with them.

    Raises ``IngestionError`` for a text too long to be one article.
    """
    from .entities import extract_entities

    if len(text or "") > MAX_TEXT_CHARS:
        raise IngestionError(
            f"text too long to extract: {len(text):,} characters (limit {MAX_TEXT_CHARS:,})"
        )
    entities = extract_entities(text, published_on=published_on)
    inferred = None
    if published_on is None:
        inferred = infer_publication_date(text, entities)
        if inferred is not None:
            # Titles like "Turkey's president" resolve to whoever held them at that date.
            published_on, precision = inferred.published_on, inferred.precision
            entities = extract_entities(text, published_on=published_on)
    if not on_topic(entities):
        # Sport, another region, another war: kept as an article, with no actors or events.
        empty = EntityExtraction(sentences=entities.sentences, mentions=[], records={})
        return Extraction(entities=empty, events=[], inferred_publication=inferred)
    events = extract_events(
        text,
        entities,
        published_on=published_on,
        precision=precision,
        publication_inferred=inferred is not None,
    )
    quotations = extract_quotations(
        text, entities, events, published_on=published_on, precision=precision
    )
    relations = extract_relations(text, entities)
    return Extraction(
        entities=entities,
        events=events,
        inferred_publication=inferred,
        quotations=quotations,
        relations=relations,
        related_records=relation_records(relations, entities),
    )


# A text naming a state, a person, a capital, an agreement, a place and a date: extracting it
# builds every dictionary, matcher and parser the pipeline keeps for the process.
_WARM_UP_TEXT = (
    "ANKARA, March 6, 2020\n\nPresident Recep Tayyip Erdogan met Vladimir Putin in Moscow on "
    "Thursday and agreed a ceasefire in Idlib, the Kremlin said, two years after the Sochi deal."
)


def preload() -> None:
    """Build the pipeline's dictionaries, matchers and parsers now, then take every object
    alive from the garbage collector's watch (``gc.freeze``).

    A worker calls it once in its main process, before the pool forks: the children share
    those pages instead of each building its own, and a full collection no longer walks the
    ~170,000 long-lived objects of the dictionary and matchers (about 2.5 ms per article).
    """
    extract(_WARM_UP_TEXT, published_on=date(2020, 3, 6))
    gc.collect()
    gc.freeze()
