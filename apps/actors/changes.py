"""What the change feed publishes for this app (``apps.core.changes``)."""

from apps.core.changes import Feed, Follow, register

register(Feed("actor", "actors.Actor", "api:actor-detail"))
register(Follow("actor", "actors.ActorAlias", key="actor"))  # its aliases
