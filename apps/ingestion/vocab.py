"""Loaders for the parsing vocabularies in ``apps/ingestion/data/`` (page furniture, outlets).

The files are read once per process and compiled into regular expressions; the rules that use
them live in ``cleaning.py`` and ``parsers.py``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from urllib.parse import urlsplit

import yaml

DATA_DIR = Path(__file__).resolve().parent / "data"


def _full(patterns: list[str]) -> re.Pattern:
    """One case-insensitive regex matching a whole line against any of ``patterns``."""
    joined = "|".join(f"(?:{p})" for p in patterns)
    return re.compile(rf"^(?:{joined})$", re.IGNORECASE)


def _labels(words: list[str]) -> str:
    ordered = sorted(words, key=len, reverse=True)  # longest first: "related article" > "related"
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in ordered)


@dataclass(frozen=True)
class Boilerplate:
    drop_lines: frozenset[str]
    drop: re.Pattern
    caption: re.Pattern
    cut: re.Pattern
    related: re.Pattern  # group "title"
    canonical: re.Pattern  # group "url" (may be empty)
    byline: re.Pattern  # group "rest"
    author_url: re.Pattern  # group "slug"
    text_fixes: tuple[tuple[re.Pattern, str], ...]
    bio: re.Pattern  # a biography line closing an article


@cache
def boilerplate() -> Boilerplate:
    raw = yaml.safe_load((DATA_DIR / "boilerplate.yaml").read_text(encoding="utf-8"))
    return Boilerplate(
        drop_lines=frozenset(" ".join(s.casefold().split()) for s in raw["drop_lines"]),
        drop=_full(raw["drop_patterns"]),
        caption=_full(raw["caption_patterns"]),
        cut=_full(raw["cut_patterns"]),
        related=re.compile(
            rf"^(?:{_labels(raw['related_prefixes'])})\s*:\s*(?P<title>.*)$", re.IGNORECASE
        ),
        canonical=re.compile(
            rf"^(?:{_labels(raw['canonical_labels'])})\s*:\s*(?P<url><?(?:https?://\S+)?>?)$",
            re.IGNORECASE,
        ),
        byline=re.compile(
            rf"^(?:{_labels(raw['byline_prefixes'])})\s*:?\s+(?P<rest>.+)$", re.IGNORECASE
        ),
        author_url=re.compile(
            rf"/(?:{_labels(raw['author_url_segments'])})/(?P<slug>[\w.-]+)/?$", re.IGNORECASE
        ),
        text_fixes=tuple((re.compile(p), r) for p, r in raw["text_fixes"]),
        bio=re.compile(
            r"^(?P<name>[A-Z][\w'’.-]+(?:\s+[A-Z][\w'’.-]+){1,3})\s+(?:is|was|serves as)\s+"
            rf"(?:a|an|the)\b[^.]{{0,120}}?\b(?:{_labels(raw['bio_roles'])})\b"
        ),
    )


@dataclass(frozen=True)
class Outlet:
    name: str
    aliases: tuple[str, ...]
    domains: tuple[str, ...]


@dataclass(frozen=True)
class Outlets:
    by_alias: dict[str, Outlet]
    by_domain: dict[str, Outlet]

    def named(self, text: str) -> Outlet | None:
        """The outlet whose name or alias is exactly ``text`` (case-insensitive)."""
        return self.by_alias.get(" ".join(text.replace("-", " ").casefold().split()))

    def for_url(self, url: str) -> Outlet | None:
        """The outlet that publishes on ``url``'s domain (subdomains included)."""
        host = (urlsplit(url).hostname or "").casefold().removeprefix("www.")
        while host:
            if host in self.by_domain:
                return self.by_domain[host]
            host = host.partition(".")[2]
        return None


@cache
def outlets() -> Outlets:
    raw = yaml.safe_load((DATA_DIR / "outlets.yaml").read_text(encoding="utf-8"))
    by_alias: dict[str, Outlet] = {}
    by_domain: dict[str, Outlet] = {}
    for entry in raw:
        outlet = Outlet(
            name=entry["name"],
            aliases=tuple(entry.get("aliases") or ()),
            domains=tuple(entry.get("domains") or ()),
        )
        for alias in (outlet.name, *outlet.aliases):
            by_alias.setdefault(" ".join(alias.replace("-", " ").casefold().split()), outlet)
        for domain in outlet.domains:
            by_domain.setdefault(domain.casefold(), outlet)
    return Outlets(by_alias=by_alias, by_domain=by_domain)
