"""What the articles app gives the site search (``apps.core.search``): the articles the list
page's own ``q`` filter finds, so the two never disagree."""

from apps.core.search import SearchSource, register

from .filtersets import ArticleFilterSet
from .selectors import article_directory


def article_search(query: str, *, limit: int = 25):
    articles = ArticleFilterSet(data={"q": query}, queryset=article_directory())
    found = articles.qs if articles.is_valid() else article_directory().none()
    return found[:limit]


register(SearchSource("articles", 60, article_search))
