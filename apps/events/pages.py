"""What the events app adds to the pages of the records below it (``apps.core.pages``)."""

from apps.actors.models import Actor
from apps.agreements.models import Agreement
from apps.articles.models import Article
from apps.core.pages import register
from apps.places.models import ObservationPost

from .selectors import (
    actor_quotations,
    agreement_events,
    agreement_post_life,
    article_events,
    post_events,
)

register(Agreement, "events", agreement_events)
# The status over time of the observation posts set up under the agreement.
register(Agreement, "post_life", agreement_post_life)
register(ObservationPost, "events", post_events)
register(Article, "events", lambda article: list(article_events(article)))
# "In their own words": what the actor said, newest first.
register(Actor, "quotations", lambda actor: actor_quotations(actor.pk))
