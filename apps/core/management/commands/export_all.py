"""Write the whole knowledge base, its history and its users to one JSON Lines file."""

from django.core.management.base import BaseCommand, CommandError

from apps.core.backup import BackupError, backup_export


class Command(BaseCommand):
    help = "Export every article, record, evidence, review state, history row and user (JSONL)."

    def add_arguments(self, parser):
        parser.add_argument("output", help="File to write, e.g. backup.jsonl")
        parser.add_argument("--database", default="default")

    def handle(self, *args, output, database, **options):
        try:
            counts = backup_export(output, using=database)
        except (BackupError, OSError) as exc:
            raise CommandError(f"export failed: {exc}") from exc
        for label, count in sorted(counts.items()):
            self.stdout.write(f"{label}: {count}")
        self.stdout.write(f"exported {sum(counts.values())} rows to {output}")
