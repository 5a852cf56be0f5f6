from __future__ import annotations

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from apps.core.api.serializers import AliasesField, FilteredListUrlField

from ..models import Agreement, AgreementParty, RelationType
from ..selectors import PASSIVE, agreement_relations, agreement_timeline
from ..vocabulary import timeline_roles


class AgreementSummarySerializer(serializers.ModelSerializer):
    class Meta:
        model = Agreement
        fields = ["id", "name"]


class AgreementPartySerializer(serializers.ModelSerializer):
    id = serializers.IntegerField(source="actor_id")
    name = serializers.CharField(source="actor.name")

    class Meta:
        model = AgreementParty
        fields = ["id", "name", "role"]


class AgreementSerializer(serializers.ModelSerializer):
    aliases = AliasesField()
    parties = AgreementPartySerializer(source="party_links", many=True, read_only=True)
    post_count = serializers.IntegerField(read_only=True)
    event_count = serializers.IntegerField(read_only=True)
    posts_url = FilteredListUrlField("api:observation-post-list", "agreement")
    events_url = FilteredListUrlField("api:event-list", "agreement")
    articles_url = FilteredListUrlField("api:article-list", "agreement")

    class Meta:
        model = Agreement
        fields = [
            "id",
            "name",
            "aliases",
            "kind",
            "signed_on",
            "signed_on_precision",
            "parties",
            "summary",
            "post_count",
            "event_count",
            "review_status",
            "posts_url",
            "events_url",
            "articles_url",
        ]


class AgreementUpdateSerializer(serializers.ModelSerializer):
    class Meta:
        model = Agreement
        fields = ["name", "kind", "signed_on", "signed_on_precision", "summary", "review_status"]


# A relation's type as seen from either agreement, and the roles of a timeline's steps: the
# schema's AgreementRelationTypeEnum and AgreementTimelineRoleEnum (ENUM_NAME_OVERRIDES).
RELATION_TYPES = [*RelationType.values, *PASSIVE.values()]
TIMELINE_ROLES = timeline_roles()


class RelationEvidenceSerializer(serializers.Serializer):
    curated = serializers.BooleanField(
        help_text="From the curated agreements data, citing `source`; false for a relation "
        "read from an article's sentence."
    )
    source = serializers.CharField(help_text="The public document a curated relation cites.")
    url = serializers.CharField(help_text="The address of `source`; empty when not known.")
    article = serializers.IntegerField(
        allow_null=True,
        help_text="The article whose sentence states the relation; null when no ingested "
        "sentence does (a curated relation).",
    )
    quote = serializers.CharField(help_text="The sentence that states it, from `article`.")


class RelationSerializer(serializers.Serializer):
    type = serializers.ChoiceField(
        choices=RELATION_TYPES,
        help_text="amends, supersedes, implements, reaffirms, or from the other side "
        "amended by, superseded by, implemented by, reaffirmed by.",
    )
    agreement = AgreementSummarySerializer()
    evidence = RelationEvidenceSerializer()


class TimelineActorSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class TimelineItemSerializer(serializers.Serializer):
    date = serializers.DateField(allow_null=True)
    date_precision = serializers.CharField(
        help_text="How precisely `date` is known: day, week, month or year; empty when undated."
    )
    role = serializers.ChoiceField(
        choices=TIMELINE_ROLES,
        help_text="What the event does to the agreement: signed, negotiated, violated, "
        "suspended, annulled, referred to.",
    )
    event = serializers.IntegerField(allow_null=True, help_text="The event's id; null for the "
                                     "signature when no event tells it.")  # fmt: skip
    accusers = TimelineActorSerializer(
        many=True,
        help_text="For a violation (`role` violated): who accuses, the actors making the "
        "accusation; empty when the event does not say, and for other roles.",
    )
    accused = TimelineActorSerializer(
        many=True,
        help_text="For a violation: who is accused of it, the actors said to have violated the "
        "agreement; empty when the event does not say, and for other roles.",
    )


class AgreementDetailSerializer(AgreementSerializer):
    """One agreement: the list's fields, its relations to other agreements and its life."""

    relations = serializers.SerializerMethodField()
    timeline = serializers.SerializerMethodField()

    class Meta(AgreementSerializer.Meta):
        fields = [*AgreementSerializer.Meta.fields, "relations", "timeline"]

    @extend_schema_field(RelationSerializer(many=True))
    def get_relations(self, obj) -> list[dict]:
        return [
            {
                "type": row["type"],
                "agreement": {"id": row["agreement"].pk, "name": row["agreement"].name},
                "evidence": {
                    key: row["evidence"][key]
                    for key in ("curated", "source", "url", "article", "quote")
                },
            }
            for row in agreement_relations(obj)
        ]

    @extend_schema_field(TimelineItemSerializer(many=True))
    def get_timeline(self, obj) -> list[dict]:
        return [
            {
                "date": row["date"].isoformat() if row["date"] else None,
                "date_precision": row["date_precision"],
                "role": row["role"],
                "event": row["event"],
                "accusers": row["accusers"],
                "accused": row["accused"],
            }
            for row in agreement_timeline(obj)
        ]
