"""Create or refresh the Editors and Reviewers groups (also done after every migrate)."""

from django.core.management.base import BaseCommand

from apps.core.roles import roles_setup


class Command(BaseCommand):
    help = "Create or refresh the Editors and Reviewers groups and their permissions."

    def handle(self, *args, **options):
        for group, count in roles_setup().items():
            self.stdout.write(f"{group}: {count} permissions")
