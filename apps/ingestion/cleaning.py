"""From the raw text of a saved page or PDF export to clean article paragraphs.

Steps, in order:

1. ``lines_scan`` classifies every line: text, blank, or something that is not article body
   (bare URLs, page furniture, photo captions, bylines, datelines, "Related article:" lines,
   the "Original url:" label). It stops where the article ends and other content (teasers of
   other articles, newsletter boxes) begins.
2. ``paragraphs_build`` joins hard-wrapped lines into paragraphs (line-end hyphens are real
   hyphens) and rejoins sentences that blank lines or dropped URL blocks cut in two.
3. ``article_shape`` picks the headline, drops a standfirst repeated in the body and any
   non-prose lines left at the end.

Furniture and labels are data (``data/boilerplate.yaml``); this module holds the rules.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from rapidfuzz import fuzz

from apps.core.text import strip_accents

from . import pubdates
from .vocab import boilerplate, outlets

URL = re.compile(r"<?((?:https?://|www\.)[^\s<>()]+(?:\([^\s<>()]*\)[^\s<>()]*)*)>?", re.I)
URL_LINE = re.compile(r"^(?:<?(?:https?://|www\.)\S+>?[\s,;]*)+$", re.I)
MD_IMAGE = re.compile(r"!\[[^\]]*\]\([^)]*\)")
MD_LINK = re.compile(r"\[([^\]]*)\]\(\s*<?([^)\s>]*)>?(?:\s+\"[^\"]*\")?\s*\)")
MD_STRONG = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1")
MD_EM = re.compile(r"(?<![\w*])\*(?=\S)([^*\n]+?)(?<=\S)\*(?![\w*])")
MD_HEADING = re.compile(r"^#{1,6}\s+(.*?)\s*#*$")
MD_RULE = re.compile(r"^(?:[-*_]\s*){3,}$")
MD_BULLET = re.compile(r"^(?:[-*+•]|\d{1,2}[.)])\s+")
# The date a dateline may carry after its place: "March 5", "Sept. 17, 2018".
_DATELINE_DATE = r"(?:,\s*(?P<date>[A-Z][a-z]{2,8}\.?\s+\d{1,2}(?:,\s*(?:19|20)\d{2})?))?"
AGENCY_DATELINE = re.compile(
    rf"^(?P<place>[A-Z][A-Za-z .'’/-]{{1,40}}?(?:,\s+[A-Z][a-z]+(?:\s[A-Z][a-z]+)?)?)"
    rf"{_DATELINE_DATE}\s*"
    r"\((?P<agency>[^()]{2,40})\)\s*[-–—]+\s*"
)
# TASS style: "MOSCOW, March 5. /TASS/. Russian President..."
SLASH_DATELINE = re.compile(
    rf"^(?P<place>[A-Z][A-Za-z .'’-]{{1,40}}?){_DATELINE_DATE}\.?\s*"
    r"/(?P<agency>[A-Za-z][\w .-]{1,30})/\.?\s+"
)
# "SOURCE: Al Jazeera and news agencies" at the foot of a page.
SOURCE_CREDIT = re.compile(r"^(?:source|sources)\s*:\s*(?P<credit>[^/:]{2,80})$", re.IGNORECASE)
TERMINAL = tuple(".!?:;\"”’')]…")
# Words a sentence does not end on: a paragraph ending on one continues in the next.
CONTINUING = frozenset(
    "a an the of to and or but nor in on at by for from with as that which who whom whose "
    "into onto than its their his her our your this these those between among about against "
    "over under after before during via per".split()
)
CONNECTORS = frozenset("and for of the de al el bin ibn van von der la le da di du y".split())


@dataclass
class Line:
    text: str
    indent: bool = False
    heading: int = 0  # markdown heading level
    bullet: bool = False  # a list item: it starts a paragraph of its own


@dataclass
class Scan:
    items: list  # Line | None (None: a break, blank or removed line)
    bylines: list[str] = field(default_factory=list)
    datelines: list[tuple[pubdates.PubDate, str]] = field(default_factory=list)
    canonical_url: str = ""
    related: list[dict] = field(default_factory=list)
    urls: list[str] = field(default_factory=list)  # bare URLs, in order
    link_urls: list[str] = field(default_factory=list)  # markdown link targets
    cut: str = ""  # the line where other content began, if any
    credits: list[str] = field(default_factory=list)  # outlets named by "Source:" lines
    # Datelines stating day and month only ("5 MAR, 18:03"): ((month, day), line).
    yearless: list[tuple[tuple[int, int], str]] = field(default_factory=list)


def text_normalize(text: str) -> str:
    """Unify newlines and spaces; drop invisible characters."""
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    text = text.replace("\t", "    ").replace("\f", "\n")
    text = re.sub(r"[\u00a0\u2000-\u200a\u202f\u205f\u3000]", " ", text)
    return re.sub(r"[\u200b-\u200d\u2060\ufeff\u00ad]", "", text)


def _collapse(text: str) -> str:
    return " ".join(text.split())


def _markdown_strip(text: str, links: list[tuple[str, str]]) -> str:
    text = MD_IMAGE.sub(" ", text)

    def link(match: re.Match) -> str:
        links.append((match[1], match[2]))
        return match[1]

    text = MD_LINK.sub(link, text)
    text = MD_STRONG.sub(r"\2", text)
    text = MD_EM.sub(r"\1", text)
    return text


def _ends_sentence(text: str) -> bool:
    return text.rstrip().endswith(TERMINAL)


def _word_count(text: str) -> int:
    return len(text.split())


def _is_prose(text: str) -> bool:
    return _word_count(text) >= 8 and _ends_sentence(text)


def headline_like(text: str) -> bool:
    """Short, no sentence end: a headline, crosshead, kicker or label."""
    text = text.strip()
    return (
        0 < _word_count(text) <= 25
        and len(text) <= 250
        and not text.rstrip("”’\"'").endswith((".", ",", ";", ":"))
        and not text[:1].islower()
    )


def _name_like(text: str) -> bool:
    words = text.replace(",", " ").split()
    return 0 < len(words) <= 8 and all(
        w[:1].isupper() or w.casefold() in CONNECTORS or w[:1] in "“\"'(" for w in words
    )


def byline_split(rest: str) -> tuple[str, str, str]:
    """``"Michael Mainville for AFP"`` -> (author, outlet, trailing date expression)."""
    rest = _collapse(rest).strip(" .")
    date_text = ""
    parts = [p.strip() for p in re.split(r"\s+[|·•–—-]\s+|,\s+(?=\S)", rest) if p.strip()]
    kept = []
    for part in parts:
        if pubdates.dateline_parse(part):
            date_text = date_text or part
        else:
            kept.append(part)
    author, outlet = [], ""
    for part in kept:
        # "Reuters Staff", "AFP newsroom": the outlet, not a person
        part = re.sub(r"(?i)\s+(?:staff(?: writer)?|newsroom|news desk|editorial)$", "", part)
        found = outlets().named(part)
        if found:
            outlet = outlet or found.name
            continue
        name, sep, credit = part.rpartition(" for ")
        if sep and outlets().named(credit):
            outlet = outlet or outlets().named(credit).name
            part = name
        elif sep and _name_like(name):
            outlet = outlet or credit.strip()
            part = name
        if _name_like(part):
            author.append(part)
    return ", ".join(author), outlet, date_text


def lines_scan(text: str) -> Scan:
    bp = boilerplate()
    scan = Scan(items=[])
    items = scan.items
    prose_chars = 0  # article text seen so far; furniture rules differ before and after
    want_canonical = False
    related_open = False  # the last line was a "Related article:" title that may wrap
    for raw in text_normalize(text).split("\n"):
        stripped = raw.strip()
        if not stripped or MD_RULE.match(stripped):
            items.append(None)
            related_open = False
            continue
        links: list[tuple[str, str]] = []
        heading = 0
        if match := MD_HEADING.match(stripped):
            heading = len(stripped) - len(stripped.lstrip("#"))
            stripped = match[1]
        bullet = not heading and bool(MD_BULLET.match(stripped))
        stripped = MD_BULLET.sub("", stripped) if not heading else stripped
        line = _collapse(_markdown_strip(stripped, links))
        scan.link_urls += [url for _, url in links if url.startswith(("http", "www."))]
        if not line:
            items.append(None)
            continue
        folded = line.casefold()

        if related_open and not heading and raw[:1] != " ":
            title = scan.related[-1]["title"]
            if not _ends_sentence(title) and _word_count(line) <= 12 and not URL_LINE.match(line):
                scan.related[-1]["title"] = f"{title} {line}"
                continue
        related_open = False

        if match := bp.canonical.match(line):
            url = URL.search(match["url"] or "")
            if url:
                scan.canonical_url = scan.canonical_url or url[1]
            else:
                want_canonical = True
            items.append(None)
            continue
        if URL_LINE.match(line):
            urls = [m[1] for m in URL.finditer(line)]
            if want_canonical:
                scan.canonical_url = scan.canonical_url or urls[0]
                urls = urls[1:]
            scan.urls += urls
            want_canonical = False
            items.append(None)
            continue
        want_canonical = False

        if match := bp.related.match(line):
            title = match["title"].strip()
            if not title:  # a "Related:" heading over a list of other articles
                if prose_chars >= 300 or (heading and prose_chars):
                    scan.cut = line
                    break
                items.append(None)
                continue
            url = next((u for t, u in links if t.strip() and t.strip() in title), "")
            if not url.startswith(("http://", "https://")):
                url = ""
            scan.related.append({"title": title, "url": url})
            related_open = len(line) >= 60  # long enough to have been wrapped
            items.append(None)
            continue
        if match := SOURCE_CREDIT.match(line):
            named = [outlets().named(p) for p in re.split(r"\s+and\s+|,\s*", match["credit"])]
            if any(named):
                scan.credits += [o.name for o in named if o]
                items.append(None)
                continue
        if prose_chars == 0 and not heading and (outlet := _outlet_line(line)):
            scan.credits.append(outlet)  # "RT France" on its own above an interview summary
            items.append(None)
            continue
        if prose_chars < 300 and not heading and line.isupper() and _word_count(line) <= 3:
            # A place name on its own (the dateline of a wire story), or a date in capitals
            # ("MAR 05, 2020", "5 MAR, 18:03", "14:52 GMT 09.01.2020").
            if dated := pubdates.dateline_parse(line):
                scan.datelines.append(dated)
            elif month_day := pubdates.yearless_parse(line):
                scan.yearless.append((month_day, line.strip()))
            items.append(None)
            continue
        if prose_chars >= 300 and bp.cut.match(line):
            scan.cut = line
            break
        if (
            folded in bp.drop_lines
            or bp.drop.match(line)
            or bp.caption.match(line)
            or bp.caption.match(stripped)
            or _glued_tags(line)
        ):
            items.append(None)
            continue
        if prose_chars == 0 and heading and (dated := pubdates.dateline_parse(line)):
            scan.datelines.append(dated)  # "### 2017-05-4" over a news item
            items.append(None)
            continue
        if prose_chars < 300 and not heading:
            if match := bp.byline.match(line):
                author, outlet, date_text = byline_split(match["rest"])
                if author or outlet:
                    scan.bylines.append(line)
                    if date_text:
                        scan.datelines.append(pubdates.dateline_parse(date_text))
                    items.append(None)
                    continue
            if dated := pubdates.dateline_parse(line):
                scan.datelines.append(dated)
                items.append(None)
                continue
            if month_day := pubdates.yearless_parse(line):
                scan.yearless.append((month_day, line.strip()))
                items.append(None)
                continue
        if re.match(r"^(?:reporting|writing|editing|additional reporting)\s+by\b", folded):
            scan.bylines.append(line)
            items.append(None)
            continue
        items.append(
            Line(line, indent=raw[:1] in " \t" and not heading, heading=heading, bullet=bullet)
        )
        if _word_count(line) >= 8:
            prose_chars += len(line)
    return scan


def _wrap_width(lines: list[Line]) -> int:
    """The width text was hard-wrapped at, or 0 when lines are whole paragraphs."""
    lengths = [len(line.text) for line in lines if not line.heading]
    if len(lengths) < 4:
        return 0
    width = sorted(lengths)[int(len(lengths) * 0.9) - 1]
    if not 40 <= width <= 130:
        return 0
    near = sum(1 for n in lengths if n >= 0.7 * width)
    return width if near >= 0.5 * len(lengths) else 0


def _join(left: str, right: str) -> str:
    if re.search(r"[\w.)]-$", left) and right[:1].isalnum():
        return left + right  # "al-" + "Qaeda", "U.S.-" + "backed": the hyphen is real
    return f"{left} {right}"


@dataclass
class Paragraph:
    text: str
    heading: int = 0


def paragraphs_build(items: list) -> list[Paragraph]:
    lines = [item for item in items if item is not None]
    width = _wrap_width(lines)
    paragraphs: list[Paragraph] = []
    current: Line | None = None
    text = ""

    def flush():
        nonlocal current, text
        if current is not None:
            paragraphs.append(Paragraph(text, current.heading))
        current, text = None, ""

    for item in items:
        if item is None or item.heading:
            flush()
            if item is not None:
                paragraphs.append(Paragraph(item.text, item.heading))
            continue
        if current is None:
            current, text = item, item.text
            continue
        if item.bullet:
            starts_new = True
        elif width:
            starts_new = item.indent or (
                len(current.text) < 0.6 * width
                and _ends_sentence(current.text)
                and not item.text[:1].islower()
            )
        else:
            starts_new = _ends_sentence(text) or not item.text[:1].islower()
        if starts_new:
            flush()
            current, text = item, item.text
        else:
            current, text = item, _join(text, item.text)
    flush()

    # Rejoin sentences cut in two by blank lines or by dropped lines (URL blocks, captions).
    merged: list[Paragraph] = []
    for para in paragraphs:
        if merged and not para.heading and not merged[-1].heading:
            prev = merged[-1].text
            last_word = prev.rsplit(None, 1)[-1].casefold() if prev.split() else ""
            if not _ends_sentence(prev) and (
                para.text[:1].islower() or last_word in CONTINUING or prev.endswith(("-", ","))
            ):
                merged[-1].text = _join(prev, para.text)
                continue
        merged.append(para)
    return merged


def _outlet_line(line: str) -> str:
    """The outlet a line names and nothing else ("RT", "RT France", "Al Jazeera English"):
    its name, or its name and one word of edition; "" otherwise."""
    words = line.strip().rstrip(":").split()
    if not 1 <= len(words) <= 4:
        return ""
    outlet = outlets().named(" ".join(words)) or (
        outlets().named(" ".join(words[:-1])) if len(words) > 1 else None
    )
    return outlet.name if outlet else ""


_GLUED = re.compile(r"[a-z][A-Z]")


def _glued_tags(line: str) -> bool:
    """A row of tags or sections scraped without their separators: "GeopoliticsRiskWorld
    EventsMiddle East and AfricaSyria" (words glued where a tag ends and the next begins)."""
    if line.rstrip().endswith(TERMINAL) or _word_count(line) > 20:
        return False
    glued = [w for w in line.split() if _GLUED.search(w)]
    return len(glued) >= 2 and sum(len(_GLUED.findall(w)) for w in glued) >= 3


def _fold(text: str) -> str:
    """A headline's comparison key: accents, case and punctuation off."""
    return re.sub(r"\W+", " ", strip_accents(text).casefold()).strip()


@dataclass
class Shaped:
    title: str
    paragraphs: list[str]
    notes: list[str] = field(default_factory=list)
    agency: str = ""  # credited in an agency dateline: "MOSCOW (Reuters) -"
    dateline: str = ""  # the agency dateline's place and date: "SOCHI, September 17"
    dateline_date: str = ""  # its date part: "September 17"
    author_bio: str = ""  # the person a closing biography line is about


def _headline_copy(paras: list[Paragraph], title: str) -> int | None:
    """Where a copy of the headline stands among the first three paragraphs, if it does."""
    key = _fold(title)
    return next(
        (k for k, para in enumerate(paras[:3]) if fuzz.ratio(_fold(para.text), key) >= 90), None
    )


def article_shape(paragraphs: list[Paragraph], *, cut: str = "", known_title: str = "") -> Shaped:
    """Headline, body paragraphs and notes. ``known_title`` comes from page metadata."""
    paras = list(paragraphs)
    shaped = Shaped(title="", paragraphs=[])
    if known_title:
        # The page names its headline: drop its copy at the top of the text, nothing else.
        if (index := _headline_copy(paras, known_title)) is not None:
            del paras[: index + 1]
        shaped.title = known_title
    # Headline: a top-level markdown heading near the top (never a rubric or kicker set as a
    # smaller heading above it), else a heading that opens the text, else a short first line.
    top = paras[:4] if not shaped.title else []
    for index, para in enumerate(top):
        if para.heading == 1 or (
            para.heading and index == 0 and not any(p.heading == 1 for p in top)
        ):
            shaped.title = para.text
            del paras[index]
            if index and top[0].heading and _word_count(top[0].text) <= 6:
                del paras[0]  # the rubric above the headline
                shaped.notes.append(f"rubric {top[0].text!r} above the headline dropped")
            break
    if not shaped.title and len(paras) > 1 and headline_like(paras[0].text):
        first = paras.pop(0)
        if _word_count(first.text) <= 3 and len(paras) > 1 and headline_like(paras[0].text):
            first = paras.pop(0)  # the first was a kicker or section name
        shaped.title = first.text
    if shaped.title and not known_title:
        # The headline again under a date line or a link ("# X", "*05:10 PM ...*", "X"): once.
        if (index := _headline_copy(paras, shaped.title)) is not None:
            del paras[index]

    # Teasers of other articles ending in "keep reading": cut from their headline.
    if cut and boilerplate().cut.match(cut) and re.match(r"(?i)(keep|continue) reading", cut):
        tail = 0
        for index in range(len(paras) - 1, max(-1, len(paras) - 6), -1):
            tail += len(paras[index].text)
            if tail > 1500:
                break
            if headline_like(paras[index].text) and index > 0:
                del paras[index:]
                break

    # Non-prose lines left at the end (captions, labels, teaser headlines) and the author's
    # biography closing the article.
    while paras and (
        paras[-1].heading
        or headline_like(paras[-1].text)
        or (len(paras) > 1 and boilerplate().bio.match(paras[-1].text))
    ):
        if match := boilerplate().bio.match(paras[-1].text):
            shaped.author_bio = match["name"]
            shaped.notes.append(f"biography of {match['name']} closing the article dropped")
        paras.pop()

    # A standfirst repeated in the body.
    body_folded = [_fold(p.text) for p in paras]
    keep = []
    for index, para in enumerate(paras):
        folded = body_folded[index]
        short = 8 <= _word_count(para.text) <= 60
        if index < 3 and not para.heading and short and folded:
            if any(folded in later for later in body_folded[index + 1 :]):
                shaped.notes.append("standfirst repeated in the body dropped")
                continue
        keep.append(para)
    paras = keep

    if paras and (
        match := AGENCY_DATELINE.match(paras[0].text) or SLASH_DATELINE.match(paras[0].text)
    ):
        agency = outlets().named(match["agency"])
        if agency:
            shaped.agency = agency.name
            if match["date"]:
                shaped.dateline = f"{match['place'].strip()}, {match['date']}"
                shaped.dateline_date = match["date"]
            # The dateline stays in the body: it is the first sentence's own start.

    if not paras and _is_prose(shaped.title):
        # A news item whose headline is its whole report ("A memorandum is signed by ...").
        paras = [Paragraph(shaped.title)]
        shaped.notes.append("the headline is the whole report; kept as the body too")
    fixes = boilerplate().text_fixes
    for para in paras:
        text = para.text
        for pattern, replacement in fixes:
            text = pattern.sub(replacement, text)
        text = _collapse(text)
        if text:
            shaped.paragraphs.append(text)
    if not shaped.title and shaped.paragraphs:
        first = shaped.paragraphs[0]
        sentence = re.split(r"(?<=[.!?])\s+(?=[A-Z“\"])", first, maxsplit=1)[0]
        shaped.title = _title_trim(sentence.rstrip("."))
        shaped.notes.append("no headline found; title taken from the first sentence")
    return shaped


def _title_trim(text: str, limit: int = 200) -> str:
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0] + "…"


def _slug_words(url: str) -> str:
    path = re.sub(r"[?#].*$", "", url).rstrip("/")
    slug = path.rsplit("/", 1)[-1]
    slug = re.sub(r"\.\w{2,5}$", "", slug)
    slug = re.sub(r"[-_](?:a|id)?\d{4,}\w*$", "", slug)
    return _fold(slug.replace("-", " ").replace("_", " "))


def related_urls_match(related: list[dict], urls: list[str]) -> None:
    """Give each related title without a link the bare URL whose slug spells it."""
    candidates = list(dict.fromkeys(urls))
    for entry in related:
        if entry["url"]:
            continue
        title = _fold(entry["title"].replace("'", "").replace("’", ""))
        best, best_score = "", 0.0
        for url in candidates:
            slug = _slug_words(url)
            if _word_count(slug) < 3:
                continue
            score = fuzz.token_set_ratio(title, slug)
            if score > best_score:
                best, best_score = url, score
        if best_score >= 90:
            entry["url"] = best
