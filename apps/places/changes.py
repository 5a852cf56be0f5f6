"""What the change feed publishes for this app (``apps.core.changes``)."""

from apps.core.changes import Feed, Follow, register

register(Feed("place", "places.Place", "api:place-detail"))
register(Follow("place", "places.PlaceAlias", key="place"))  # its aliases
register(Feed("observation-post", "places.ObservationPost", "api:observation-post-detail"))
register(Follow("observation-post", "places.ObservationPostAlias", key="post"))
# A post shows its agreement's name and its place's name and coordinates.
register(
    Follow(
        "observation-post",
        "agreements.Agreement",
        through=("places.ObservationPost", "agreement", "id"),
        columns=("name",),
    )
)
register(
    Follow(
        "observation-post",
        "places.Place",
        through=("places.ObservationPost", "place", "id"),
        columns=("name", "lat", "lon"),
    )
)
# An agreement counts its posts that are not rejected.
register(
    Follow(
        "agreement",
        "places.ObservationPost",
        key="agreement",
        columns=("agreement", "review_status"),
    )
)
