from __future__ import annotations

import orjson
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from apps.actors.models import Actor
from apps.agreements.api.serializers import AgreementSummarySerializer
from apps.core.api.filters import MAX_ID, MAX_IDS
from apps.core.api.serializers import LocationSerializer, place_location
from apps.core.prepared import PreparedRead
from apps.places.api.serializers import ObservationPostSummarySerializer

from ..models import Event, EventActor, Evidence, FigureKind, Quotation, Role
from ..selectors import (
    EVENT_ROW_COLUMNS,
    PAYLOAD_SEPARATOR,
    event_dispute_kinds,
    event_related_names,
)
from ..vocabulary import event_type_choices


class EventActorSerializer(serializers.ModelSerializer):
    id = serializers.IntegerField(source="actor_id")
    name = serializers.CharField(source="actor.name")
    kind = serializers.CharField(source="actor.kind")

    class Meta:
        model = EventActor
        fields = ["id", "name", "kind", "role"]


class EvidenceSerializer(serializers.ModelSerializer):
    article = serializers.IntegerField(source="article_id")
    article_title = serializers.CharField(source="article.title")

    class Meta:
        model = Evidence
        fields = ["article", "article_title", "quote", "start", "end"]


class EventSerializer(serializers.ModelSerializer):
    location = serializers.SerializerMethodField()
    actors = EventActorSerializer(source="actor_links", many=True, read_only=True)
    agreement = AgreementSummarySerializer(read_only=True, allow_null=True)
    observation_post = ObservationPostSummarySerializer(read_only=True, allow_null=True)
    evidence = EvidenceSerializer(many=True, read_only=True)
    independent_sources = serializers.SerializerMethodField(
        help_text="Distinct originators among the reporting articles: a wire story reprinted "
        "by two papers counts once, as its agency's (`source_count` counts articles)."
    )

    class Meta:
        model = Event
        fields = [
            "id",
            "event_type",
            "cameo_code",
            "acled_event_type",
            "acled_sub_event_type",
            "date",
            "date_precision",
            "end_date",
            "summary",
            "location",
            "fatalities",
            "wounded",
            "actors",
            "agreement",
            "observation_post",
            "evidence",
            "source_count",
            "independent_sources",
            "disputed",
            "review_status",
        ]

    def get_independent_sources(self, obj) -> int:
        return _independent_sources(obj)

    @extend_schema_field(LocationSerializer)
    def get_location(self, obj) -> dict:
        return place_location(obj.place, obj.location_text)

    def to_representation(self, obj) -> dict:
        """The same payload as the declared fields give, built directly: lists of events are
        the API's hot path, and DRF's field-by-field machinery is most of their cost."""
        agreement, post = obj.agreement, obj.observation_post
        return _event_payload(
            {name: getattr(obj, name) for name in EVENT_ROW_COLUMNS},
            location=place_location(obj.place, obj.location_text),
            agreement={"id": agreement.id, "name": agreement.name} if agreement else None,
            post={"id": post.id, "name": post.name} if post else None,
            actors=_actor_rows(obj),
            evidence=_evidence_rows(obj),
            independent_sources=_independent_sources(obj),
        )


class FigureArticleSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    source = serializers.CharField()
    published_on = serializers.DateField(allow_null=True)


class FigureSerializer(serializers.Serializer):
    """A count one source states about the event, with its qualifier and its sentence."""

    kind = serializers.ChoiceField(choices=FigureKind.choices)
    value = serializers.IntegerField()
    qualifier = serializers.CharField(help_text='"", "at least", "more than", "about", …')
    article = FigureArticleSerializer()
    quote = serializers.CharField()


class NamedSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class AccountSerializer(serializers.Serializer):
    """What one source's sentence says of the event: its date and the doer it names."""

    article = FigureArticleSerializer()
    date = serializers.DateField(allow_null=True)
    date_precision = serializers.CharField(help_text='"day", "week", "month", "year" or "".')
    blamed = NamedSerializer(
        allow_null=True,
        help_text="The one doer the sentence names for a violent event (null when it names "
        "none or several, and for other events).",
    )
    quote = serializers.CharField()
    start = serializers.IntegerField()
    end = serializers.IntegerField()


class EventDetailSerializer(EventSerializer):
    """One event: the list's fields, the figures each source states (``figures``) and what
    each source's sentence says of its date and doer (``accounts``); ``disputes`` names what
    the sources disagree on and ``disputed`` says whether they disagree at all."""

    figures = FigureSerializer(many=True, read_only=True)
    accounts = AccountSerializer(many=True, read_only=True)
    disputes = serializers.ListField(
        child=serializers.CharField(),
        read_only=True,
        help_text='What the sources disagree on: a figure kind ("killed", "wounded", '
        '"captured", "displaced", "troops", "aircraft_downed"), "date" or "blame".',
    )

    class Meta(EventSerializer.Meta):
        fields = [*EventSerializer.Meta.fields, "figures", "accounts", "disputes"]

    def to_representation(self, obj) -> dict:
        data = super().to_representation(obj)
        accounts = getattr(obj, "accounts", None)
        if accounts is None:
            accounts = list(obj.evidence.select_related("article", "blamed"))
        data["accounts"] = [
            {
                "article": {
                    "id": ev.article_id,
                    "title": ev.article.title,
                    "source": ev.article.source,
                    "published_on": _iso(ev.article.published_on),
                },
                "date": _iso(ev.date),
                "date_precision": ev.date_precision,
                "blamed": {"id": ev.blamed_id, "name": ev.blamed.name} if ev.blamed_id else None,
                "quote": ev.quote,
                "start": ev.start,
                "end": ev.end,
            }
            for ev in accounts
        ]
        data["disputes"] = event_dispute_kinds(list(obj.figures.all()), accounts)
        data["figures"] = [
            {
                "kind": f.kind,
                "value": f.value,
                "qualifier": f.qualifier,
                "article": {
                    "id": f.article_id,
                    "title": f.article.title,
                    "source": f.article.source,
                    "published_on": _iso(f.article.published_on),
                },
                "quote": f.quote,
            }
            for f in obj.figures.all()
        ]
        return data


def _actor_rows(event) -> list[dict]:
    rows = getattr(event, "actor_rows", None)  # set by events_attach_related() for list pages
    if rows is not None:
        return rows
    return [
        {"id": link.actor_id, "name": link.actor.name, "kind": link.actor.kind, "role": link.role}
        for link in event.actor_links.all()
    ]


def originator(article_id: int, source: str) -> str:
    """Who a report comes from: its publisher or credited wire agency ("Associated Press" for
    two papers reprinting one AP story), else the article itself."""
    key = " ".join((source or "").casefold().split())
    return key or f"article:{article_id}"


def _independent_sources(event) -> int:
    """Distinct originators among the articles that report the event."""
    sources = getattr(event, "evidence_sources", None)
    if sources is None:
        sources = {
            originator(item.article_id, item.article.source) for item in event.evidence.all()
        }
    return len(sources)


def _evidence_rows(event) -> list[dict]:
    rows = getattr(event, "evidence_rows", None)
    if rows is not None:
        return rows
    return [
        {
            "article": item.article_id,
            "article_title": item.article.title,
            "quote": item.quote,
            "start": item.start,
            "end": item.end,
        }
        for item in event.evidence.all()
    ]


# The actors and the evidence of a page of events: reads compiled once (apps/core/prepared.py).
_ACTOR_ROWS = PreparedRead(
    lambda ids: (
        EventActor.objects.filter(event_id__in=ids)
        .order_by("event_id", "role", "id")
        .values_list("event_id", "actor_id", "actor__name", "actor__kind", "role")
    )
)
_EVIDENCE_ROWS = PreparedRead(
    lambda ids: (
        Evidence.objects.filter(event_id__in=ids)
        .order_by("event_id", "article_id", "start", "id")
        .values_list(
            "event_id", "article_id", "article__title", "article__source", "quote", "start", "end"
        )
    )
)


def _related_rows(ids: list[int]):
    """The actors, evidence and originators of the events ``ids``, in two flat queries:
    the rows ``prefetch_related`` would give, without a model instance per row."""
    actors: dict[int, list[dict]] = {event_id: [] for event_id in ids}
    evidence: dict[int, list[dict]] = {event_id: [] for event_id in ids}
    sources: dict[int, set[str]] = {event_id: set() for event_id in ids}
    if not ids:
        return actors, evidence, sources
    for event_id, actor_id, name, kind, role in _ACTOR_ROWS.rows(ids):
        actors[event_id].append({"id": actor_id, "name": name, "kind": kind, "role": role})
    for event_id, article_id, title, source, quote, start, end in _EVIDENCE_ROWS.rows(ids):
        sources[event_id].add(originator(article_id, source))
        evidence[event_id].append(
            {
                "article": article_id,
                "article_title": title,
                "quote": quote,
                "start": start,
                "end": end,
            }
        )
    return actors, evidence, sources


def events_attach_related(events) -> None:
    """Load the actors and evidence of a batch of events (an export's) in two flat queries."""
    actors, evidence, sources = _related_rows([event.id for event in events])
    for event in events:
        event.actor_rows = actors[event.id]
        event.evidence_rows = evidence[event.id]
        event.evidence_sources = sources[event.id]


def event_list_payloads(rows) -> list[dict | orjson.Fragment]:
    """A page of the events list from the rows of ``event_list_rows``: the payload
    ``EventSerializer`` gives for each event. On PostgreSQL each is the JSON the database
    wrote, as an ``orjson.Fragment`` the renderer writes out as it is; elsewhere a dict built
    from the selected values and three more queries for the page. (A PostgreSQL row starts
    with its payload's text, and may carry the columns it is ordered by after it.)"""
    if rows and isinstance(rows[0][0], str):
        return [_written_payload(row[0]) for row in rows]
    rows = [dict(zip(EVENT_ROW_COLUMNS, row, strict=True)) for row in rows]
    actors, evidence, sources = _related_rows([row["id"] for row in rows])
    names = event_related_names(
        {row["place_id"] for row in rows if row["place_id"] is not None},
        {row["agreement_id"] for row in rows if row["agreement_id"] is not None},
        {row["observation_post_id"] for row in rows if row["observation_post_id"] is not None},
    )
    places, agreements, posts = names["place"], names["agreement"], names["post"]
    payloads = []
    for row in rows:
        pk = row["id"]
        agreement = agreements.get(row["agreement_id"])
        post = posts.get(row["observation_post_id"])
        payloads.append(
            _row_payload(
                row,
                place=places.get(row["place_id"]),
                agreement=agreement[0] if agreement else None,
                post=post[0] if post else None,
                actors=actors[pk],
                evidence=evidence[pk],
                independent_sources=len(sources[pk]),
            )
        )
    return payloads


def _written_payload(text: str) -> orjson.Fragment:
    """One event's payload from the three parts the database wrote (``PAYLOAD_SEPARATOR``):
    the fields up to ``source_count``, the evidence's publishers, the fields after
    ``independent_sources``; the count of independent sources goes between them."""
    head, reports, tail = text.split(PAYLOAD_SEPARATOR)
    count = len({originator(pk, source) for pk, source in orjson.loads(reports)})
    return orjson.Fragment(f'{head[:-1]}, "independent_sources" : {count}, {tail[1:]}')


def _row_payload(row, *, place, agreement, post, **related) -> dict:
    """The payload of a selected row (``EVENT_ROW_COLUMNS``) whose related names were read
    beside it: ``place`` is ``(name, lat, lon)``, ``agreement`` and ``post`` are names, each
    None where the event has none; ``related`` holds the actors, evidence and sources."""
    return _event_payload(
        row,
        location=(
            {"name": place[0], "lat": place[1], "lon": place[2]}
            if place is not None
            else {"name": row["location_text"], "lat": None, "lon": None}
        ),
        agreement={"id": row["agreement_id"], "name": agreement} if agreement is not None else None,
        post={"id": row["observation_post_id"], "name": post} if post is not None else None,
        **related,
    )


def _event_payload(
    row, *, location, agreement, post, actors, evidence, independent_sources
) -> dict:
    """An event's list payload, in the declared fields' order: ``row`` holds the event's own
    columns (``EVENT_ROW_COLUMNS``), the rest is what comes from related rows."""
    return {
        "id": row["id"],
        "event_type": row["event_type"],
        "cameo_code": row["cameo_code"],
        "acled_event_type": row["acled_event_type"],
        "acled_sub_event_type": row["acled_sub_event_type"],
        "date": _iso(row["date"]),
        "date_precision": row["date_precision"],
        "end_date": _iso(row["end_date"]),
        "summary": row["summary"],
        "location": location,
        "fatalities": row["fatalities"],
        "wounded": row["wounded"],
        "actors": actors,
        "agreement": agreement,
        "observation_post": post,
        "evidence": evidence,
        "source_count": row["source_count"],
        "independent_sources": independent_sources,
        "disputed": row["disputed"],
        "review_status": row["review_status"],
    }


def _iso(value) -> str | None:
    return value.isoformat() if value is not None else None


class EventActorWriteSerializer(serializers.Serializer):
    """One actor of an event as an editor sets it: the actor's id and its role."""

    id = serializers.IntegerField(min_value=1, max_value=MAX_ID, help_text="The actor's id.")
    role = serializers.ChoiceField(choices=Role.choices, default=Role.PARTICIPANT)

    def to_internal_value(self, data):
        if isinstance(data, dict):
            unknown = sorted(set(data) - set(self.fields))
            if unknown:
                raise serializers.ValidationError(
                    {name: ["unknown field; an actor is given by id and role."] for name in unknown}
                )
            if "id" not in data:
                # A PATCH is partial, and DRF then requires no field of the items either.
                raise serializers.ValidationError({"id": ["an actor is given by its id."]})
        return super().to_internal_value(data)


class EventUpdateSerializer(serializers.ModelSerializer):
    """The fields an editor may correct through the API."""

    event_type = serializers.ChoiceField(choices=[], required=False)
    actors = EventActorWriteSerializer(
        many=True,
        required=False,
        max_length=MAX_IDS,
        help_text="The event's whole list of actors with their roles; it replaces the stored "
        "one (an empty list removes every actor).",
    )

    class Meta:
        model = Event
        fields = [
            "event_type",
            "cameo_code",
            "date",
            "date_precision",
            "end_date",
            "summary",
            "location_text",
            "place",
            "fatalities",
            "wounded",
            "agreement",
            "observation_post",
            "actors",
            "review_status",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["event_type"].choices = event_type_choices()

    def validate_actors(self, value):
        """(actor id, role) pairs, each a real actor, none twice."""
        # A PATCH is partial, and DRF then leaves defaults out: the role's is applied here.
        pairs = [(item["id"], item.get("role", Role.PARTICIPANT)) for item in value]
        if len(set(pairs)) != len(pairs):
            raise serializers.ValidationError("an actor is listed twice with the same role.")
        found = set(
            Actor.objects.filter(pk__in={pk for pk, _ in pairs}).values_list("pk", flat=True)
        )
        missing = sorted({pk for pk, _ in pairs} - found)
        if missing:
            raise serializers.ValidationError(f"no record with id {missing[0]}.")
        return pairs

    def validate(self, attrs):
        start = attrs.get("date", getattr(self.instance, "date", None))
        end = attrs.get("end_date", getattr(self.instance, "end_date", None))
        if start and end and end < start:
            raise serializers.ValidationError({"end_date": "must not be before date."})
        return attrs


class SpeakerSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class QuotationEvidenceSerializer(serializers.Serializer):
    quote = serializers.CharField()
    start = serializers.IntegerField()
    end = serializers.IntegerField()


class QuotationSerializer(serializers.ModelSerializer):
    """A direct quotation: the quoted words, who said them, when, and the sentence citing it."""

    speaker = serializers.SerializerMethodField()
    article = serializers.IntegerField(source="article_id")
    evidence = serializers.SerializerMethodField()
    event = serializers.IntegerField(source="event_id", allow_null=True)

    class Meta:
        model = Quotation
        fields = [
            "id",
            "text",
            "speaker",
            "speaker_text",
            "said_on",
            "said_on_precision",
            "partial",
            "article",
            "evidence",
            "event",
            "review_status",
        ]

    @extend_schema_field(SpeakerSerializer(allow_null=True))
    def get_speaker(self, obj) -> dict | None:
        speaker = obj.speaker
        return {"id": speaker.id, "name": speaker.name} if speaker is not None else None

    @extend_schema_field(QuotationEvidenceSerializer)
    def get_evidence(self, obj) -> dict:
        return {"quote": obj.quote, "start": obj.start, "end": obj.end}


class QuotationUpdateSerializer(serializers.ModelSerializer):
    """The fields an editor may correct through the API."""

    class Meta:
        model = Quotation
        fields = ["speaker", "speaker_text", "said_on", "said_on_precision", "review_status"]
