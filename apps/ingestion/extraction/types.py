"""Data passed between the entity recogniser, the event extractor and the persisting services.

Keys: every distinct entity has a ``key``. Entities from the curated dictionaries use their
dictionary key (e.g. ``"actor:putin"``, ``"agreement:sochi-2018"``, ``"post:morek"``,
``"place:idlib"``). Entities found by patterns that the dictionary does not know get a key
built from their normalised name (``"new-actor:person:elena suponina"``). Offsets are character
offsets into the article's clean text (``ParsedArticle.body``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

ACTOR, AGREEMENT, POST, PLACE = "actor", "agreement", "post", "place"


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class EntityMention:
    kind: str  # ACTOR | AGREEMENT | POST | PLACE
    key: str
    start: int
    end: int
    text: str  # exactly body[start:end]
    # dictionary | pattern | metonymy | agent | coreference | fuzzy | spelling
    via: str = "dictionary"


@dataclass
class EntityRecord:
    """What the article tells about one distinct entity, enough to create or update its row."""

    kind: str  # ACTOR | AGREEMENT | POST | PLACE
    key: str
    name: str  # canonical name
    subkind: str  # ActorKind / AgreementKind / PlaceKind value; "" for posts
    affiliation: str = ""  # ISO alpha-3, actors and places
    aliases: list[str] = field(default_factory=list)
    description: str = ""  # e.g. "Kremlin spokesman"
    from_dictionary: bool = True
    # agreements: signed_on (date|None), signed_on_precision, party_keys (list of actor keys),
    # summary; posts: agreement_key, place_key, lat, lon; places: lat, lon;
    # people: positions [{"title", "country", "start", "end"}]
    extra: dict = field(default_factory=dict)

    @classmethod
    def of_entry(cls, entry) -> EntityRecord:
        """The record of a curated dictionary entry (``dictionary.Entry``)."""
        return cls(
            kind=entry.kind,
            key=entry.key,
            name=entry.name,
            subkind=entry.subkind,
            affiliation=entry.affiliation,
            aliases=list(entry.aliases),
            description=entry.description,
            from_dictionary=True,
            extra=dict(entry.extra),
        )


@dataclass(frozen=True)
class StatedCount:
    subject: str  # e.g. "observation_posts"
    value: int
    agreement_key: str | None
    start: int
    end: int
    quote: str


@dataclass
class EntityExtraction:
    sentences: list[Sentence]
    mentions: list[EntityMention]
    records: dict[str, EntityRecord]
    counts: list[StatedCount] = field(default_factory=list)


@dataclass(frozen=True)
class EventActorRef:
    key: str
    role: str  # initiator | target | participant
    text: str  # the mention text ("Ankara", "Turkish troops")


@dataclass
class ExtractedEvent:
    event_type: str  # key of apps/events/data/event_types.yaml
    cameo_code: str
    acled_event_type: str
    acled_sub_event_type: str
    date: date | None
    date_precision: str  # day | week | month | year | ""
    end_date: date | None
    date_expression: str  # the words the date came from, "" if none
    date_is_relative: bool  # resolved against the publication date
    actors: list[EventActorRef]
    place_key: str | None
    location_text: str
    agreement_key: str | None
    post_key: str | None
    fatalities: int | None
    wounded: int | None
    summary: str
    sentence_start: int
    sentence_end: int
    quote: str  # exactly body[sentence_start:sentence_end]
    # The counts the sentence states, as written: (kind, value, qualifier), e.g.
    # ("killed", 33, "at least"); kind is killed | wounded.
    figures: list[tuple[str, int, str]] = field(default_factory=list)


@dataclass(frozen=True)
class ExtractedQuotation:
    text: str  # the quoted words, whitespace collapsed
    start: int  # the quoted words in the body: body[start:end], without the marks
    end: int
    sentence_start: int  # the sentence (or sentences) the quotation stands in
    sentence_end: int
    quote: str  # exactly body[sentence_start:sentence_end]
    speaker_key: str | None  # the speaking actor's key, None when the text names none
    speaker_text: str  # the words naming the speaker ("he", "a Western diplomat"), "" if none
    said_on: date | None
    said_on_precision: str  # day | week | month | year | ""
    event_index: int | None  # the statement event it belongs to, in ``Extraction.events``
    partial: bool  # a fragment inside the outlet's own sentence


@dataclass(frozen=True)
class ExtractedRelation:
    agreement_key: str  # the agreement that amends, supersedes, implements or reaffirms
    relation: str  # amends | supersedes | implements | reaffirms
    other_key: str
    sentence_start: int
    sentence_end: int
    quote: str  # exactly body[sentence_start:sentence_end]
    cue: str  # the words that state it ("an addendum to", "Sochi 2.0")


@dataclass
class Extraction:
    entities: EntityExtraction
    events: list[ExtractedEvent]
    # For an article with no publication date: the month its own dated references put it in
    # (a ``pubdate.InferredDate``), which the events were dated against; None otherwise.
    inferred_publication: object | None = None
    quotations: list[ExtractedQuotation] = field(default_factory=list)
    relations: list[ExtractedRelation] = field(default_factory=list)
    # Agreements a relation names that the article does not ("Sochi 2.0"): stored for it.
    related_records: dict[str, EntityRecord] = field(default_factory=dict)
