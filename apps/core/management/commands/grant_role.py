"""Give a user editor or reviewer access to admin (or take it away)."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError

from apps.core.roles import ROLE_GROUPS, roles_setup


class Command(BaseCommand):
    help = "Add USER to the Editors or Reviewers group and let them log into admin."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("role", choices=sorted(ROLE_GROUPS))
        parser.add_argument(
            "--revoke", action="store_true", help="Remove the role instead of granting it."
        )

    def handle(self, *args, username, role, revoke, **options):
        user_model = get_user_model()
        try:
            user = user_model.objects.get(**{user_model.USERNAME_FIELD: username})
        except user_model.DoesNotExist as err:
            raise CommandError(
                f"no user {username!r}; create one first (manage.py createsuperuser "
                "or the Users page in admin)"
            ) from err
        if not Group.objects.filter(name=ROLE_GROUPS[role]).exists():
            roles_setup()
        group = Group.objects.get(name=ROLE_GROUPS[role])
        if revoke:
            user.groups.remove(group)
            if not user.is_superuser and not user.groups.exists():
                user.is_staff = False
                user.save(update_fields=["is_staff"])
            self.stdout.write(f"{username} is no longer in {group.name}.")
            return
        user.groups.add(group)
        if not user.is_staff:
            user.is_staff = True
            user.save(update_fields=["is_staff"])
        self.stdout.write(f"{username} is now in {group.name} and can log into admin.")
