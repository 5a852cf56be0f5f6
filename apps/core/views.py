from django import forms
from django.http import HttpResponse, QueryDict
from django.urls import reverse
from django.utils import timezone
from django_filters import DateFilter
from django_filters.views import FilterView

from .citations import CSL_CONTENT_TYPE, cite_articles, csl_json

EXPORT_LABELS = {"csv": "CSV", "geojson": "GeoJSON"}


class BrowseListView(FilterView):
    """A list page filtered by the same FilterSet as the API, with browser-friendly widgets.

    Dates get a date picker; filters by ids that a person would not pick from a list (``article``)
    stay as hidden fields, so links like ``?article=3`` still work and survive paging.
    """

    template_name: str
    paginate_by = 50
    hidden_filters: tuple[str, ...] = ()
    # The API list with the same FilterSet (a URL name), and the exports it serves.
    api_list: str = ""
    export_formats: tuple[str, ...] = ("csv",)
    export_note = ""

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
        context.update(self.export_context())
        return context

    def export_context(self) -> dict:
        """Links to the API's exports of exactly what the page shows: the API list with the
        page's query string (filter names are shared, see STYLE.md section 5) and ``format``.
        Paging is left out, since an export holds every matching row; there are no links while
        the filters are invalid, because the API would answer them with an error."""
        filterset = getattr(self, "filterset", None)
        if not self.api_list or filterset is None:
            return {}
        if filterset.is_bound and not filterset.is_valid():
            return {}
        params = QueryDict(mutable=True)
        for name, values in self.request.GET.lists():
            kept = [value for value in values if value != ""]
            if name not in ("page", "format") and kept:
                params.setlist(name, kept)
        base = reverse(self.api_list)
        links = []
        for fmt in self.export_formats:
            query = params.copy()
            query["format"] = fmt
            links.append(
                {"format": fmt, "label": EXPORT_LABELS[fmt], "url": f"{base}?{query.urlencode()}"}
            )
        return {"exports": links, "export_note": self.export_note}

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
        windows = [name for name, f in filterset.filters.items() if isinstance(f, DateFilter)]
        windowed = any(filterset.form.cleaned_data.get(name) for name in windows)
        for name in [*windows, "page"]:
            params.pop(name, None)
        params["undated"] = "true"
        undated = type(filterset)(params, queryset=self.get_queryset(), request=self.request)
        count = undated.qs.count() if undated.is_valid() else 0
        return {
            "undated_count": count,
            "undated_query": params.urlencode(),
            "undated_windowed": windowed,
        }


def cited_sentence(request, article, *, quote: str, start: int, end: int, anchor: str = "") -> dict:
    """A sentence of ``article`` as ``apps.core.citations`` takes it, with absolute URLs of the
    article's page on this site (``anchor``: the sentence's id on that page)."""
    page = request.build_absolute_uri(article.get_absolute_url())
    return {
        "article": {
            "article_id": article.pk,
            "title": article.title,
            "publisher": article.source,
            "published_on": article.published_on,
            "precision": article.published_on_precision,
            "url": article.url,
            "record_url": page,
        },
        "quote": quote,
        "start": start,
        "end": end,
        "url": f"{page}#{anchor}" if anchor else page,
    }


def cited_row(request, row, *, anchor: str = "") -> dict:
    """``cited_sentence`` of a row that keeps the sentence it was read from (evidence, a
    quotation): its ``article``, ``quote`` and character offsets ``start`` and ``end``."""
    return cited_sentence(
        request, row.article, quote=row.quote, start=row.start, end=row.end, anchor=anchor
    )


class CiteThisMixin:
    """A record page with "Cite this": one citation per article the record was read from, as
    text and as CSL-JSON, and the CSL-JSON alone at ``?format=csl`` for reference managers.

    Subclasses give ``cited_sentences(record)``: the sentences, built with ``cited_sentence``.
    """

    csl_name = "citation"

    def cited_sentences(self, record) -> list[dict]:
        raise NotImplementedError

    def citations(self, record) -> list[dict]:
        return cite_articles(self.cited_sentences(record), accessed=timezone.localdate())

    def get(self, request, *args, **kwargs):
        if request.GET.get("format") != "csl":
            return super().get(request, *args, **kwargs)
        self.object = self.get_object()
        response = HttpResponse(
            csl_json(self.citations(self.object)), content_type=f"{CSL_CONTENT_TYPE}; charset=utf-8"
        )
        filename = f"{self.csl_name}-{self.object.pk}.json"
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        citations = self.citations(self.object)
        context.update(
            citations=citations,
            citations_csl=csl_json(citations),
            csl_url=f"{self.request.path}?format=csl",
        )
        return context
