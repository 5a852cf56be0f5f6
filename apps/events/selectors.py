"""Reads of events: the browse pages and the API, and the upsert of an article's events.

The page and API reads each return a queryset that owns its joins. Lists that take the events
FilterSet (``event_list``, ``event_list_queryset``) return every event: the FilterSet decides
which are shown (rejected ones only when asked for). The other reads show visible events only.

``event_candidates`` reads the stored events an article's extracted events may be (the
decision itself is ``matching``'s); ``event_actor_links`` and ``events_cited_by`` are the other
reads of ``services``.
"""

from __future__ import annotations

import functools
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from django.db import connection, connections
from django.db.models import F, FloatField, OuterRef, Prefetch, QuerySet, Subquery, Value
from django.db.models.expressions import RawSQL
from django.db.models.functions import Cast

from apps.actors.models import Actor
from apps.agreements.models import Agreement
from apps.agreements.vocabulary import post_statuses
from apps.articles.models import Article
from apps.core.compiled import ListStatements
from apps.core.prepared import PreparedRead
from apps.core.review import visible
from apps.core.search import text_match_q
from apps.places.models import ObservationPost, Place

from .disputes import event_disputes, side_of
from .matching import EventInput, event_family, family_types, same_event
from .models import Event, EventActor, EventFigure, Evidence, Quotation

# The columns an event's API payload shows.
EVENT_COLUMNS = [
    "id",
    "event_type",
    "cameo_code",
    "acled_event_type",
    "acled_sub_event_type",
    "date",
    "date_precision",
    "end_date",
    "summary",
    "place",
    "location_text",
    "fatalities",
    "wounded",
    "agreement",
    "observation_post",
    "source_count",
    "disputed",
    "review_status",
]


def event_visible() -> QuerySet[Event]:
    """Events a researcher may see: everything except what an editor rejected."""
    return visible(Event.objects.all())


def _with_details(queryset: QuerySet[Event]) -> QuerySet[Event]:
    return queryset.select_related("place", "agreement", "observation_post").prefetch_related(
        Prefetch(
            "actor_links",
            queryset=EventActor.objects.select_related("actor").order_by("role", "actor__name"),
        ),
        Prefetch(
            "evidence",
            queryset=Evidence.objects.select_related("article")
            .defer("article__body", "article__search_vector")
            .order_by("article__published_on", "start"),
        ),
    )


def event_with_details(queryset: QuerySet[Event] | None = None) -> QuerySet[Event]:
    """Visible events with their place, agreement, post, actors (with roles) and cited
    sentences."""
    return _with_details(visible(Event.objects.all() if queryset is None else queryset))


def event_figures(event: Event) -> list[EventFigure]:
    """What each source states the event cost, by kind, oldest report first."""
    return list(
        EventFigure.objects.filter(event=event)
        .select_related("article")
        .defer("article__body", "article__search_vector")
        .order_by("kind", F("article__published_on").asc(nulls_last=True), "article_id", "start")
    )


def event_accounts(event: Event) -> list[Evidence]:
    """What each source's sentence says of the event's date and doer, oldest report first."""
    return list(
        Evidence.objects.filter(event=event)
        .select_related("article", "blamed")
        .defer("article__body", "article__search_vector")
        .order_by(F("article__published_on").asc(nulls_last=True), "article_id", "start")
    )


def event_dispute_kinds(figures: list[EventFigure], accounts: list[Evidence]) -> list[str]:
    """What the sources of one event disagree on (``disputes.event_disputes``), from its
    figures and accounts as read above."""
    return event_disputes(
        [(f.article_id, f.kind, f.value, f.qualifier) for f in figures],
        [(ev.article_id, ev.date, ev.date_precision) for ev in accounts],
        [
            (ev.article_id, side_of(ev.blamed_id, ev.blamed.kind, ev.blamed.affiliation))
            for ev in accounts
            if ev.blamed_id
        ],
    )


def event_list() -> QuerySet[Event]:
    """The events list page: newest first, undated last; its FilterSet decides visibility."""
    return _with_details(Event.objects.all()).order_by(F("date").desc(nulls_last=True), "-id")


def event_timeline(queryset: QuerySet[Event]) -> QuerySet[Event]:
    """Events in the order they happened, undated ones last."""
    return event_with_details(queryset).order_by(F("date").asc(nulls_last=True), "id")


def agreement_events(agreement) -> QuerySet[Event]:
    """Events that refer to the agreement (talks, violations, annulments) in time order."""
    return event_timeline(Event.objects.filter(agreement=agreement))


def post_events(post) -> QuerySet[Event]:
    """Events that concern the observation post, in time order."""
    return event_timeline(Event.objects.filter(observation_post=post))


def agreement_post_life(agreement) -> dict[int, list[dict]]:
    """The status over time of each observation post set up under the agreement, by post id:
    every visible event that concerns the post and tells of it (established, encircled,
    attacked, withdrawn: ``post_statuses`` in the agreements' vocabulary), in time order with
    undated ones last, each with the first sentence that reports it. One query."""
    statuses = post_statuses()
    first = Evidence.objects.filter(event=OuterRef("pk")).order_by(
        F("article__published_on").asc(nulls_last=True), "start", "id"
    )
    rows = (
        visible(Event.objects.filter(observation_post__agreement=agreement))
        .filter(event_type__in=list(statuses))
        .annotate(
            evidence_id=Subquery(first.values("id")[:1]),
            evidence_article=Subquery(first.values("article_id")[:1]),
        )
        .order_by(F("date").asc(nulls_last=True), "id")
        .values(
            "id", "observation_post_id", "event_type", "date", "date_precision",
            "evidence_id", "evidence_article",
        )
    )  # fmt: skip
    life: dict[int, list[dict]] = defaultdict(list)
    for row in rows:
        life[row["observation_post_id"]].append(
            {
                "date": row["date"],
                "date_precision": row["date_precision"],
                "status": statuses[row["event_type"]],
                "event": row["id"],
                "event_type": row["event_type"],
                "evidence": row["evidence_id"],
                "article": row["evidence_article"],
            }
        )
    return dict(life)


def article_events(article) -> QuerySet[Event]:
    """Events the article reports, in time order, with their details."""
    ids = Evidence.objects.filter(article=article).values("event_id")
    return event_timeline(Event.objects.filter(pk__in=ids))


def event_latest(*, limit: int = 8) -> QuerySet[Event]:
    return event_with_details().exclude(date=None).order_by("-date", "-id")[:limit]


def event_search(query: str, *, limit: int = 25) -> QuerySet[Event]:
    """Events whose summary, place words or quoted evidence contain ``query``."""
    match = text_match_q(
        query, fields=("summary", "location_text", "place__name", "evidence__quote")
    )
    ids = event_visible().filter(match).values("pk")
    return event_list().filter(pk__in=ids)[:limit]


def event_list_queryset() -> QuerySet[Event]:
    """The events API list: the columns the payload shows; actors and evidence come per page.

    Every event: the FilterSet decides which are shown."""
    return Event.objects.select_related("place", "agreement", "observation_post").only(
        *EVENT_COLUMNS,
        "place__name",
        "place__lat",
        "place__lon",
        "agreement__name",
        "observation_post__name",
    )


# The columns of a list row, as ``event_list_rows`` selects them (related records by id).
EVENT_ROW_COLUMNS = [
    "agreement_id" if name == "agreement" else
    "observation_post_id" if name == "observation_post" else
    "place_id" if name == "place" else name
    for name in EVENT_COLUMNS
]  # fmt: skip


def event_list_rows(queryset: QuerySet[Event]) -> QuerySet:
    """A filtered events list, as rows a page is written from, without joins.

    On PostgreSQL each row is one column, ``payload``: the event's list payload as JSON text
    the database writes (its shape is described at ``PAYLOAD_SEPARATOR``), with correlated
    subqueries in the select list. The database runs them for the rows of the page only,
    after its sort and limit, so one query answers a whole page and Python builds no objects
    for it. Elsewhere the rows are tuples of the event's own columns (``EVENT_ROW_COLUMNS``),
    and the related rows come per page in three more queries (``event_related_names`` and
    the evidence and actor reads of the serializers)."""
    if connections[queryset.db].vendor != "postgresql":
        return queryset.values_list(*EVENT_ROW_COLUMNS)
    return queryset.annotate(payload=_payload_json()).values_list("payload")


# The events list's page and ids statements, per shape of its filters (apps.core.compiled).
EVENT_LIST_STATEMENTS = ListStatements(event_list_rows)


# The ``payload`` column of ``event_list_rows`` on PostgreSQL: an event's list payload as the
# database writes it, in three parts joined by ``PAYLOAD_SEPARATOR``:
#   1. the JSON object of its fields up to ``source_count``, in the payload's order;
#   2. who published each sentence of its evidence, ``[[article id, source], …]``;
#   3. the JSON object of its fields after ``independent_sources``.
# The caller counts the independent sources from part 2 (``originator``'s normalisation is
# Python's) and joins the parts into one object. The database escapes every control character
# inside JSON strings, so the separator can never occur within a part.
PAYLOAD_SEPARATOR = "\x1f"


@functools.cache
def _payload_json() -> RawSQL:
    """The ``payload`` column: one correlated subquery over the event's row. Its evidence is
    read once, for both the sentences and their publishers; each actor, article, place,
    agreement and post is looked up by its primary key. The tables of places, agreements and
    posts are small enough that PostgreSQL reads them whole rather than through their index:
    ``LIMIT 1`` stops that scan at the row found (about half the table, on average)."""
    q = connection.ops.quote_name
    e = q(Event._meta.db_table)
    link, actor = q(EventActor._meta.db_table), q(Actor._meta.db_table)
    evidence, article = q(Evidence._meta.db_table), q(Article._meta.db_table)
    place, agreement = q(Place._meta.db_table), q(Agreement._meta.db_table)
    post = q(ObservationPost._meta.db_table)

    def col(name: str) -> str:
        return f"{e}.{q(name)}"

    actors = (
        "SELECT COALESCE(json_agg((SELECT json_build_object('id', a.id, 'name', a.name, "
        f"'kind', a.kind, 'role', l.role) FROM {actor} a WHERE a.id = l.actor_id) "
        f"ORDER BY l.role, l.id), '[]'::json) FROM {link} l WHERE l.event_id = {col('id')}"
    )
    location = (
        f"CASE WHEN {col('place_id')} IS NULL THEN json_build_object('name', "
        f"{col('location_text')}, 'lat', NULL, 'lon', NULL) ELSE (SELECT json_build_object("
        f"'name', p.name, 'lat', p.lat, 'lon', p.lon) FROM {place} p "
        f"WHERE p.id = {col('place_id')} LIMIT 1) END"
    )
    named = (
        "CASE WHEN {fk} IS NULL THEN NULL ELSE (SELECT json_build_object('id', x.id, "
        "'name', x.name) FROM {table} x WHERE x.id = {fk} LIMIT 1) END"
    )
    head = ", ".join(
        [
            *(f"'{name}', {col(name)}" for name in (
                "id", "event_type", "cameo_code", "acled_event_type", "acled_sub_event_type",
                "date", "date_precision", "end_date", "summary",
            )),
            f"'location', {location}",
            f"'fatalities', {col('fatalities')}",
            f"'wounded', {col('wounded')}",
            f"'actors', ({actors})",
            f"'agreement', {named.format(fk=col('agreement_id'), table=agreement)}",
            f"'observation_post', {named.format(fk=col('observation_post_id'), table=post)}",
            "'evidence', v.items",
            f"'source_count', {col('source_count')}",
        ]
    )  # fmt: skip
    tail = f"'disputed', {col('disputed')}, 'review_status', {col('review_status')}"
    sep = f"chr({ord(PAYLOAD_SEPARATOR)})"
    return RawSQL(
        f"(SELECT json_build_object({head})::text || {sep} || v.reports::text || {sep} || "
        f"json_build_object({tail})::text FROM (SELECT COALESCE(json_agg(json_build_object("
        "'article', v.article_id, 'article_title', r.title, 'quote', v.quote, 'start', "
        "v.start, 'end', v.\"end\") ORDER BY v.article_id, v.start, v.id), '[]'::json) AS items, "
        "COALESCE(json_agg(json_build_array(v.article_id, r.source)), '[]'::json) AS reports "
        f"FROM {evidence} v JOIN {article} r ON r.id = v.article_id "
        f"WHERE v.event_id = {col('id')}) v)",
        (),
    )


def _related_names_query(place_ids, agreement_ids, post_ids) -> QuerySet:
    nothing = Cast(Value(None), FloatField())  # a typed NULL, for the union
    parts = []
    for key, model, ids, lat, lon in (
        ("place", Place, place_ids, F("lat"), F("lon")),
        ("agreement", Agreement, agreement_ids, nothing, nothing),
        ("post", ObservationPost, post_ids, nothing, nothing),
    ):
        rows = model.objects.filter(pk__in=ids).order_by()
        rows = rows.annotate(key=Value(key), lat_=lat, lon_=lon)
        parts.append(rows.values_list("key", "id", "name", "lat_", "lon_"))
    return parts[0].union(*parts[1:], all=True)


_RELATED_NAMES = PreparedRead(_related_names_query, lists=3)


def event_related_names(place_ids, agreement_ids, post_ids) -> dict[str, dict[int, tuple]]:
    """``{"place": {id: (name, lat, lon)}, "agreement": {id: (name, None, None)}, "post": …}``
    for the given ids, in one query."""
    names: dict[str, dict[int, tuple]] = {"place": {}, "agreement": {}, "post": {}}
    for key, pk, name, lat, lon in _RELATED_NAMES.rows(place_ids, agreement_ids, post_ids):
        names[key][pk] = (name, lat, lon)
    return names


def event_queryset() -> QuerySet[Event]:
    """Events with everything their API payload shows, in a fixed number of queries."""
    return event_list_queryset().prefetch_related(
        Prefetch(
            "actor_links",
            queryset=EventActor.objects.select_related("actor")
            .only("id", "event_id", "actor_id", "role", "actor__name", "actor__kind")
            .order_by("role", "id"),
        ),
        Prefetch(
            "evidence",
            queryset=Evidence.objects.select_related("article")
            .only(
                "id",
                "event_id",
                "article_id",
                "article__title",
                "article__source",
                "quote",
                "start",
                "end",
            )
            .order_by("article_id", "start", "id"),
        ),
    )


def event_detail_queryset() -> QuerySet[Event]:
    """One event for its API detail: what a list row shows, each source's figures, and what
    each source's sentence says of its date and doer."""
    return event_queryset().prefetch_related(
        Prefetch(
            "figures",
            queryset=EventFigure.objects.select_related("article")
            .only(
                "id", "event_id", "kind", "value", "qualifier", "quote", "article_id",
                "article__title", "article__source", "article__published_on",
                "article__published_on_precision",
            )
            .order_by("kind", "article__published_on", "article_id", "start"),
        ),
        # What each source's sentence says of the date and the doer, beside its publisher.
        Prefetch(
            "evidence",
            queryset=Evidence.objects.select_related("article", "blamed")
            .only(
                "id", "event_id", "article_id", "quote", "start", "end", "date",
                "date_precision", "blamed_id", "blamed__name", "blamed__kind",
                "blamed__affiliation", "article__title",
                "article__source", "article__published_on",
            )
            .order_by(F("article__published_on").asc(nulls_last=True), "article_id", "start"),
            to_attr="accounts",
        ),
    )  # fmt: skip


# What the upsert of an article's extracted events reads --------------------------------


@dataclass(frozen=True, slots=True)
class EventLink:
    """A stored actor link, as ``services._links_sync`` needs it."""

    pk: int
    event_id: int
    actor_id: int
    role: str
    editor_modified: bool


@dataclass(frozen=True, slots=True)
class _Dated:
    """A stored event's fields that ``same_event`` compares."""

    pk: int
    event_type: str
    date: date
    end_date: date | None
    place_id: int | None
    agreement_id: int | None


_LINK_FIELDS = ("pk", "event_id", "actor_id", "role", "editor_modified")
_EVENTS, _LINKS = (f'"{model._meta.db_table}"' for model in (Event, EventActor))


def _any(conditions: list[str]) -> str:
    """``conditions`` joined by OR as a balanced tree: SQLite refuses an expression more
    than 1,000 levels deep, which a flat chain of OR over an article's many terms can be."""
    if len(conditions) == 1:
        return conditions[0]
    half = len(conditions) // 2
    return f"({_any(conditions[:half])} OR {_any(conditions[half:])})"


def _dated_query(items: list[EventInput], exclude: set[int]) -> tuple[str, list] | None:
    """SQL for the stored events whose dates allow them to be an item's event.

    The old search read, for each dated item X, every event of X's family dated from 31 days
    before X's window to its end (a stored range starts at most a month before it ends). Of
    those, ``same_event`` can only accept, for X, events of X's type (if X is dated to a
    year) that are dated within X's window, or earlier with a range (``end_date``) reaching
    into it; events of the month before without such a range were read for nothing. This
    reads the former: within the window, in the month before with a range reaching into it,
    and, further back, in the windows of the family's other items (where the old search
    found them too) with such a range: a term is a set of types and a range of dates.

    ``same_event`` also needs an actor in common with X or, where either has no actor, the
    same place. So the events are not read range by range (at 1,000,000 events that is
    thousands of events and their links per article, nearly all of them strangers) but found
    from the other side: the links of the items' actors in each term's dates, through the
    (actor, event_date) index (a link's ``event_date`` is its event's date), and the events at
    the items' places in those dates, through the (place, date) index. Only those events are
    read and checked against the terms. Written as SQL: building it through the ORM cost
    more than running it.
    """
    month, day = timedelta(days=31), timedelta(days=1)
    families: dict[tuple[str, ...], list[EventInput]] = defaultdict(list)
    for item in items:
        if item.date is not None:
            families[family_types(item.family)].append(item)
    # (types, from, to, reaching) -> (actor ids, place ids) of the items asking for it; a
    # dict for a stable order.
    ranges: dict[tuple, tuple[set[int], set[int]]] = {}
    for family, members in families.items():
        windows = sorted({(item.window()[0] - month, item.window()[1]) for item in members})
        for item in members:
            if not item.actor_ids and not item.place_id:
                continue  # ``same_event`` is false for every event
            lo, hi = item.window()
            types = (item.event_type,) if item.date_precision == "year" else family
            keys = [(types, lo, hi, None), (types, lo - month, hi, lo)]
            for start, end in windows:
                if start < lo - month:
                    keys.append((types, start, min(end, lo - month - day), lo))
            for key in keys:
                actors, places = ranges.setdefault(key, (set(), set()))
                actors |= item.actor_ids
                if item.place_id:
                    places.add(item.place_id)
    if not ranges:
        return None
    adapt = connection.ops.adapt_datefield_value
    linked, placed, terms = [], [], []
    linked_params, placed_params, term_params = [], [], []
    for (types, start, end, reaching), (actors, places) in ranges.items():
        span = [adapt(start), adapt(end)]
        if actors:
            linked.append(
                f"(l.actor_id IN ({', '.join(['%s'] * len(actors))})"
                " AND l.event_date >= %s AND l.event_date <= %s)"
            )
            linked_params += [*sorted(actors), *span]
        if places:
            placed.append(
                f"(p.place_id IN ({', '.join(['%s'] * len(places))})"
                ' AND p."date" >= %s AND p."date" <= %s)'
            )
            placed_params += [*sorted(places), *span]
        term = f"e.event_type IN ({', '.join(['%s'] * len(types))})"
        term += ' AND e."date" >= %s AND e."date" <= %s'
        term_params += [*types, *span]
        if reaching is not None:
            term += ' AND e."date" < %s AND e.end_date >= %s'
            term_params += [adapt(reaching), adapt(reaching)]
        terms.append(f"({term})")
    found = []
    if linked:
        found.append(f"SELECT l.event_id FROM {_LINKS} l WHERE {_any(linked)}")
    if placed:
        found.append(f"SELECT p.id FROM {_EVENTS} p WHERE {_any(placed)}")
    found_sql = " UNION ".join(found)
    if connection.vendor == "postgresql":
        # Read the found ids first and fetch those events by key: left to itself, the planner
        # overestimates them and scans the terms' date ranges instead.
        near = f"e.id = ANY(ARRAY({found_sql}))"
    else:
        near = f"e.id IN ({found_sql})"
    where = f"{near} AND {_any(terms)}"
    params = linked_params + placed_params + term_params
    if exclude:
        where += f" AND e.id NOT IN ({', '.join(['%s'] * len(exclude))})"
        params += sorted(exclude)
    sql = (
        'SELECT e.id, e.event_type, e."date", e.end_date, e.place_id, e.agreement_id'
        f" FROM {_EVENTS} e WHERE {where}"
    )
    return sql, params


def event_candidates(items: list[EventInput], exclude: set[int]) -> tuple[list[Event], dict]:
    """Events of other articles that ``items`` may report, newest first, with their links.

    Exactly the events of the old month-wide search that ``same_event`` accepts for at
    least one item: those are the only ones ``best_match`` can pick, however earlier items
    fill in the events they match (an event is filled in only after an item matched it).
    Three reads, each through indexes: the dates of the events near the items' windows that
    share an actor or a place with them (plain values), the actor links of those, and the
    model instances of the events kept.
    """
    query = _dated_query(items, exclude)
    if query is None:
        return [], {}
    with connection.cursor() as cursor:
        cursor.execute(*query)
        near = [_Dated(*row) for row in cursor.fetchall()]
    if not near:
        return [], {}
    links_of = event_actor_links([e.pk for e in near])
    by_family: dict[str, list[EventInput]] = defaultdict(list)
    for item in items:
        if item.date is not None:
            by_family[item.family].append(item)
    keep = []
    for event in near:
        actor_ids = {link.actor_id for link in links_of.get(event.pk, ())}
        reports = by_family.get(event_family(event), ())
        if any(same_event(event, item, actor_ids) for item in reports):
            keep.append(event.pk)
    if not keep:
        return [], {}
    others = list(Event.objects.filter(pk__in=keep).order_by("-date", "-id"))
    return others, {pk: links_of.get(pk, []) for pk in keep}


def event_actor_links(event_ids) -> dict[int, list[EventLink]]:
    """The stored actor links of ``event_ids``, by event id (events without any are absent)."""
    links_of: dict[int, list[EventLink]] = defaultdict(list)
    for link in EventActor.objects.filter(event_id__in=event_ids).values_list(*_LINK_FIELDS):
        links_of[link[1]].append(EventLink(*link))
    return dict(links_of)


def events_cited_by(article_ids) -> set[int]:
    """Ids of the events whose evidence cites any of ``article_ids`` (ids or a subquery)."""
    cited = Evidence.objects.filter(article_id__in=article_ids).values_list("event_id", flat=True)
    return set(cited.distinct())


def quotation_queryset() -> QuerySet:
    """Quotations with their speaker's name, for lists and one record (every column a list
    shows, in one query)."""
    return Quotation.objects.select_related("speaker").order_by(
        F("said_on").desc(nulls_last=True), "-id"
    )


def quotation_page() -> QuerySet:
    """Quotations with their speaker, article (without its text) and statement event, for a
    quotation's own page; every quotation, the page leaves rejected ones out."""
    return Quotation.objects.select_related("speaker", "article", "event").defer(
        "article__body", "article__search_vector"
    )


def actor_quotations(actor_id: int, limit: int = 20) -> list:
    """An actor's own words, newest first (undated last), rejected ones left out."""
    return list(visible(quotation_queryset().filter(speaker_id=actor_id))[:limit])


def quotation_search(query: str, *, limit: int = 25) -> list:
    """Quotations whose words, speaker's name or speaker's description contain ``query``."""
    match = text_match_q(query, fields=("text", "speaker_text", "speaker__name"))
    return list(visible(quotation_queryset().filter(match))[:limit])
