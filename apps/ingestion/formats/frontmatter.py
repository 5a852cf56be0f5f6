"""Front matter: the YAML (``---``) or TOML (``+++``) block at the top of a Markdown file.

``front_matter_split(text)`` returns the block's values, what they say about the article
(title, publication date, author, address, publisher, summary, each with the key it came
from) and the text below the block. python-frontmatter finds and splits the block; a block
that its YAML or TOML parser refuses (exports write ``\\_`` inside double quotes, say) is read
line by line instead, so a broken field never loses the article. What each key means is data
(``data/frontmatter.yaml``).
"""

from __future__ import annotations

import datetime as dt
import email.utils
import re
import tomllib
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import yaml
from frontmatter.default_handlers import BaseHandler, YAMLHandler

from ..pubdates import date_parse

DATA_FILE = Path(__file__).resolve().parent.parent / "data" / "frontmatter.yaml"
ISO_DATE = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})(?:[T\s]|$)")
LOOSE_LINE = re.compile(r"^(?P<key>[A-Za-z_][\w.-]*)\s*[:=]\s*(?P<value>.*?)\s*$")


class _TomlHandler(BaseHandler):
    """TOML between ``+++`` lines, read with the standard library's parser."""

    FM_BOUNDARY = re.compile(r"^\+{3,}\s*$", re.MULTILINE)
    START_DELIMITER = END_DELIMITER = "+++"

    def load(self, fm: str, **kwargs: object) -> dict:
        return tomllib.loads(fm)

    def export(self, metadata: dict, **kwargs: object) -> str:  # pragma: no cover - unused
        raise NotImplementedError


class _SafeYamlHandler(YAMLHandler):
    def load(self, fm: str, **kwargs: object) -> object:
        return yaml.safe_load(fm)


HANDLERS = (_SafeYamlHandler(), _TomlHandler())


def _key(name: str) -> str:
    return re.sub(r"[\s_-]+", "", str(name)).casefold()


@dataclass(frozen=True)
class Vocabulary:
    fields: dict[str, tuple[str, ...]]  # field -> keys, best first (folded)
    copy_date_keys: frozenset[str]
    mirror_authors: frozenset[str]
    empty_values: frozenset[str]
    content_keys: tuple[str, ...]  # a one-article JSON file's text keys, best first (folded)
    skipped_blocks: frozenset[str]  # content blocks that are not its text ("image", "ad")


@cache
def vocabulary() -> Vocabulary:
    raw = yaml.safe_load(DATA_FILE.read_text(encoding="utf-8"))
    return Vocabulary(
        fields={name: tuple(_key(k) for k in keys) for name, keys in raw["fields"].items()},
        copy_date_keys=frozenset(_key(k) for k in raw["copy_date_keys"]),
        mirror_authors=frozenset(v.casefold() for v in raw["mirror_authors"]),
        empty_values=frozenset(v.casefold() for v in raw["empty_values"]),
        content_keys=tuple(_key(k) for k in raw["content_keys"]),
        skipped_blocks=frozenset(str(b).casefold() for b in raw["skipped_blocks"]),
    )


@dataclass
class FrontMatter:
    values: dict  # the block's keys and values as parsed
    body: str  # the text below the block
    kind: str  # "yaml" | "toml"
    title: str = ""
    published: dt.date | None = None
    copy_date: dt.date | None = None  # when a clip or mirror was made, if the block says
    author: str = ""
    url: str = ""
    source: str = ""
    description: str = ""
    mirror: bool = False  # a copy of a reference work: its dates are the copy's
    origin: dict[str, str] = field(default_factory=dict)  # field -> the key it was read from
    notes: list[str] = field(default_factory=list)


def _scalar(value: object, *, prefer: tuple[str, ...] = ("name", "title", "url")) -> object:
    """A list's first item, a mapping's name/title/url, a string stripped of spacing."""
    while isinstance(value, list | tuple):
        value = value[0] if value else ""
    if isinstance(value, dict):
        for key in prefer:
            for k, v in value.items():
                if _key(k) == key and v:
                    return _scalar(v)
        return ""
    if isinstance(value, str):
        return " ".join(value.replace("\\_", "_").split())
    return value


def date_value(value: object) -> dt.date | None:
    """A date from a YAML/TOML date or datetime, a string that starts with an ISO date, or a
    day written out ("February 1, 2025", an RFC 2822 date)."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and (match := ISO_DATE.match(value)):
        try:
            return dt.date(int(match[1]), int(match[2]), int(match[3]))
        except ValueError:
            return None
    if isinstance(value, str) and 6 <= len(value.strip()) <= 60:
        # "February 1, 2025", "Mon, 01 Jun 2025 10:00:00 GMT": a written date of a day.
        try:
            return email.utils.parsedate_to_datetime(value).date()
        except (TypeError, ValueError, IndexError):
            pass
        parsed = date_parse(value)
        if parsed is not None and parsed[1] == "day":
            return parsed[0]
    return None


def _loose(block: str) -> dict:
    """Top-level ``key: value`` / ``key = value`` lines of a block no parser accepts."""
    values: dict[str, str] = {}
    for line in block.splitlines():
        if line[:1].isspace() or line.lstrip().startswith("#"):
            continue
        if match := LOOSE_LINE.match(line):
            value = match["value"]
            if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
                value = value[1:-1]
            value = re.sub(r"\\([^\w\s])", r"\1", value)
            values.setdefault(match["key"], value)
    return values


def front_matter_split(text: str) -> FrontMatter | None:
    """The front matter at the top of ``text`` and what it says, or None if there is none."""
    stripped = text.lstrip("\ufeff \t\r\n")
    handler = next((h for h in HANDLERS if h.detect(stripped)), None)
    if handler is None:
        return None
    try:
        block, body = handler.split(stripped)
    except ValueError:
        return None
    kind = "toml" if isinstance(handler, _TomlHandler) else "yaml"
    notes: list[str] = []
    try:
        values = handler.load(block)
    except Exception as exc:  # the parsers raise several types; every one means "not valid"
        values = _loose(block)
        reason = str(exc).splitlines()[0][:80] if str(exc) else type(exc).__name__
        notes.append(f"front matter is not valid {kind.upper()} ({reason}); read line by line")
    if not isinstance(values, dict):
        return None
    matter = FrontMatter(values=values, body=body, kind=kind, notes=notes)
    fields_read(matter)
    return matter


def fields_read(matter: FrontMatter) -> None:
    """Title, dates, author, address, publisher and summary from ``matter.values``."""
    vocab = vocabulary()
    folded = {}
    for key, value in matter.values.items():
        folded.setdefault(_key(key), (str(key), value))

    def first(name: str, *, as_date: bool = False) -> tuple[object, str]:
        for key in vocab.fields[name]:
            if key not in folded:
                continue
            original, value = folded[key]
            value = _scalar(value)
            if as_date:
                value = date_value(value)
                if value is None:
                    continue
            elif not isinstance(value, str) or value.casefold() in vocab.empty_values:
                continue
            elif name == "url" and not re.match(r"(?i)^https?://\S+$", value):
                continue  # a site-relative permalink names no site
            elif name == "source" and re.match(r"(?i)^https?://", value):
                continue  # "source: https://...": a web clip's address, not a publisher
            return value, original
        return ("" if not as_date else None), ""

    for name in ("title", "author", "url", "source", "description"):
        value, key = first(name)
        if value:
            setattr(matter, name, value)
            matter.origin[name] = key
    matter.mirror = matter.author.casefold() in vocab.mirror_authors
    if matter.mirror:
        matter.author = ""
        matter.origin.pop("author", None)
    published, key = first("published_on", as_date=True)
    copies = [
        date_value(_scalar(value)) for k, (_, value) in folded.items() if k in vocab.copy_date_keys
    ]
    if matter.mirror and published:
        matter.notes.append(f"front matter {key!r} is the mirror's copy date, not the article's")
        copies.insert(0, published)
        published, key = None, ""
    matter.published = published
    if key:
        matter.origin["published_on"] = key
    matter.copy_date = next((d for d in copies if d), None)
