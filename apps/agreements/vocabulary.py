"""The agreements app's own vocabulary (``data/vocabulary.yaml``): what an event does to the
agreement it names, for the agreement's timeline."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import yaml

DATA = Path(__file__).resolve().parent / "data" / "vocabulary.yaml"


@cache
def event_roles() -> tuple[dict[str, str], str]:
    """Event type -> the role the event plays in the agreement's life, and the default."""
    with DATA.open(encoding="utf-8") as fh:
        raw = yaml.safe_load(fh)
    return dict(raw.get("event_roles") or {}), raw.get("default_event_role") or "referred to"


def event_role(event_type: str) -> str:
    roles, default = event_roles()
    return roles.get(event_type, default)
