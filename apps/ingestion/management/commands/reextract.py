"""``python manage.py reextract [--article ID ...] [--stale] [--no-reclean] [--dry-run]``:
clean stored articles again from their files and re-run extraction (all by default), and print
what changed."""

from __future__ import annotations

from collections import Counter

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from apps.articles.models import Article
from apps.ingestion.persist.extraction import article_is_current
from apps.ingestion.reclean import Rerun, article_rerun

PROGRESS_ABOVE = 20
EXTRACTION_COUNTS = (
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


def _named(article: Article) -> str:
    title = " ".join(article.title.split())
    return f'article {article.pk} ("{title[:60]}{"…" if len(title) > 60 else ""}")'


class Command(BaseCommand):
    help = (
        "Clean stored articles again from the files they were ingested from, then re-run "
        "entity and event extraction (all articles, or those given with --article), each in "
        "its own transaction. Fields an editor corrected are kept; evidence of kept events "
        "follows its quote into the new text; relative dates are resolved again against "
        "each article's current publication date."
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
        parser.add_argument(
            "--no-reclean",
            action="store_false",
            dest="reclean",
            help="do not read the files again: re-run extraction on the stored text only",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="report what would change and write nothing",
        )

    def handle(
        self,
        *args,
        articles=None,
        stale=False,
        reclean=True,
        dry_run=False,
        verbosity=1,
        **options,
    ):
        queryset = Article.objects.order_by("pk")
        if articles:
            found = set(queryset.filter(pk__in=articles).values_list("pk", flat=True))
            missing = sorted(set(articles) - found)
            if missing:
                raise CommandError(f"no article with id {', '.join(map(str, missing))}")
            queryset = queryset.filter(pk__in=articles)
        ids = list(queryset.values_list("pk", flat=True))
        totals: Counter = Counter()
        cleaning: Counter = Counter()
        failed = []
        would = "would be " if dry_run else ""
        bar = tqdm(ids, unit="article", disable=len(ids) <= PROGRESS_ABOVE or verbosity < 1)
        for pk in bar:
            article = Article.objects.get(pk=pk)
            if stale and article_is_current(article):
                totals["current"] += 1
                continue
            name = _named(article)
            try:
                result = article_rerun(article, reclean=reclean, dry_run=dry_run)
            except Exception as err:  # one broken article must not stop the others
                failed.append(f"{name}: {type(err).__name__}: {err}")
                continue
            if reclean:
                self._count_cleaning(result, cleaning)
                if result.not_recleaned:
                    self.stderr.write(
                        f"{name}: not re-cleaned: {result.not_recleaned} "
                        f"({article.source_path}); {would}re-extracted from the stored text"
                    )
                elif result.changed and verbosity >= 1:
                    change = "would change" if dry_run else "changed"
                    self.stdout.write(f"{name}: {change} {self._changes(result)}")
            totals["articles"] += 1
            totals.update({k: v for k, v in result.extraction.items() if isinstance(v, int)})
            totals["evidence not found"] += result.unlocated
            if verbosity >= 2:
                self.stdout.write(f"{name}: {dict(result.extraction)}")
        for line in failed:
            self.stderr.write(f"failed: {line}")
        self.stdout.write(self._summary(totals, cleaning, failed, reclean, dry_run))
        if failed:
            raise CommandError(f"{len(failed)} article(s) failed")

    @staticmethod
    def _count_cleaning(result: Rerun, cleaning: Counter) -> None:
        if not result.recleaned:
            cleaning["skipped"] += 1
            return
        cleaning["re-cleaned"] += 1
        if "body" in result.changed:
            cleaning["bodies changed"] += 1
        elif result.changed:
            cleaning["other fields changed"] += 1
        else:
            cleaning["unchanged"] += 1
        cleaning["evidence moved"] += result.evidence.get("moved", 0)

    @staticmethod
    def _changes(result: Rerun) -> str:
        parts = []
        for name in result.changed:
            if name == "body":
                before, after = result.body_sizes
                parts.append(f"body ({before:,} → {after:,} characters)")
            else:
                parts.append(name)
        text = ", ".join(parts)
        if result.evidence:
            text += (
                f"; evidence moved {result.evidence['moved']}, "
                f"not found {result.evidence['not_found']}"
            )
        if result.kept:
            text += "; kept from an editor: " + ", ".join(sorted(result.kept))
        return text

    @staticmethod
    def _summary(totals, cleaning, failed, reclean, dry_run) -> str:
        extracted = ", ".join(
            f"{key} {totals[key]}"
            for key in (*EXTRACTION_COUNTS, "evidence not found")
            if totals[key]
        )
        line = f"Re-extracted: {extracted or 'nothing'}; failed {len(failed)}"
        if reclean:
            line = (
                f"Re-cleaned {cleaning['re-cleaned']} (bodies changed "
                f"{cleaning['bodies changed']}, other fields changed "
                f"{cleaning['other fields changed']}, unchanged {cleaning['unchanged']}, "
                f"evidence moved {cleaning['evidence moved']}); skipped {cleaning['skipped']}; "
                + line
            )
        if dry_run:
            line = "Dry run, nothing written. " + line
        return line
