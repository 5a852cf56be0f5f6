"""What export_all and import_all share: one file, one database, the rows of each table."""

from collections.abc import Callable

from django.core.management.base import BaseCommand, CommandError

from apps.core.backup import BackupError


class BackupCommand(BaseCommand):
    """Runs ``transfer(path, using=database)`` on the file argument, reports a failure the file
    or the backup explains as a CommandError, and lists how many rows each table moved."""

    file_argument: str  # the name of the positional file argument
    file_help: str
    transfer: Callable[..., dict[str, int]]
    failures: tuple[type[Exception], ...] = (BackupError, OSError)
    action: str  # "export" or "import", for the failure message
    done: str  # the last line, with {total} rows and the {path}

    def add_arguments(self, parser):
        parser.add_argument(self.file_argument, help=self.file_help)
        parser.add_argument("--database", default="default")

    def handle(self, *args, database, **options):
        path = options[self.file_argument]
        try:
            counts = self.transfer(path, using=database)
        except self.failures as exc:
            raise CommandError(f"{self.action} failed: {exc}") from exc
        for label, count in sorted(counts.items()):
            self.stdout.write(f"{label}: {count}")
        self.stdout.write(self.done.format(total=sum(counts.values()), path=path))
