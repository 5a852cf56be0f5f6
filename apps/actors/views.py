from django.views.generic import DetailView

from apps.core.pages import page_context, record_url
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
        timeline = actor_timeline(actor)
        event_url, agreement_url = (
            record_url("events:event_detail"),
            record_url("agreements:agreement_detail"),
        )
        for row in timeline:
            row["url"] = event_url(row["event_id"])
            row["iso_date"] = row["date"].isoformat() if row["date"] else ""
            if row["agreement_id"] is not None:
                row["agreement_url"] = agreement_url(row["agreement_id"])
        return super().get_context_data(
            timeline=timeline,
            timeline_truncated=len(timeline) >= TIMELINE_LIMIT,
            # the whole timeline is here unless it was cut: count its undated events in it
            undated_count=(
                actor_undated_count(actor)
                if len(timeline) >= TIMELINE_LIMIT
                else len({row["event_id"] for row in timeline if row["date"] is None})
            ),
            co_actors=actor_co_actors(actor)[:CO_ACTORS_SHOWN],
            agreement_links=actor_agreement_links(actor),
            **page_context(actor),  # the articles that name the actor
            **kwargs,
        )
