"""Tables the database derives from others and keeps itself (by triggers), which nobody edits.

The app that owns such a table declares it in its ``AppConfig.ready`` with the function that
computes it again from scratch, as the events app does for the counts of events two actors
share:

    derived_register(ActorPair, ActorPairDelta, rebuild=actor_pairs_rebuild)

and the plumbing below the apps treats it accordingly:

* the backup leaves it out, and a restore rebuilds it once the rows it derives from are back
  (``apps.core.backup``);
* writing it changes no answer, so the API's read cache does not count those writes
  (``apps.core.api.cache``);
* it has no admin pages.
"""

from __future__ import annotations

from collections.abc import Callable

_MODELS: set[str] = set()
_TABLES: set[str] = set()
_REBUILDS: list[Callable[..., object]] = []


def derived_register(*models, rebuild: Callable[..., object]) -> None:
    """Declare ``models`` derived; ``rebuild(using=alias)`` recomputes them from scratch."""
    for model in models:
        _MODELS.add(model._meta.label)
        _TABLES.add(model._meta.db_table)
    if rebuild not in _REBUILDS:
        _REBUILDS.append(rebuild)


def is_derived(model) -> bool:
    return model._meta.label in _MODELS


def derived_tables() -> set[str]:
    """The declared tables' names (the set itself: read on every statement by the cache)."""
    return _TABLES


def derived_rebuild(*, using: str) -> None:
    """Recompute every derived table from the rows it derives from."""
    for rebuild in _REBUILDS:
        rebuild(using=using)
