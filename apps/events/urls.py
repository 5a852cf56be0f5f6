from django.urls import path

from .views import EventDetailView, EventListView, QuotationDetailView

app_name = "events"

urlpatterns = [
    path("", EventListView.as_view(), name="event_list"),
    path("<int:pk>/", EventDetailView.as_view(), name="event_detail"),
]

# Mounted at /quotations/ (config/urls.py) under the "quotations" namespace.
quotation_urls = (
    [path("<int:pk>/", QuotationDetailView.as_view(), name="quotation_detail")],
    "quotations",
)
