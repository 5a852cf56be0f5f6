"""The pipeline's plain error: a file that cannot become an Article.

What a parsed file gives (``ParsedArticle``) is the articles app's (``apps.articles.documents``):
the pipeline fills it, the articles app stores it. Nothing here touches the database.
"""

from __future__ import annotations


class IngestionError(Exception):
    """A file that cannot become an Article. ``str(err)`` is the one-line reason shown to users."""
