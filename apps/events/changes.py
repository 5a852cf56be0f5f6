"""What the change feed publishes for this app (``apps.core.changes``)."""

from apps.core.changes import Feed, Follow, register

register(Feed("event", "events.Event", "api:event-detail"))
register(Feed("quotation", "events.Quotation", "api:quotation-detail"))

# An event shows its actors, evidence and figures, with what they name.
for rows in ("events.EventActor", "events.Evidence", "events.EventFigure"):
    register(Follow("event", rows, key="event"))
register(
    Follow(
        "event",
        "actors.Actor",
        through=("events.EventActor", "actor", "event"),
        columns=("name", "kind"),
    )
)
register(
    Follow(
        "event",
        "agreements.Agreement",
        through=("events.Event", "agreement", "id"),
        columns=("name",),
    )
)
register(
    Follow(
        "event",
        "places.ObservationPost",
        through=("events.Event", "observation_post", "id"),
        columns=("name",),
    )
)
register(
    Follow(
        "event",
        "places.Place",
        through=("events.Event", "place", "id"),
        columns=("name", "lat", "lon"),
    )
)
# Each account names the actor its sentence blames, and whether sources dispute the blame
# depends on that actor's kind and affiliation.
register(
    Follow(
        "event",
        "actors.Actor",
        through=("events.Evidence", "blamed", "event"),
        columns=("name", "kind", "affiliation"),
    )
)
for rows in ("events.Evidence", "events.EventFigure"):
    register(
        Follow(
            "event",
            "articles.Article",
            through=(rows, "article", "event"),
            columns=("title", "source", "published_on"),
        )
    )

# An actor counts its events that are not rejected; an agreement counts its events and shows
# them on its timeline.
register(Follow("actor", "events.EventActor", key="actor"))
register(
    Follow(
        "actor",
        "events.Event",
        through=("events.EventActor", "event", "actor"),
        columns=("review_status",),
    )
)
# Only the event's fields the agreement shows: a recount or a dispute refresh of the event is
# no change of its agreement.
register(
    Follow(
        "agreement",
        "events.Event",
        key="agreement",
        columns=("agreement", "date", "date_precision", "event_type", "review_status"),
    )
)
# A violation on the timeline says who accuses whom, from the event's actor links and names.
register(Follow("agreement", "events.EventActor", key="event__agreement"))
register(
    Follow(
        "agreement",
        "actors.Actor",
        through=("events.EventActor", "actor", "event__agreement"),
        columns=("name",),
    )
)

# A quotation shows its speaker's name.
register(
    Follow(
        "quotation",
        "actors.Actor",
        through=("events.Quotation", "speaker", "id"),
        columns=("name",),
    )
)
