"""``python manage.py reextract [--article ID ...] [--stale]``: re-run extraction on stored
articles (all by default) and print what changed."""

from __future__ import annotations

from collections import Counter

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from apps.articles.models import Article
from apps.ingestion.persist.extraction import article_extract, article_is_current

PROGRESS_ABOVE = 20


class Command(BaseCommand):
    help = (
        "Re-run entity and event extraction over stored articles (all, or those given with "
        "--article), each in its own transaction. Editors' corrections are kept; relative "
        "dates are resolved again against each article's current publication date."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--article",
            type=int,
            action="append",
            dest="articles",
            metavar="ID",
            help="article id (repeat for several); default: every article",
        )
        parser.add_argument(
            "--stale",
            action="store_true",
            help="only articles changed since their last extraction, or extracted by an "
            "older extractor version",
        )

    def handle(self, *args, articles=None, stale=False, verbosity=1, **options):
        queryset = Article.objects.order_by("pk")
        if articles:
            found = set(queryset.filter(pk__in=articles).values_list("pk", flat=True))
            missing = sorted(set(articles) - found)
            if missing:
                raise CommandError(f"no article with id {', '.join(map(str, missing))}")
            queryset = queryset.filter(pk__in=articles)
        ids = list(queryset.values_list("pk", flat=True))
        totals: Counter = Counter()
        failed = []
        bar = tqdm(ids, unit="article", disable=len(ids) <= PROGRESS_ABOVE or verbosity < 1)
        for pk in bar:
            article = Article.objects.get(pk=pk)
            if stale and article_is_current(article):
                totals["current"] += 1
                continue
            try:
                stats = article_extract(article, force=True)
            except Exception as err:  # one broken article must not stop the others
                failed.append(f"article {pk}: {type(err).__name__}: {err}")
                continue
            totals["articles"] += 1
            totals.update({k: v for k, v in stats.items() if isinstance(v, int)})
            if verbosity >= 2:
                self.stdout.write(f"article {pk}: {dict(stats)}")
        for line in failed:
            self.stderr.write(f"failed: {line}")
        shown = ", ".join(
            f"{key} {totals[key]}"
            for key in (
                "articles",
                "current",
                "events",
                "created",
                "updated",
                "unchanged",
                "merged",
                "dated",
                "protected",
                "rejected_kept",
                "removed",
                "figures",
            )
            if totals[key]
        )
        self.stdout.write(f"Re-extracted: {shown or 'nothing'}; failed {len(failed)}")
        if failed:
            raise CommandError(f"{len(failed)} article(s) failed")
