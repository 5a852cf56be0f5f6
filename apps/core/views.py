from django import forms
from django.views.generic import TemplateView
from django_filters.views import FilterView

from apps.actors.selectors import actor_directory
from apps.agreements.selectors import agreement_directory
from apps.articles.filtersets import ArticleFilterSet
from apps.articles.selectors import article_directory
from apps.events.selectors import event_latest

from .charts import monthly_stacked_chart
from .selectors import dashboard_counts, events_per_month_by_type, site_search

SEARCH_MAX_LENGTH = 200


class BrowseListView(FilterView):
    """A list page filtered by the same FilterSet as the API, with browser-friendly widgets.

    Dates get a date picker; filters by ids that a person would not pick from a list (``article``)
    stay as hidden fields, so links like ``?article=3`` still work and survive paging.
    """

    template_name: str
    paginate_by = 50
    hidden_filters: tuple[str, ...] = ()

    def get_filterset(self, filterset_class):
        filterset = super().get_filterset(filterset_class)
        for name, field in filterset.form.fields.items():
            if name in self.hidden_filters:
                field.widget = forms.MultipleHiddenInput()
            elif isinstance(field, forms.DateField):
                field.widget = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
        return filterset


class HomeView(TemplateView):
    template_name = "core/home.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            counts=dashboard_counts(),
            latest_events=event_latest(limit=8),
            top_actors=actor_directory()
            .filter(event_count__gt=0)
            .order_by("-event_count", "name")[:10],
            agreements=agreement_directory()[:10],
            chart=monthly_stacked_chart(events_per_month_by_type()),
            **kwargs,
        )


class SearchView(TemplateView):
    """One box over articles, actors, agreements, posts, places and events, grouped by kind."""

    template_name = "core/search.html"

    def get_context_data(self, **kwargs):
        raw = "".join(ch for ch in self.request.GET.get("q", "") if ch.isprintable() or ch == " ")
        query = " ".join(raw.split())[:SEARCH_MAX_LENGTH]
        results, total = {}, 0
        if query:
            articles = ArticleFilterSet(data={"q": query}, queryset=article_directory())
            article_qs = articles.qs if articles.is_valid() else article_directory().none()
            results = site_search(query, article_qs=article_qs)
            total = sum(len(rows) for rows in results.values())
        return super().get_context_data(search_query=query, results=results, total=total, **kwargs)
