"""What the change feed publishes for this app (``apps.core.changes``)."""

from apps.core.changes import Feed, Follow, register

register(Feed("agreement", "agreements.Agreement", "api:agreement-detail"))
register(Follow("agreement", "agreements.AgreementAlias", key="agreement"))
# Its parties, and their names.
register(Follow("agreement", "agreements.AgreementParty", key="agreement"))
register(
    Follow(
        "agreement",
        "actors.Actor",
        through=("agreements.AgreementParty", "actor", "agreement"),
        columns=("name",),
    )
)
# Its relations to other agreements, from either side, and those agreements' names.
register(Follow("agreement", "agreements.AgreementRelation", key="agreement"))
register(Follow("agreement", "agreements.AgreementRelation", key="other"))
for near, far in (("agreement", "other"), ("other", "agreement")):
    register(
        Follow(
            "agreement",
            "agreements.Agreement",
            through=("agreements.AgreementRelation", near, far),
            columns=("name",),
        )
    )
