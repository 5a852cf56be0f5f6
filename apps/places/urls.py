from django.urls import path

from .views import MapView, PostDetailView, PostListView

app_name = "places"

urlpatterns = [
    path("", PostListView.as_view(), name="post_list"),
    path("map/", MapView.as_view(), name="map"),
    path("<int:pk>/", PostDetailView.as_view(), name="post_detail"),
]
