from __future__ import annotations

from drf_spectacular.utils import extend_schema, extend_schema_view

from apps.core.api.schema import detail_responses, list_responses
from apps.core.api.views import KnowledgeViewSet

from ..filtersets import AgreementFilterSet
from ..selectors import agreement_queryset
from .serializers import AgreementDetailSerializer, AgreementSerializer, AgreementUpdateSerializer


@extend_schema_view(
    list=extend_schema(
        responses=list_responses("Agreement", AgreementSerializer),
        summary="Agreements",
        description="Treaties, memoranda, protocols and ceasefires, with their parties and how "
        "many observation posts and events link to them.",
    ),
    retrieve=extend_schema(
        summary="One agreement",
        description="An agreement with its relations to other agreements (`relations`, each "
        "with the sentence or the curated public document that states it) and its life "
        "(`timeline`: its signature and every event that names it, with what the event does "
        "to it).",
        responses=detail_responses("AgreementDetail", AgreementDetailSerializer),
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

    def get_serializer_class(self):
        if self.action == "retrieve":
            return AgreementDetailSerializer
        return super().get_serializer_class()
