from urllib.parse import urlencode

from django.urls import reverse
from django.views.generic import DetailView

from apps.core.pages import page_context
from apps.core.views import BrowseListView

from .filtersets import ArticleFilterSet
from .markup import Span, non_overlapping, render_article
from .models import Article
from .selectors import (
    article_directory,
    article_evidence,
    article_figures,
    article_mentions,
)

_MENTION_KINDS = (
    ("actor", "Actor"),
    ("agreement", "Agreement"),
    ("observation_post", "Observation post"),
    ("place", "Place"),
)


class ArticleListView(BrowseListView):
    filterset_class = ArticleFilterSet
    template_name = "articles/article_list.html"
    api_list = "api:article-list"

    def get_queryset(self):
        return article_directory()


def mention_span(mention) -> Span | None:
    """A link from the words of a mention to the page of the record it names."""
    for field, label in _MENTION_KINDS:
        target = getattr(mention, field)
        if target is None:
            continue
        if field == "place":
            href = f"{reverse('portal:search')}?{urlencode({'q': target.name})}"
        else:
            href = target.get_absolute_url()
        return Span(
            mention.start,
            mention.end,
            "a",
            attrs={
                "class": f"mention mention-{field.replace('_', '-')}",
                "href": href,
                "title": f"{label}: {target}",
            },
            layer=2,
        )
    return None


def article_html(article: Article, mentions, evidence):
    """The article's text with its mentions linked and its cited sentences addressable."""
    links = non_overlapping([s for s in map(mention_span, mentions) if s is not None])
    sentences = [
        Span(
            e.start,
            e.end,
            "span",
            attrs={"class": "evidence"},
            once={"id": f"evidence-{e.pk}", "data-event": str(e.event_id)},
            layer=1,
        )
        for e in evidence
    ]
    return render_article(article.body, [*sentences, *links])


class ArticleDetailView(DetailView):
    template_name = "articles/article_detail.html"
    context_object_name = "article"

    def get_queryset(self):
        return Article.objects.defer("search_vector")

    def get_context_data(self, **kwargs):
        article = self.object
        evidence = list(article_evidence(article))
        return super().get_context_data(
            body_html=article_html(article, article_mentions(article), evidence),
            figures=article_figures(article),
            **page_context(article),  # the events it reports
            **kwargs,
        )
