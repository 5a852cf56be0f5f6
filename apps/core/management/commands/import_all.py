"""Restore a file written by export_all into an empty, migrated database."""

from apps.core.backup import BackupError, backup_import

from ..backup_command import BackupCommand


class Command(BackupCommand):
    help = "Restore an export_all file into an empty database (run `migrate` first)."
    file_argument = "input"
    file_help = "File written by export_all"
    transfer = staticmethod(backup_import)
    failures = (BackupError, OSError, ValueError)
    action = "import"
    done = "imported {total} rows from {path}"
