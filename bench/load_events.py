"""Bulk-load a synthetic corpus of N events (with actors and evidence) for the API benchmark.

    createdb -h 127.0.0.1 -U postgres idlib_bench
    export DATABASE_URL=postgres://postgres@127.0.0.1:5432/idlib_bench
    .venv/bin/python manage.py migrate
    .venv/bin/python -m bench.load_events --events 100000
    .venv/bin/python -m bench.load_events --events 1000000 --articles 100000

The rows are shaped like the real corpus: a few hundred actors (states, forces, groups,
people), a dozen agreements and posts, towns with coordinates, one article per ~20 events
unless --articles says otherwise, two or three actors and one or two evidence sentences per
event, dates spread over 2017-2021. Article bodies recombine the seed articles' paragraphs
(../shared/seeds) and name a gazetteer town drawn with a long-tailed frequency, so full-text
search meets both words found in nearly every article and words found in a handful.
Rows go in with bulk_create in batches, inside one transaction, then the tables are analysed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import sys
import time
from pathlib import Path

from bench.common import SEEDS

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")

BATCH = 5000
EVENT_TYPES = [
    ("shelling", "195"),
    ("air_strike", "195"),
    ("armed_clash", "190"),
    ("meeting", "040"),
    ("statement", "010"),
    ("deployment", "154"),
    ("accusation", "112"),
    ("ceasefire_violation", "196"),
]
KINDS = ["state", "armed_forces", "armed_group", "person", "government_body"]
AFFILIATIONS = ["TUR", "RUS", "SYR", "IRN", "USA", ""]


def seed_paragraphs(seeds_dir: Path) -> list[str]:
    """Paragraphs of at least a dozen words from the seed articles, in file order."""
    from apps.ingestion.parsers import parse_file

    paragraphs = []
    for path in sorted(seeds_dir.glob("*.txt")):
        body = parse_file(path).body
        paragraphs += [p for p in body.split("\n\n") if len(p.split()) >= 12]
    return paragraphs


def gazetteer_towns() -> list[str]:
    """Names of the gazetteer's towns and cities (apps/places/data/places.yaml)."""
    from apps.ingestion.extraction.dictionary import get_dictionary

    entries = get_dictionary().of_kind("place")
    return sorted(e.name for e in entries if e.subkind in ("town", "city"))


def article_body(rng: random.Random, paragraphs: list[str], towns: list[str]) -> str:
    """Four to nine seed paragraphs and one sentence naming a town (Zipf-like frequency)."""
    rank = len(towns)
    while rank >= len(towns):
        rank = int(rng.paretovariate(0.6)) - 1
    chosen = rng.sample(paragraphs, min(len(paragraphs), rng.randint(4, 9)))
    chosen.insert(rng.randrange(len(chosen) + 1), f"Reports came in from {towns[rank]} too.")
    return "\n\n".join(chosen)


def _batches(rows, size=BATCH):
    for start in range(0, len(rows), size):
        yield rows[start : start + size]


def load(
    n_events: int, seed: int = 11, n_articles: int | None = None, seeds_dir: Path | None = None
) -> dict[str, int]:
    from django.db import connection, transaction

    from apps.actors.models import Actor
    from apps.agreements.models import Agreement, AgreementParty
    from apps.articles.models import Article, Mention
    from apps.events.models import Event, EventActor, Evidence
    from apps.events.pairs import actor_pairs_settle_all
    from apps.places.models import ObservationPost, Place

    rng = random.Random(seed)
    start_day = dt.date(2017, 1, 1)
    span = (dt.date(2021, 12, 31) - start_day).days
    sentence = "Turkish troops and Syrian government forces exchanged fire near the town."
    body = "\n\n".join(f"Paragraph {i}. {sentence}" for i in range(10))
    paragraphs = seed_paragraphs(seeds_dir) if seeds_dir else []
    towns = gazetteer_towns() if paragraphs else []

    with transaction.atomic():
        actors = Actor.objects.bulk_create(
            [
                Actor(
                    name=f"Bench actor {i}",
                    normalized_name=f"bench actor {i}",
                    kind=KINDS[i % len(KINDS)],
                    affiliation=AFFILIATIONS[i % len(AFFILIATIONS)],
                )
                for i in range(300)
            ]
        )
        agreements = Agreement.objects.bulk_create(
            [
                Agreement(
                    name=f"Bench agreement {i}",
                    normalized_name=f"bench agreement {i}",
                    kind="memorandum",
                    signed_on=start_day + dt.timedelta(days=i * 90),
                )
                for i in range(12)
            ]
        )
        AgreementParty.objects.bulk_create(
            [AgreementParty(agreement=a, actor=actors[j]) for a in agreements for j in (0, 1)]
        )
        places = Place.objects.bulk_create(
            [
                Place(
                    name=f"Bench town {i}",
                    normalized_name=f"bench town {i}",
                    kind="town",
                    country="SYR",
                    lat=35.0 + rng.random(),
                    lon=36.0 + rng.random(),
                )
                for i in range(150)
            ]
        )
        posts = ObservationPost.objects.bulk_create(
            [
                ObservationPost(
                    name=f"Bench post {i}",
                    normalized_name=f"bench post {i}",
                    agreement=agreements[i % 3],
                    place=places[i],
                    status="active",
                )
                for i in range(12)
            ]
        )
        n_articles = n_articles or max(1, n_events // 20)
        articles = []
        for batch in _batches(list(range(n_articles))):
            articles += Article.objects.bulk_create(
                [
                    Article(
                        title=f"Bench article {i} on fighting in Idlib",
                        body=article_body(rng, paragraphs, towns) if paragraphs else body,
                        published_on=start_day + dt.timedelta(days=rng.randrange(span)),
                        published_on_source="stated",
                        source=rng.choice(["Reuters", "AFP", "Al-Monitor", "TASS"]),
                        source_file=f"bench_{i}.txt",
                        source_path=f"bench/bench_{i}.txt",
                        content_hash=f"bench{i:059d}",
                    )
                    for i in batch
                ]
            )
            print(f"  {len(articles):,} articles", flush=True)
        mentions = [
            Mention(
                article=article,
                actor=actors[rng.randrange(len(actors))],
                start=0,
                end=5,
                text="Bench",
            )
            for article in articles
        ]
        for batch in _batches(mentions):
            Mention.objects.bulk_create(batch)

        loaded = 0
        while loaded < n_events:
            count = min(BATCH, n_events - loaded)
            events = []
            for _ in range(count):
                event_type, cameo = rng.choice(EVENT_TYPES)
                day = start_day + dt.timedelta(days=rng.randrange(span))
                place = places[rng.randrange(len(places))] if rng.random() < 0.7 else None
                events.append(
                    Event(
                        event_type=event_type,
                        cameo_code=cameo,
                        date=day,
                        date_precision="day",
                        summary=f"{event_type.replace('_', ' ')} near {place.name if place else 'Idlib'}",
                        place=place,
                        location_text=place.name if place else "Idlib",
                        agreement=agreements[rng.randrange(12)] if rng.random() < 0.1 else None,
                        observation_post=posts[rng.randrange(12)] if rng.random() < 0.05 else None,
                        fatalities=rng.choice([None, 0, 1, 2, 5]),
                        source_count=rng.randint(1, 3),
                        review_status="rejected" if rng.random() < 0.02 else "extracted",
                    )
                )
            events = Event.objects.bulk_create(events)
            links, evidence = [], []
            for event in events:
                chosen = rng.sample(actors, rng.choice([2, 2, 3]))
                for position, actor in enumerate(chosen):
                    role = ("initiator", "target", "participant")[position]
                    links.append(
                        EventActor(event=event, actor=actor, role=role, event_date=event.date)
                    )
                for k in range(rng.choice([1, 1, 2])):
                    article = articles[rng.randrange(len(articles))]
                    evidence.append(
                        Evidence(
                            event=event,
                            article_id=article.pk,
                            quote=sentence,
                            start=k * 100,
                            end=k * 100 + len(sentence),
                        )
                    )
            EventActor.objects.bulk_create(links)
            Evidence.objects.bulk_create(evidence)
            loaded += count
            print(f"  {loaded:,} events", flush=True)
    actor_pairs_settle_all()  # as `manage.py ingest` does after a batch
    if connection.vendor == "postgresql":  # fresh statistics and visibility map
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    return {
        "events": Event.objects.count(),
        "event_actors": EventActor.objects.count(),
        "evidence": Evidence.objects.count(),
        "articles": Article.objects.count(),
        "actors": Actor.objects.count(),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument(
        "--articles", type=int, default=None, help="articles to make (default: events / 20)"
    )
    parser.add_argument(
        "--seeds-dir",
        type=Path,
        default=SEEDS,
        help="seed articles whose paragraphs make the bodies (a placeholder body without it)",
    )
    args = parser.parse_args()
    if args.events < 1:
        parser.error("--events must be positive")
    if args.articles is not None and args.articles < 1:
        parser.error("--articles must be positive")
    if not args.seeds_dir.is_dir():
        parser.error(f"--seeds-dir {args.seeds_dir} is not a folder")

    import django

    django.setup()
    from apps.events.models import Event

    if Event.objects.filter(summary__contains="near Bench town").exists():
        sys.exit("this database already holds benchmark events; use a fresh one")
    began = time.perf_counter()
    totals = load(args.events, seed=args.seed, n_articles=args.articles, seeds_dir=args.seeds_dir)
    elapsed = time.perf_counter() - began
    print(", ".join(f"{k}={v:,}" for k, v in totals.items()))
    print(f"loaded in {elapsed:.1f} s ({args.events / elapsed:,.0f} events/s)")


if __name__ == "__main__":
    main()
