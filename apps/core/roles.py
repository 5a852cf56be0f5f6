"""The two editorial roles and the permissions they carry.

* Editors view, add and change knowledge records and articles, verify, reject and merge them,
  upload articles, and delete the small rows that hang off a record (aliases, an event's actors,
  evidence, mentions). They cannot delete whole records (they reject them instead), and they have
  no access to users, groups, tokens or other site settings.
* Reviewers see everything editors see and change nothing.

``roles_setup`` is idempotent and runs after every ``migrate`` (see ``CoreConfig.ready``), so
permissions of models added later reach the groups without a new migration.
"""

from __future__ import annotations

import logging

from django.contrib.auth.models import Group, Permission
from django.db.models import Q

EDITORS = "Editors"
REVIEWERS = "Reviewers"
logger = logging.getLogger(__name__)

ROLE_GROUPS = {"editor": EDITORS, "reviewer": REVIEWERS}

KNOWLEDGE_APPS = ("articles", "actors", "agreements", "places", "events")
LOG_APPS = ("ingestion",)
# Rows hanging off a record that editors may remove from its page.
EDITOR_DELETABLE = (
    "actors.actoralias",
    "actors.actorposition",
    "agreements.agreementparty",
    "agreements.agreementalias",
    "places.placealias",
    "places.observationpostalias",
    "events.eventactor",
    "events.evidence",
    "events.statedfigure",
    "articles.mention",
)


def _permissions(app_labels, actions, *, models=None):
    query = Q(content_type__app_label__in=app_labels) & Q(
        codename__regex=r"^(" + "|".join(actions) + r")_"
    )
    query &= ~Q(content_type__model__startswith="historical")
    perms = Permission.objects.filter(query).select_related("content_type")
    if models is not None:
        perms = [p for p in perms if f"{p.content_type.app_label}.{p.content_type.model}" in models]
    return list(perms)


def role_permissions(role: str) -> list[Permission]:
    if role == "editor":
        return (
            _permissions(KNOWLEDGE_APPS, ("view", "add", "change"))
            + _permissions(KNOWLEDGE_APPS, ("delete",), models=EDITOR_DELETABLE)
            + _permissions(LOG_APPS, ("view",))
        )
    if role == "reviewer":
        return _permissions(KNOWLEDGE_APPS + LOG_APPS, ("view",))
    raise ValueError(f"unknown role {role!r}; choose one of {', '.join(ROLE_GROUPS)}")


def roles_setup() -> dict[str, int]:
    """Create the Editors and Reviewers groups and set their permissions exactly."""
    counts = {}
    for role, name in ROLE_GROUPS.items():
        group, _ = Group.objects.get_or_create(name=name)
        perms = role_permissions(role)
        group.permissions.set(perms)
        counts[name] = len(perms)
    return counts


def roles_setup_after_migrate(sender, *, using="default", verbosity=1, **kwargs) -> None:
    """post_migrate handler: make sure every permission exists, then refresh the groups."""
    from django.apps import apps
    from django.contrib.auth.management import create_permissions
    from django.db import DatabaseError

    try:
        for app_config in apps.get_app_configs():
            create_permissions(app_config, verbosity=0, using=using)
        roles_setup()
    except DatabaseError:
        # Tables missing (a partial migrate or one backwards); the next full migrate sets roles.
        logger.info("roles not set up: the database is not fully migrated")
