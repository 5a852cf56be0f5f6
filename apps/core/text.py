"""Name normalisation shared by the extractor, the resolvers and the database keys."""

import re
import unicodedata

_PUNCT = re.compile(r"[\u2018\u2019'`\".,()\[\]]")
_DASH = re.compile(r"[\u2010-\u2015\-]+")
_SPACE = re.compile(r"\s+")


def normalize_name(value: str) -> str:
    """Fold case, accents, quotes and dashes so spelling variants share one key.

    >>> normalize_name("Recep Tayyip Erdoğan")
    'recep tayyip erdogan'
    >>> normalize_name("Hayat Tahrir al‑Sham")
    'hayat tahrir al-sham'
    """
    value = unicodedata.normalize("NFKD", value or "")
    value = "".join(ch for ch in value if not unicodedata.combining(ch))
    value = value.replace("ı", "i")
    value = _PUNCT.sub("", value)
    value = _DASH.sub("-", value)
    return _SPACE.sub(" ", value).strip().casefold()
