"""What the change feed publishes for this app (``apps.core.changes``)."""

from apps.core.changes import Feed, Follow, register

register(Feed("article", "articles.Article", "api:article-detail"))
# An article lists the actors and agreements it mentions, with their names; an actor counts
# the articles that mention it.
register(Follow("article", "articles.Mention", key="article"))
register(Follow("actor", "articles.Mention", key="actor"))
register(
    Follow(
        "article",
        "actors.Actor",
        through=("articles.Mention", "actor", "article"),
        columns=("name", "kind"),
    )
)
register(
    Follow(
        "article",
        "agreements.Agreement",
        through=("articles.Mention", "agreement", "article"),
        columns=("name",),
    )
)
