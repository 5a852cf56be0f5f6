"""The agreements app's own vocabulary (``data/vocabulary.yaml``): what an event does to the
agreement it names, who accuses whom when it violates it, and what an event tells of an
observation post, for the agreement's page."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import yaml

DATA = Path(__file__).resolve().parent / "data" / "vocabulary.yaml"
SIDES = ("accuser", "accused")
ROLES = ("initiator", "target", "participant")


class VocabularyError(ValueError):
    """The vocabulary file is malformed; the message names the entry."""


@cache
def _raw() -> dict:
    with DATA.open(encoding="utf-8") as fh:
        return yaml.safe_load(fh) or {}


@cache
def event_roles() -> tuple[dict[str, str], str]:
    """Event type -> the role the event plays in the agreement's life, and the default."""
    raw = _raw()
    return dict(raw.get("event_roles") or {}), raw.get("default_event_role") or "referred to"


def timeline_roles() -> list[str]:
    """Every role a step of an agreement's timeline may have, its signature's first."""
    roles, default = event_roles()
    return list(dict.fromkeys(["signed", *roles.values(), default]))


def event_role(event_type: str) -> str:
    roles, default = event_roles()
    return roles.get(event_type, default)


@cache
def violation_sides() -> dict[str, dict[str, str]]:
    """Event type -> {"accuser": actor role, "accused": actor role} (either may be missing)."""
    sides = {}
    for event_type, item in (_raw().get("violation_sides") or {}).items():
        item = dict(item or {})
        if set(item) - set(SIDES) or set(item.values()) - set(ROLES):
            raise VocabularyError(f"vocabulary.yaml: violation_sides.{event_type}: {item!r}")
        sides[event_type] = item
    return sides


@cache
def post_statuses() -> dict[str, str]:
    """Event type -> what the event tells of the observation post it concerns."""
    return {str(k): str(v) for k, v in (_raw().get("post_statuses") or {}).items()}
