"""Time the editors' admin pages on the database DATABASE_URL points to.

    # on the seeds (after `make ingest`), or any existing database:
    .venv/bin/python bench/admin_pages.py
    # on the PostgreSQL benchmark database of bench/load_events.py:
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/idlib_bench .venv/bin/python bench/admin_pages.py
    # or on a self-made SQLite one of 100,000 events (fills an EMPTY database first):
    DATABASE_URL=sqlite:///var/bench-admin.sqlite3 .venv/bin/python manage.py migrate
    DATABASE_URL=sqlite:///var/bench-admin.sqlite3 .venv/bin/python bench/admin_pages.py \
        --synthesize 100000

Prints, per page, the best of three wall-clock times and the number of SQL queries, and exits
non-zero when a page fails or is slower than --budget seconds.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")


def synthesize(n_events: int, seed: int = 7) -> None:
    """Fill an empty database with a corpus shaped like the real one, fast (bulk inserts)."""
    from django.db import transaction

    from apps.actors.models import Actor
    from apps.agreements.models import Agreement
    from apps.articles.models import Article
    from apps.events.models import Event, EventActor, Evidence
    from apps.places.models import ObservationPost, Place

    if Event.objects.exists():
        sys.exit("--synthesize needs an empty database")
    rng = random.Random(seed)
    sentence = "Turkish troops shelled positions of the Syrian army near the town on Tuesday."
    body = "\n\n".join(f"Paragraph {i}. " + sentence for i in range(12))
    kinds = ["state", "armed_forces", "armed_group", "person", "government_body"]
    types = [
        ("shelling", "194"),
        ("air_strike", "195"),
        ("armed_clash", "190"),
        ("meeting", "040"),
        ("statement", "010"),
        ("deployment", "154"),
    ]
    with transaction.atomic():
        actors = Actor.objects.bulk_create(
            Actor(name=f"Actor {i}", normalized_name=f"actor {i}", kind=kinds[i % 5])
            for i in range(max(50, n_events // 20))
        )
        agreements = Agreement.objects.bulk_create(
            Agreement(name=f"Agreement {i}", normalized_name=f"agreement {i}", kind="memorandum")
            for i in range(30)
        )
        places = Place.objects.bulk_create(
            Place(name=f"Town {i}", normalized_name=f"town {i}", kind="town") for i in range(800)
        )
        posts = ObservationPost.objects.bulk_create(
            ObservationPost(
                name=f"Post {i}",
                normalized_name=f"post {i}",
                agreement=agreements[i % 30],
                place=places[i],
            )
            for i in range(20)
        )
        articles = Article.objects.bulk_create(
            Article(
                title=f"Report {i}",
                body=body,
                source=f"Outlet {i % 40}",
                published_on=dt.date(2018, 1, 1) + dt.timedelta(days=i % 1800),
                source_file=f"r{i}.txt",
                source_path=f"bench/r{i}.txt",
                content_hash=f"{i:064d}",
            )
            for i in range(max(10, n_events // 25))
        )
        batch = 5000
        for offset in range(0, n_events, batch):
            events, links, evidence = [], [], []
            for i in range(offset, min(n_events, offset + batch)):
                event_type, cameo = types[i % len(types)]
                date = dt.date(2017, 1, 1) + dt.timedelta(days=rng.randrange(2000))
                events.append(
                    Event(
                        event_type=event_type,
                        cameo_code=cameo,
                        date=date,
                        date_precision="day",
                        summary=f"{event_type} number {i}",
                        place=rng.choice(places),
                        agreement=rng.choice(agreements) if i % 3 == 0 else None,
                        observation_post=rng.choice(posts) if i % 7 == 0 else None,
                        review_status=("extracted", "extracted", "verified", "rejected")[i % 4],
                    )
                )
            Event.objects.bulk_create(events)
            for event in events:
                a, b = rng.sample(actors[: len(actors) // 10] if rng.random() < 0.5 else actors, 2)
                links += [
                    EventActor(event=event, actor=a, role="initiator", event_date=event.date),
                    EventActor(event=event, actor=b, role="target", event_date=event.date),
                ]
                article = rng.choice(articles)
                start = body.index(sentence)
                evidence.append(
                    Evidence(
                        event=event,
                        article=article,
                        quote=sentence,
                        start=start,
                        end=start + len(sentence),
                    )
                )
            EventActor.objects.bulk_create(links)
            Evidence.objects.bulk_create(evidence)
            print(f"  {offset + len(events)} events", file=sys.stderr)


def pages() -> list[tuple[str, str]]:
    from django.db.models import Count
    from django.urls import reverse

    from apps.actors.models import Actor
    from apps.articles.models import Article
    from apps.events.models import Event

    event = Event.objects.order_by("-id").first()
    busiest = (
        Actor.objects.annotate(n=Count("event_links"))
        .order_by("-n")
        .values_list("pk", flat=True)[:2]
    )
    article = Article.objects.order_by("-id").first()
    events = reverse("admin:events_event_changelist")
    actors = reverse("admin:actors_actor_changelist")
    found = [
        ("events: review queue", events),
        ("events: all", events + "?review_status=all"),
        ("events: 2020", events + "?date__year=2020"),
        ("events: shelling in 2020", events + "?date__year=2020&event_type=shelling"),
        ("events: search", events + "?q=number 4&review_status=all"),
        ("actors", actors),
        ("actors: search", actors + "?q=actor 1"),
        ("articles", reverse("admin:articles_article_changelist")),
        ("ingestion log", reverse("admin:ingestion_ingestionrecord_changelist")),
        (
            "actor picker",
            reverse("admin:autocomplete")
            + "?app_label=events&model_name=eventactor&field_name=actor&term=act",
        ),
    ]
    if event:
        found += [
            ("event page", reverse("admin:events_event_change", args=[event.pk])),
            ("event history", reverse("admin:events_event_history", args=[event.pk])),
        ]
    if busiest:
        found += [
            ("events: busiest actor", events + f"?actor={busiest[0]}&review_status=all"),
            ("actor page", reverse("admin:actors_actor_change", args=[busiest[0]])),
        ]
    if article:
        found += [
            ("events: one article", events + f"?article={article.pk}&review_status=all"),
            ("article page", reverse("admin:articles_article_change", args=[article.pk])),
        ]
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--synthesize", type=int, default=0, metavar="N")
    parser.add_argument("--budget", type=float, default=1.0, help="seconds per page")
    args = parser.parse_args()

    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    settings.ALLOWED_HOSTS = ["*"]
    if args.synthesize:
        started = time.perf_counter()
        synthesize(args.synthesize)
        print(f"synthesized {args.synthesize} events in {time.perf_counter() - started:.0f}s")
    user, _ = get_user_model().objects.get_or_create(
        username="bench-admin", defaults={"is_staff": True, "is_superuser": True}
    )
    client = Client()
    client.force_login(user)
    # The merge confirmation counts every row that would move: try the two busiest actors.
    from django.db.models import Count

    from apps.actors.models import Actor

    ids = list(
        Actor.objects.annotate(n=Count("event_links"))
        .order_by("-n")
        .values_list("pk", flat=True)[:2]
    )
    merge = ("actors: merge confirmation", ids) if len(ids) == 2 else None
    failures = 0
    print(f"{'page':32} {'best s':>7} {'queries':>7}  status")
    for label, url in pages():
        times, status, queries = [], None, 0
        for _ in range(3):
            with CaptureQueriesContext(connection) as captured:
                started = time.perf_counter()
                response = client.get(url)
                times.append(time.perf_counter() - started)
            status, queries = response.status_code, len(captured)
        slow = min(times) > args.budget
        failures += status != 200 or slow
        print(f"{label:32} {min(times):7.3f} {queries:7d}  {status}{'  SLOW' if slow else ''}")
    if merge:
        from django.urls import reverse

        started = time.perf_counter()
        response = client.post(
            reverse("admin:actors_actor_changelist"),
            {"action": "merge_selected", "_selected_action": merge[1]},
        )
        took = time.perf_counter() - started
        failures += response.status_code != 200 or took > args.budget
        print(f"{merge[0]:32} {took:7.3f} {'':7}  {response.status_code}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
