from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from apps.events.urls import quotation_urls

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/v1/", include("config.api_router")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
    path("actors/", include("apps.actors.urls")),
    path("agreements/", include("apps.agreements.urls")),
    path("places/", include("apps.places.urls")),
    path("events/", include("apps.events.urls")),
    path("quotations/", include(quotation_urls)),
    path("articles/", include("apps.articles.urls")),
    path("", include("apps.portal.urls")),
]

handler400 = "apps.core.api.exceptions.bad_request"
handler404 = "apps.core.api.exceptions.not_found"
