"""Markdown as real exports write it -> plain paragraphs for the cleaning steps.

markdown-it-py reads the Markdown (CommonMark: escapes, entities, links, emphasis, lists,
hard-wrapped lines) and renders HTML, raw HTML left in the file included; ``htmltext`` turns
that into paragraphs, dropping embeds, players, figures and ad slots. Template shortcodes and
serialisation debris (``data/markup.yaml``) are removed first. Images carry no article text;
a link keeps its words.
"""

from __future__ import annotations

import html
import re
from functools import cache

from markdown_it import MarkdownIt

from .htmltext import html_paragraphs, markup

HTML_TAG = re.compile(r"</?[A-Za-z][\w-]*(?:\s[^<>]*)?/?>")


def _code_block_as_text(renderer, tokens, idx, options, env) -> str:
    # Indented lines in a news export are indented prose or indented HTML, not code.
    content = tokens[idx].content
    if HTML_TAG.search(content):
        return content
    return f"<p>{html.escape(content)}</p>\n"


def _fence_dropped(renderer, tokens, idx, options, env) -> str:
    return ""


@cache
def _parser() -> MarkdownIt:
    # A single line break is kept as one (``breaks``): exports put furniture, labels and
    # hard-wrapped prose on lines of their own, and the cleaning steps tell them apart.
    md = MarkdownIt("commonmark", {"html": True, "breaks": True})
    md.enable("table").enable("strikethrough")
    md.add_render_rule("code_block", _code_block_as_text)
    md.add_render_rule("fence", _fence_dropped)
    return md


def markup_strip(text: str) -> str:
    """Shortcodes and serialisation debris removed."""
    rules = markup()
    return rules.debris.sub("", rules.shortcodes.sub("", text))


def markdown_text(text: str) -> str:
    """Plain paragraphs (blank-line separated, headings as ``#`` lines) from Markdown."""
    return html_paragraphs(_parser().render(markup_strip(text)))
