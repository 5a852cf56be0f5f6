"""Search that folds accents and case the same way on SQLite and PostgreSQL: "Erdoğan" finds
"Erdogan" and the other way round.

On SQLite every connection gets a ``fold_text`` SQL function (``strip_accents`` then casefold,
the one folding of ``apps.core.text``), which plain-word searches compare against the folded
query. On PostgreSQL the articles' search vector is built from unaccented text (migration
``articles.0005``) and the query is folded in Python the same way before it is parsed.
"""

from __future__ import annotations

from django.db.models import F, Func, Q, QuerySet

from .text import strip_accents

FOLD_FUNCTION = "fold_text"


def fold(value: str | None) -> str | None:
    """Accents off, case folded; None stays None (SQL NULL)."""
    return strip_accents(value).casefold() if value is not None else None


def register_fold(sender, connection, **kwargs) -> None:
    """``connection_created`` receiver: give a SQLite connection its ``fold_text`` function."""
    if connection.vendor == "sqlite":
        connection.connection.create_function(FOLD_FUNCTION, 1, fold, deterministic=True)


def folded_words_filter(queryset: QuerySet, terms: list[str], fields: tuple[str, ...]) -> QuerySet:
    """The rows in which every term stands in one of ``fields``, accents and case aside
    (SQLite: through ``fold_text``)."""
    names = {field: f"_folded_{field}" for field in fields}
    queryset = queryset.alias(
        **{name: Func(F(field), function=FOLD_FUNCTION) for field, name in names.items()}
    )
    for term in terms:
        folded = fold(term)
        match = Q()
        for name in names.values():
            match |= Q(**{f"{name}__contains": folded})
        queryset = queryset.filter(match)
    return queryset
