from django.views.generic import TemplateView

from apps.actors.selectors import actor_directory
from apps.agreements.selectors import agreement_directory
from apps.events.selectors import event_latest

from .charts import monthly_stacked_chart
from .selectors import dashboard_counts, event_chart_counts, site_search

SEARCH_MAX_LENGTH = 200


class HomeView(TemplateView):
    template_name = "portal/home.html"

    def get_context_data(self, **kwargs):
        monthly, year_only = event_chart_counts()
        return super().get_context_data(
            counts=dashboard_counts(),
            latest_events=event_latest(limit=8),
            top_actors=actor_directory()
            .filter(event_count__gt=0)
            .order_by("-event_count", "name")[:10],
            agreements=agreement_directory()[:10],
            chart=monthly_stacked_chart(monthly),
            year_only=year_only,
            **kwargs,
        )


class SearchView(TemplateView):
    """One box over articles, actors, agreements, posts, places and events, grouped by kind."""

    template_name = "portal/search.html"

    def get_context_data(self, **kwargs):
        raw = "".join(ch for ch in self.request.GET.get("q", "") if ch.isprintable() or ch == " ")
        query = " ".join(raw.split())[:SEARCH_MAX_LENGTH]
        results, total = {}, 0
        if query:
            results = site_search(query)
            total = sum(len(rows) for rows in results.values())
        return super().get_context_data(search_query=query, results=results, total=total, **kwargs)
