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
