"""``manage.py load_dictionary``: load or update the curated dictionaries into the database."""

from django.core.management.base import BaseCommand, CommandError

from apps.ingestion.extraction.dictionary import DictionaryError, get_dictionary
from apps.ingestion.extraction.types import ACTOR, AGREEMENT, PLACE, POST
from apps.ingestion.persist.entities import dictionary_store


class Command(BaseCommand):
    help = (
        "Load the curated actors, agreements, places and observation posts (apps/*/data/*.yaml) "
        "into the database. Safe to re-run: rows are updated in place, rows an editor verified, "
        "changed or rejected are left as they are."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--kind",
            action="append",
            choices=[PLACE, ACTOR, AGREEMENT, POST],
            help="Only this kind (repeatable). Default: all.",
        )

    def handle(self, *args, **options):
        try:
            get_dictionary()
        except DictionaryError as err:
            raise CommandError(f"dictionary data is invalid: {err}") from err
        kinds = tuple(options.get("kind") or (PLACE, ACTOR, AGREEMENT, POST))
        counts = dictionary_store(kinds=kinds)
        summary = ", ".join(f"{n} {kind}s" for kind, n in counts.items())
        self.stdout.write(self.style.SUCCESS(f"Dictionary loaded: {summary}."))
