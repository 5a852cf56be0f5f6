"""Generate a corpus of article files by recombining the paragraphs of the seed articles.

    .venv/bin/python -m bench.make_corpus var/bench/corpus -n 1000 --seed 7
    .venv/bin/python -m bench.make_corpus var/bench/corpus-800 -n 1000 --seed 1 --words 800

The same arguments always give the same files. By default an article has 4-9 of the seeds'
paragraphs (about 320 words); ``--words N`` draws paragraphs until the body has about N words
(N x 0.8-1.2), for benchmarks of typical ~800-word articles. Files come in the shapes the parser meets in
the wild: plain text, hard-wrapped PDF exports with leading-space paragraphs and line-end
hyphens, markdown with bylines and datelines, wire copy opening on a dateline, saved pages
with furniture, URL blocks dropped into sentences, related-article lines, end-of-page teasers,
and HTML pages.

Names vary too: in each article, the people and towns the seed sentences name are swapped,
consistently, for others from the curated dictionary (apps/actors/data/) and the gazetteer
(apps/places/data/) — a person for another of the same country, a town for another town of
the same country — so entity resolution meets the whole dictionary, not five files' worth.
Capitals (which stand for governments) and the towns that name a region stay as written.
"""

from __future__ import annotations

import argparse
import random
import re
import textwrap
from datetime import date, timedelta
from pathlib import Path

from apps.ingestion.parsers import parse_file
from bench.common import SEEDS

SHAPES = ("plain", "wrapped", "markdown", "webpage", "html", "wire")
FURNITURE = ["Follow us on social", "google cta", "Share", "Analysis | Middle East"]
OUTLETS = ["AFP", "Reuters", "Anadolu Agency", "TASS", "Al-Monitor"]
AUTHORS = ["Jane Doe", "Ali Veli", "Elif Kaya", "Ivan Petrov", "Sara Haddad"]


def pools(seeds_dir: Path) -> tuple[list[str], list[str]]:
    titles, paragraphs = [], []
    for path in sorted(seeds_dir.glob("*.txt")):
        article = parse_file(path)
        titles.append(article.title)
        paragraphs += [p for p in article.body.split("\n\n") if len(p.split()) >= 12]
    return titles, paragraphs


class Swapper:
    """Swaps the dictionary's people and towns named in a text for others of the same kind.

    Candidates are grouped by (kind, country); a person's surname alone ("Erdogan") follows
    the full name's swap, so the text stays coherent within one article.
    """

    def __init__(self, entries, capitals=()):
        # Capitals stand for governments ("Ankara said") and names inside a region's name
        # ("Idlib" in "Idlib province") anchor the story: both stay as written.
        regions = " ".join(e.name for e in entries if e.subkind == "region")
        fixed = set(capitals) | {e.name for e in entries if e.name in regions}
        self.groups: dict[tuple[str, str], list] = {}
        for entry in sorted(entries, key=lambda e: e.key):
            if entry.name in fixed:
                continue
            if entry.subkind in ("person", "town", "city"):
                kind = "person" if entry.subkind == "person" else "town"
                self.groups.setdefault((kind, entry.affiliation), []).append(entry)
        self.forms: dict[str, tuple[tuple[str, str], object, bool]] = {}
        for group, members in self.groups.items():
            for entry in members:
                names = [entry.name, *entry.aliases] if group[0] == "town" else [entry.name]
                for name in names:
                    self.forms.setdefault(name, (group, entry, False))
                if group[0] == "person" and len(entry.name.split()) > 1:
                    self.forms.setdefault(entry.name.split()[-1], (group, entry, True))
        alternatives = sorted(self.forms, key=len, reverse=True)
        self.pattern = re.compile(r"\b(?:" + "|".join(map(re.escape, alternatives)) + r")\b")

    def swap(self, texts: list[str], rng: random.Random) -> list[str]:
        chosen: dict[str, object] = {}

        def replace(match: re.Match) -> str:
            group, entry, surname_only = self.forms[match.group(0)]
            if entry.key not in chosen:
                chosen[entry.key] = rng.choice(self.groups[group])
            other = chosen[entry.key]
            return other.name.split()[-1] if surname_only else other.name

        return [self.pattern.sub(replace, text) for text in texts]


def dictionary_entries():
    """The curated dictionary's entries (actors, places), loaded once."""
    import os

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
    from apps.ingestion.extraction.dictionary import get_dictionary

    dictionary = get_dictionary()
    return list(dictionary.entries.values()), sorted(dictionary.capitals)


def wrap(paragraph: str, rng: random.Random) -> str:
    lines = textwrap.wrap(paragraph, width=rng.choice([80, 90, 95]), break_on_hyphens=False)
    return " " + "\n".join(lines)


def url_block(rng: random.Random, n: int) -> str:
    day = date(2019, 1, 1) + timedelta(days=rng.randrange(2000))
    return "\n".join(
        f"https://news.example.org/{day:%Y/%m/%d}/story-{rng.randrange(10**6)}" for _ in range(n)
    )


def split_sentence(paragraph: str, rng: random.Random) -> tuple[str, str]:
    words = paragraph.split()
    cut = rng.randrange(3, len(words) - 3)
    while words[cut - 1].endswith((".", "?", "!", ":", ";", '"', "”")):
        cut += 1
        if cut >= len(words) - 1:
            return paragraph, ""
    return " ".join(words[:cut]), " ".join(words[cut:])


def body_paragraphs(paragraphs: list[str], rng: random.Random, words: int | None) -> list[str]:
    """4-9 distinct paragraphs, or (with ``words``) as many as make about that many words."""
    if not words:
        return rng.sample(paragraphs, rng.randint(4, 9))
    target = words * rng.uniform(0.8, 1.2)
    body, total = [], 0
    for paragraph in rng.sample(paragraphs, len(paragraphs)):
        if total >= target:
            break
        body.append(paragraph)
        total += len(paragraph.split())
    return body


def article(
    index: int,
    titles: list[str],
    paragraphs: list[str],
    rng: random.Random,
    swapper: Swapper | None = None,
    capitals: list[str] | None = None,
    words: int | None = None,
):
    shape = SHAPES[index % len(SHAPES)] if rng.random() < 0.9 else rng.choice(SHAPES)
    title = f"{rng.choice(titles)} ({index})"
    body = body_paragraphs(paragraphs, rng, words)
    body.insert(0, f"Report number {index} opens with this sentence about Idlib talks.")
    if swapper is not None:
        title, *body = swapper.swap([title, *body], rng)
    published = date(2018, 1, 1) + timedelta(days=rng.randrange(1500))
    related = f"Related article: {rng.choice(titles)}"

    if shape == "wire":
        city = rng.choice(capitals or ["ANKARA"]).upper()
        outlet = rng.choice(["Reuters", "AFP", "AP"])
        stamp = rng.choice([f"{published:%B} {published.day}", f"{published:%b %d, %Y}"])
        lines = [title, f"{city}, {stamp} ({outlet}) - {body[0]}", *body[1:]]
        lines.append(f"(Reporting by {rng.choice(AUTHORS)}; editing by {rng.choice(AUTHORS)})")
        return f"{index:05d}.txt", "\n\n".join(lines) + "\n"
    if shape == "html":
        paras = "\n".join(f"<p>{p}</p>" for p in body)
        text = (
            f"<!DOCTYPE html><html><head><title>{title} | Daily Sabah</title>"
            f'<meta property="article:published_time" content="{published.isoformat()}">'
            f'<meta name="author" content="{rng.choice(AUTHORS)}"></head><body>'
            f"<nav><a href='/'>Home</a></nav><article><h1>{title}</h1>{paras}</article>"
            f"<footer>© Daily Sabah</footer></body></html>"
        )
        return f"{index:05d}.html", text
    if shape == "wrapped":
        first, rest = split_sentence(body[2], rng)
        blocks = [wrap(title, rng)] + [wrap(p, rng) for p in body[:2]]
        blocks += [related, wrap(first, rng), url_block(rng, rng.randint(1, 4)), rest]
        blocks += [wrap(p, rng) for p in body[3:]]
        return f"{index:05d}.txt", "\n\n".join(b for b in blocks if b.strip()) + "\n"
    if shape == "markdown":
        lines = [
            f"# {title}",
            f"By [{rng.choice(AUTHORS)} for {rng.choice(OUTLETS)}](#)",
            f"{published:%B %d, %Y}",
            f"Turkish troops near Idlib. **{rng.choice(AUTHORS)} / AFP**",
            *body[:3],
            f"**Related article:** [{rng.choice(titles)}](#)",
            *body[3:],
            "Original url:",
            f"<https://news.example.org/{index}>",
        ]
        return f"{index:05d}.md", "\n\n".join(lines) + "\n"
    if shape == "webpage":
        teaser = rng.choice(paragraphs)
        lines = [
            *rng.sample(FURNITURE, 2),
            f"Shutterstock_{rng.randrange(10**9, 10**10)}-scaled",
            title,
            *body,
            "Top photo credit: somebody (Somewhere)",
            "Another story entirely",
            teaser,
            "keep readingShow less",
            "Newsletter",
        ]
        return f"{index:05d}.txt", "\n\n".join(lines) + "\n"
    lines = [title, f"{published:%d %B %Y}", *body[:2], related, *body[2:]]
    return f"{index:05d}.txt", "\n\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path, help="folder to write the files into")
    parser.add_argument("-n", "--count", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1, help="random seed (same seed, same files)")
    parser.add_argument("--seeds-dir", type=Path, default=SEEDS)
    parser.add_argument(
        "--keep-names",
        action="store_true",
        help="keep the seeds' people and towns instead of swapping in the dictionary's",
    )
    parser.add_argument(
        "--words",
        type=int,
        default=None,
        help="about this many words per article (default: 4-9 paragraphs, ~320 words)",
    )
    args = parser.parse_args()
    if args.count < 0:
        parser.error("--count must not be negative")
    if args.words is not None and not 50 <= args.words <= 3000:
        parser.error("--words must be in [50, 3000]")
    if not args.seeds_dir.is_dir():
        parser.error(f"--seeds-dir {args.seeds_dir} is not a folder")

    write_corpus(
        args.out, args.count, args.seed, args.seeds_dir, swap=not args.keep_names, words=args.words
    )
    print(f"wrote {args.count} files to {args.out}")


def write_corpus(
    out: Path,
    count: int,
    seed: int,
    seeds_dir: Path,
    *,
    swap: bool = True,
    words: int | None = None,
) -> None:
    """Write ``count`` article files into ``out``; the same arguments give the same files."""
    titles, paragraphs = pools(seeds_dir)
    swapper, capitals = None, None
    if swap:
        entries, capitals = dictionary_entries()
        swapper = Swapper(entries, capitals)
    rng = random.Random(seed)
    out.mkdir(parents=True, exist_ok=True)
    for index in range(count):
        name, text = article(index, titles, paragraphs, rng, swapper, capitals, words)
        (out / name).write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
