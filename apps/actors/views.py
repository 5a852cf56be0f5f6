from django.views.generic import DetailView

from apps.core.pages import page_context
from apps.core.views import BrowseListView

from .filtersets import ActorFilterSet
from .selectors import (
    CO_ACTORS_SHOWN,
    TIMELINE_LIMIT,
    actor_agreement_links,
    actor_co_actors,
    actor_list,
    actor_profile,
    actor_timeline,
    actor_undated_count,
)


class ActorListView(BrowseListView):
    """The actor directory: filter by kind and affiliation, search names and aliases."""

    filterset_class = ActorFilterSet
    template_name = "actors/actor_list.html"
    api_list = "api:actor-list"

    def get_queryset(self):
        return actor_list()


class ActorDetailView(DetailView):
    template_name = "actors/actor_detail.html"
    context_object_name = "actor"

    def get_queryset(self):
        return actor_profile()

    def get_context_data(self, **kwargs):
        actor = self.object
        timeline = list(actor_timeline(actor))
        return super().get_context_data(
            timeline=timeline,
            timeline_truncated=len(timeline) >= TIMELINE_LIMIT,
            # the whole timeline is here unless it was cut: count its undated events in it
            undated_count=(
                actor_undated_count(actor)
                if len(timeline) >= TIMELINE_LIMIT
                else len({link.event_id for link in timeline if link.event.date is None})
            ),
            co_actors=actor_co_actors(actor)[:CO_ACTORS_SHOWN],
            agreement_links=actor_agreement_links(actor),
            **page_context(actor),  # the articles that name the actor
            **kwargs,
        )
