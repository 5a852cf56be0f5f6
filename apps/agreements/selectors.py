"""Reads for the agreement list and an agreement's page.

The posts, events, figures and articles of an agreement belong to apps above this one: they are
counted and read here only through the related names those apps declare on an agreement. Its
events and the articles that name it come from the events and articles apps
(``apps.core.pages``).
"""

from __future__ import annotations

from django.db.models import F, Prefetch, Q, QuerySet

from apps.core.counts import related_count
from apps.core.review import visible, visible_q
from apps.core.text import normalize_name

from .models import Agreement, AgreementParty, AgreementRelation
from .vocabulary import event_role, violation_sides


def agreement_visible() -> QuerySet[Agreement]:
    return visible(Agreement.objects.all())


def _count_of(relation: str):
    """How many visible rows of ``relation`` (a related name) point at the agreement."""
    return related_count(Agreement, relation, visible_q(relation))


def agreement_list() -> QuerySet[Agreement]:
    """The agreements page: every agreement, oldest first, with its parties and counts of
    visible posts and events. The page's FilterSet decides which agreements are shown."""
    return (
        Agreement.objects.annotate(
            post_count=_count_of("observation_posts"),
            event_count=_count_of("events"),
        )
        .prefetch_related(
            "aliases",
            _parties_prefetch(),
        )
        .order_by(F("signed_on").asc(nulls_last=True), "name")
    )


def agreement_directory() -> QuerySet[Agreement]:
    """Visible agreements, oldest first, with their parties and counts of posts and events."""
    return visible(agreement_list())


def agreement_queryset() -> QuerySet[Agreement]:
    """Agreements for the API, with counts of visible posts and events; every agreement, the
    list's FilterSet decides which are shown."""
    return Agreement.objects.annotate(
        post_count=_count_of("observation_posts"),
        event_count=_count_of("events"),
    ).prefetch_related("aliases", _parties_prefetch())


def _parties_prefetch():
    return Prefetch(
        "party_links",
        queryset=AgreementParty.objects.select_related("actor").order_by("actor__name", "id"),
    )


def agreement_profile() -> QuerySet[Agreement]:
    return agreement_visible().prefetch_related("aliases", _parties_prefetch())


def agreement_posts(agreement: Agreement) -> QuerySet:
    return visible(agreement.observation_posts.all()).select_related("place").order_by("name")


def agreement_figures(agreement: Agreement) -> QuerySet:
    """Counts articles state about the agreement ("one of 12 posts"), each with its quote."""
    return agreement.stated_figures.select_related("article").defer(
        "article__body", "article__search_vector"
    )


def agreement_search(query: str, *, limit: int = 25) -> QuerySet[Agreement]:
    folded = normalize_name(query)
    match = (
        Q(name__icontains=query)
        | Q(normalized_name__contains=folded)
        | Q(aliases__alias__icontains=query)
        | Q(aliases__normalized__contains=folded)
        | Q(summary__icontains=query)
    )
    ids = agreement_visible().filter(match).values("pk")
    return agreement_directory().filter(pk__in=ids)[:limit]


# How a relation reads from the other side ("the Sochi memorandum is amended by ...").
PASSIVE = {
    "amends": "amended by",
    "supersedes": "superseded by",
    "implements": "implemented by",
    "reaffirms": "reaffirmed by",
}


def agreement_relations(agreement: Agreement) -> list[dict]:
    """The agreement's relations to others, both ways, each with what says so."""
    rows = []
    relations = (
        visible(AgreementRelation.objects.filter(Q(agreement=agreement) | Q(other=agreement)))
        .select_related("agreement", "other", "article")
        .defer("article__body", "article__search_vector")
        .order_by("relation", "id")
    )
    for relation in relations:  # one query, both ways
        if relation.agreement_id == agreement.pk:
            rows.append(_relation_row(relation, relation.relation, relation.other))
        else:
            rows.append(_relation_row(relation, PASSIVE[relation.relation], relation.agreement))
    return rows


def _relation_row(relation, kind: str, other: Agreement) -> dict:
    article = relation.article
    return {
        "type": kind,
        "agreement": other,
        "evidence": {
            "curated": relation.curated,
            "source": relation.source,
            "url": relation.source_url,
            "article": article.pk if article is not None else None,
            "article_title": article.title if article is not None else "",
            "quote": relation.quote,
            "start": relation.start,
            "end": relation.end,
        },
    }


def _sides_of_links(event_type: str, links) -> dict[str, list[dict]]:
    """The accusers and the accused of a violation, from the event's (role, id, name) actor
    links, by ``vocabulary.violation_sides``."""
    sides = violation_sides().get(event_type, {})
    return {
        "accusers" if side == "accuser" else "accused": [
            {"id": actor_id, "name": name} for role, actor_id, name in links if role == wanted
        ]
        for side, wanted in sides.items()
    }


def _violation_links(agreement: Agreement, ids: list[int]) -> dict[int, list[tuple]]:
    """Event id -> its actor links (role, actor id, name), for the violations ``ids``: one
    query, through the events' related names."""
    links: dict[int, list[tuple]] = {}
    if not ids:
        return links
    rows = (
        agreement.events.filter(pk__in=ids, actor_links__isnull=False)
        .order_by("actor_links__actor__name")
        .values_list("id", "actor_links__role", "actor_links__actor_id", "actor_links__actor__name")
    )
    for event_id, role, actor_id, name in rows:
        links.setdefault(event_id, []).append((role, actor_id, name))
    return links


def agreement_timeline(agreement: Agreement, events: list | None = None) -> list[dict]:
    """The agreement's life from its signature on: every event that names it, in time order
    (undated ones last), with what the event does to it (``vocabulary.event_role``) and, for a
    violation, who accuses whom (``accusers``, ``accused``: lists of actors as ``{id, name}``);
    the signature first when no dated event tells it. ``events``: the agreement's visible events
    in time order, with their actor links, when the caller has read them already."""
    if events is None:
        events = list(
            visible(agreement.events.all())
            .order_by(F("date").asc(nulls_last=True), "id")
            .values("id", "date", "date_precision", "event_type")
        )
        sides = violation_sides()
        links = _violation_links(agreement, [e["id"] for e in events if e["event_type"] in sides])
    else:
        links = {
            e.pk: [(link.role, link.actor_id, link.actor.name) for link in e.actor_links.all()]
            for e in events
        }
        events = [
            {"id": e.pk, "date": e.date, "date_precision": e.date_precision,
             "event_type": e.event_type}
            for e in events
        ]  # fmt: skip
    rows = []
    for e in events:
        role = event_role(e["event_type"])
        sides = _sides_of_links(e["event_type"], links.get(e["id"], ()))
        rows.append(
            {
                "date": e["date"],
                "date_precision": e["date_precision"],
                "role": role,
                "event": e["id"],
                "event_type": e["event_type"],
                "violation": role == "violated",
                "accusers": sides.get("accusers", []),
                "accused": sides.get("accused", []),
            }
        )
    if agreement.signed_on and not any(r["role"] == "signed" and r["date"] for r in rows):
        rows.insert(
            0,
            {
                "date": agreement.signed_on,
                "date_precision": agreement.signed_on_precision or "day",
                "role": "signed",
                "event": None,
                "event_type": "",
                "violation": False,
                "accusers": [],
                "accused": [],
            },
        )
    return rows
