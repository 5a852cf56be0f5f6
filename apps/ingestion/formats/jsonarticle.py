"""A JSON file that is one article: a news app's or a scraper's export of a single story.

``json_article(text)`` reads the object's title, date, author, address and summary with the
front-matter vocabulary (``data/frontmatter.yaml`` ``fields``) and its text from the first of
``content_keys`` that holds any: a string (HTML or plain text), a list of paragraphs or of
content blocks (``{"role": "body", "text": ...}``; images, ads and embeds skipped), or an
HTML tree exported as nodes (``{"name": "p", "children": [{"data": "..."}]}``). The text comes
back as Markdown-ready paragraphs in ``FrontMatter.body``; None when the object has no title or
no text.
"""

from __future__ import annotations

import json

from .frontmatter import FrontMatter, _key, fields_read, vocabulary
from .htmltext import has_markup, html_paragraphs

_BLOCKS = {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "section"}


def json_article(text: str) -> FrontMatter | None:
    try:
        data = json.loads(text)
    except ValueError:
        return None
    if not isinstance(data, dict):
        return None
    matter = FrontMatter(values=data, body="", kind="json")
    fields_read(matter)
    skipped = vocabulary().skipped_blocks
    keys = {_key(k): k for k in data}
    for wanted in vocabulary().content_keys:
        if wanted in keys:
            body = _text(data[keys[wanted]], skipped).strip()
            if body:
                matter.body = body
                matter.origin["body"] = keys[wanted]
                break
    if not matter.title or not matter.body:
        return None
    return matter


def _text(value: object, skipped: frozenset[str]) -> str:
    """Paragraphs (blank-line separated) of one content value."""
    if isinstance(value, str):
        return html_paragraphs(value) if has_markup(value) else value
    if isinstance(value, list):
        parts = [_text(v, skipped) for v in value]
        return "\n\n".join(p.strip() for p in parts if p and p.strip())
    if isinstance(value, dict):
        kind = str(value.get("role") or value.get("type") or "").casefold()
        if kind in skipped:
            return ""
        if "children" in value or "data" in value:
            return _tree(value)
        for key in ("text", "content", "html", "body", "value"):
            if isinstance(value.get(key), str | list):
                return _text(value[key], skipped)
    return ""


def _tree(node: object) -> str:
    """The text of an exported HTML node tree: text nodes' ``data``, block elements as
    paragraphs."""
    if isinstance(node, list):
        return "".join(_tree(n) for n in node)
    if not isinstance(node, dict):
        return ""
    if isinstance(node.get("data"), str):
        return node["data"]
    inner = _tree(node.get("children") or [])
    name = str(node.get("name") or "").casefold()
    return f"\n\n{inner.strip()}\n\n" if name in _BLOCKS else inner
