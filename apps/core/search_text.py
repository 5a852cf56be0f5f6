"""Search that folds accents and case the same way on SQLite and PostgreSQL: "Erdoğan" finds
"Erdogan" and the other way round.

``Fold(field)`` is a column with accents off and case folded, in SQL: on SQLite every
connection gets a ``fold_text`` function (``strip_accents`` then casefold, the one folding of
``apps.core.text``); on PostgreSQL it is ``lower(unaccent(...))`` (the ``unaccent`` extension,
created by migration ``articles.0005``, which also builds the articles' search vector from
unaccented text). Queries are folded in Python the same way before they are compared.

``q`` parameters read web-search syntax, as PostgreSQL's ``websearch_to_tsquery`` does for the
articles' full-text search: plain words (each must appear), ``"quoted phrases"`` (the words
together, in that order), ``-word`` (must not appear) and ``or`` between alternatives
(``Sochi or Astana``; ``a b or c`` is "a and b, or c").
"""

from __future__ import annotations

import operator
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import reduce

from django.db.models import F, Func, Q, QuerySet, TextField, Value
from django.db.models.functions import Coalesce
from django.db.models.lookups import Contains

from .text import strip_accents

FOLD_FUNCTION = "fold_text"
MAX_TERMS = 10
# A token: an optional minus, then a "quoted phrase" (its closing quote optional) or a word.
_TOKEN = re.compile(r'(-?)"([^"]*)"?|(\S+)')
# Punctuation a word may carry at its edges ("Morek," "(Sochi)"), as a full-text parser drops.
_EDGES = "\"'.,;:!?()[]{}«»“”‘’"


def fold(value: str | None) -> str | None:
    """Accents off, case folded; None stays None (SQL NULL)."""
    return strip_accents(value).casefold() if value is not None else None


def register_fold(sender, connection, **kwargs) -> None:
    """``connection_created`` receiver: give a SQLite connection its ``fold_text`` function."""
    if connection.vendor == "sqlite":
        connection.connection.create_function(FOLD_FUNCTION, 1, fold, deterministic=True)


class Fold(Func):
    """A text column (or path, ``"speaker__name"``) with accents off and case folded; a NULL
    (a missing place) folds to "", so a negated match keeps the row."""

    function = FOLD_FUNCTION
    output_field = TextField()

    def __init__(self, field: str, **extra):
        super().__init__(Coalesce(F(field), Value(""), output_field=TextField()), **extra)

    def as_postgresql(self, compiler, connection, **extra):
        return self.as_sql(compiler, connection, template="lower(unaccent(%(expressions)s))")


def folded_contains(field: str, term: str) -> Contains:
    """``field`` contains ``term``, accents and case aside: usable in ``Q`` and ``filter``."""
    return Contains(Fold(field), fold(term))


@dataclass(frozen=True)
class Term:
    text: str  # folded; a phrase keeps its words and single spaces
    negated: bool = False


def websearch_parse(value: str) -> list[list[Term]]:
    """The alternatives of a web-search query, each a list of terms that must all hold.

    >>> websearch_parse('"Joint  patrols" -Kurdish or Astana,')
    [[Term(text='joint patrols', negated=False), Term(text='kurdish', negated=True)], [Term(text='astana', negated=False)]]
    """
    alternatives: list[list[Term]] = [[]]
    count = 0
    for minus, phrase, word in _TOKEN.findall(value or ""):
        if word and word.casefold() == "or":
            if alternatives[-1]:
                alternatives.append([])
            continue
        negated = bool(minus)
        if word:
            negated = word.startswith("-") and len(word) > 1
            text = word[1:] if negated else word
        else:
            text = phrase
        text = " ".join(text.split()).strip(_EDGES)
        if any(ch.isalnum() for ch in text) and count < MAX_TERMS:  # not "-" or "…" alone
            alternatives[-1].append(Term(fold(text), negated))
            count += 1
    return [terms for terms in alternatives if terms]


def websearch_q(value: str, contains: Callable[[str], Q]) -> Q | None:
    """The condition for ``value`` in web-search syntax, given what "contains this folded
    term" means for a row; None when the query has nothing to search for."""
    alternatives = []
    for terms in websearch_parse(value):
        conditions = [~contains(t.text) if t.negated else contains(t.text) for t in terms]
        alternatives.append(reduce(operator.and_, conditions))
    return reduce(operator.or_, alternatives) if alternatives else None


def folded_search(
    queryset: QuerySet,
    value: str,
    fields: Iterable[str],
    *,
    also: Callable[[str], Q] | None = None,
) -> QuerySet:
    """The rows of ``queryset`` that match ``value`` (web-search syntax) in one of ``fields``
    (or in what ``also`` adds, e.g. the event's sentences), accents and case aside."""
    fields = tuple(fields)

    def contains(term: str) -> Q:
        match = reduce(operator.or_, [Q(Contains(Fold(field), term)) for field in fields])
        return match | also(term) if also else match

    condition = websearch_q(value, contains)
    return queryset if condition is None else queryset.filter(condition)
