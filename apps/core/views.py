from django import forms
from django_filters.views import FilterView


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

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(self.undated_context())
        return context

    def undated_context(self) -> dict:
        """How many records the filters match that have no date, with a link to them: a date
        window leaves them out and a timeline cannot place them, so the page says so. Only for
        lists that have an ``undated`` filter, and not when it is already given."""
        filterset = getattr(self, "filterset", None)
        if filterset is None or "undated" not in filterset.filters:
            return {}
        if not filterset.is_valid() or filterset.form.cleaned_data.get("undated") is not None:
            return {}
        params = self.request.GET.copy()
        for name in ("date_after", "date_before", "page"):
            params.pop(name, None)
        params["undated"] = "true"
        undated = type(filterset)(params, queryset=self.get_queryset(), request=self.request)
        count = undated.qs.count() if undated.is_valid() else 0
        return {"undated_count": count, "undated_query": params.urlencode()}
