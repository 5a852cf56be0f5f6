"""Restore a file written by export_all into an empty, migrated database."""

from django.core.management.base import BaseCommand, CommandError

from apps.core.backup import BackupError, backup_import


class Command(BaseCommand):
    help = "Restore an export_all file into an empty database (run `migrate` first)."

    def add_arguments(self, parser):
        parser.add_argument("input", help="File written by export_all")
        parser.add_argument("--database", default="default")

    def handle(self, *args, input, database, **options):
        try:
            counts = backup_import(input, using=database)
        except (BackupError, OSError, ValueError) as exc:
            raise CommandError(f"import failed: {exc}") from exc
        for label, count in sorted(counts.items()):
            self.stdout.write(f"{label}: {count}")
        self.stdout.write(f"imported {sum(counts.values())} rows from {input}")
