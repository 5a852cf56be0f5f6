"""One router for every app's API viewsets, mounted at /api/v1/."""

from rest_framework.routers import DefaultRouter

from apps.actors.api.views import ActorViewSet
from apps.agreements.api.views import AgreementViewSet
from apps.core.api.changes import ChangeViewSet
from apps.events.api.views import EventViewSet, QuotationViewSet
from apps.ingestion.api.views import ArticleUploadViewSet, IngestionRecordViewSet
from apps.places.api.views import ObservationPostViewSet, PlaceViewSet

router = DefaultRouter()
router.register("articles", ArticleUploadViewSet, basename="article")
router.register("actors", ActorViewSet, basename="actor")
router.register("agreements", AgreementViewSet, basename="agreement")
router.register("observation-posts", ObservationPostViewSet, basename="observation-post")
router.register("places", PlaceViewSet, basename="place")
router.register("events", EventViewSet, basename="event")
router.register("quotations", QuotationViewSet, basename="quotation")
router.register("ingestion", IngestionRecordViewSet, basename="ingestion")
router.register("changes", ChangeViewSet, basename="change")

app_name = "api"
urlpatterns = router.urls
