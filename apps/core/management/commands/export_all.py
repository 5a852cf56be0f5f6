"""Write the whole knowledge base, its history and its users to one JSON Lines file."""

from apps.core.backup import backup_export

from ..backup_command import BackupCommand


class Command(BackupCommand):
    help = "Export every article, record, evidence, review state, history row and user (JSONL)."
    file_argument = "output"
    file_help = "File to write, e.g. backup.jsonl"
    transfer = staticmethod(backup_export)
    action = "export"
    done = "exported {total} rows to {path}"
