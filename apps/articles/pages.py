"""What the articles app adds to the pages of the records below it (``apps.core.pages``): the
articles that name the record, newest first."""

from apps.actors.models import Actor
from apps.agreements.models import Agreement
from apps.core.pages import register
from apps.places.models import ObservationPost

from .selectors import article_naming

register(Actor, "articles", lambda actor: article_naming("actor", actor))
register(Agreement, "articles", lambda agreement: article_naming("agreement", agreement))
register(ObservationPost, "articles", lambda post: article_naming("observation_post", post))
