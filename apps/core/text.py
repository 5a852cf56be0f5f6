"""Name normalisation shared by the extractor, the resolvers and the database keys."""

import re
import unicodedata

_PUNCT = re.compile(r"[\u2018\u2019'`\".,()\[\]]")
_DASH = re.compile(r"[\u2010-\u2015\-]+")
_SPACE = re.compile(r"\s+")


def strip_accents(value: str) -> str:
    """Accents off, everything else kept: "Erdoğan" -> "Erdogan", "Kılıç" -> "Kilic". The one
    folding every name comparison builds on (``normalize_name``, the extractor's token norms,
    the cleaner's headline comparison)."""
    value = unicodedata.normalize("NFKD", value or "")
    return "".join(ch for ch in value if not unicodedata.combining(ch)).replace("ı", "i")


def normalize_name(value: str) -> str:
    """Fold case, accents, quotes and dashes so spelling variants share one key.

    >>> normalize_name("Recep Tayyip Erdoğan")
    'recep tayyip erdogan'
    >>> normalize_name("Hayat Tahrir al‑Sham")
    'hayat tahrir al-sham'
    """
    value = strip_accents(value)
    value = _PUNCT.sub("", value)
    value = _DASH.sub("-", value)
    return _SPACE.sub(" ", value).strip().casefold()


def quote_locate(text: str, quote: str, *, near: int = 0) -> tuple[int, int] | None:
    """Where ``quote`` stands in ``text`` as (start, end): the occurrence nearest ``near``.

    The words must be the same; the space between them may differ (a line break, a run of
    spaces). None when the quote is not in the text.

    >>> quote_locate("One. Two three. Two three.", "Two  three.", near=20)
    (16, 26)
    """
    if not quote.strip():
        return None
    spans = []
    found = text.find(quote)
    while found >= 0:
        spans.append((found, found + len(quote)))
        found = text.find(quote, found + 1)
    if not spans:
        pattern = r"\s+".join(re.escape(word) for word in quote.split())
        spans = [match.span() for match in re.finditer(pattern, text)]
    if not spans:
        return None
    return min(spans, key=lambda span: (abs(span[0] - near), span[0]))
