from django.urls import path

from .views import ActorDetailView, ActorListView

app_name = "actors"

urlpatterns = [
    path("", ActorListView.as_view(), name="actor_list"),
    path("<int:pk>/", ActorDetailView.as_view(), name="actor_detail"),
]
