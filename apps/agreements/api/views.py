from __future__ import annotations

from django.db.models import Count, IntegerField, OuterRef, Prefetch, Subquery
from django.db.models.functions import Coalesce
from drf_spectacular.utils import extend_schema, extend_schema_view

from apps.core.api.schema import detail_responses, list_responses
from apps.core.api.views import KnowledgeViewSet
from apps.core.choices import ReviewStatus
from apps.events.models import Event
from apps.places.models import ObservationPost

from ..filtersets import AgreementFilterSet
from ..models import Agreement, AgreementParty
from .serializers import AgreementSerializer, AgreementUpdateSerializer


def _count(queryset, field: str):
    counted = (
        queryset.filter(**{field: OuterRef("pk")})
        .order_by()
        .values(field)
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def agreement_queryset():
    visible_events = Event.objects.exclude(review_status=ReviewStatus.REJECTED)
    visible_posts = ObservationPost.objects.exclude(review_status=ReviewStatus.REJECTED)
    return Agreement.objects.annotate(
        post_count=_count(visible_posts, "agreement"),
        event_count=_count(visible_events, "agreement"),
    ).prefetch_related(
        "aliases",
        Prefetch("party_links", queryset=AgreementParty.objects.select_related("actor")),
    )


@extend_schema_view(
    list=extend_schema(
        responses=list_responses("Agreement", AgreementSerializer),
        summary="Agreements",
        description="Treaties, memoranda, protocols and ceasefires, with their parties and how "
        "many observation posts and events link to them.",
    ),
    retrieve=extend_schema(
        summary="One agreement", responses=detail_responses("Agreement", AgreementSerializer)
    ),
    partial_update=extend_schema(
        summary="Correct an agreement",
        request=AgreementUpdateSerializer,
        responses=AgreementSerializer,
    ),
)
class AgreementViewSet(KnowledgeViewSet):
    serializer_class = AgreementSerializer
    update_serializer_class = AgreementUpdateSerializer
    filterset_class = AgreementFilterSet
    export_name = "agreements"

    def get_queryset(self):
        return agreement_queryset()
