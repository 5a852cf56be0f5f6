"""The apps form one stack and import only downward (docs/architecture.md).

``LAYERS`` is the order, lowest first: a module of an app may import its own app and the apps
below it, never one above. An import that must point upward is listed in ``UPWARD`` with its
reason; the test fails on an unlisted one, and on a listed one that is gone. Imports are read
with ``ast``, so those inside functions count too.
"""

from __future__ import annotations

from pathlib import Path

from tests.ingestion.test_layers import imported_modules

REPO = Path(__file__).resolve().parents[2]
# The order follows the models: an agreement names its parties (actors), an observation post
# its agreement, an article what it mentions, an event all of them.
LAYERS = ["core", "actors", "agreements", "places", "articles", "events", "ingestion", "portal"]

# (importing module, app above it), each with the reason it must point upward. None does now:
# a lower app reaches a higher app's rows through the related names that app declares on its
# models, and higher apps add to its pages through registries (core/search.py, core/pages.py).
UPWARD: set[tuple[str, str]] = set()


def _module(path: Path) -> str:
    parts = path.relative_to(REPO).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def upward_imports() -> set[tuple[str, str]]:
    """(module, app) for every import of a module under ``apps/`` from an app above its own."""
    rank = {app: k for k, app in enumerate(LAYERS)}
    found = set()
    for path in sorted((REPO / "apps").rglob("*.py")):
        if "migrations" in path.parts:
            continue
        module = _module(path)
        if module.count(".") < 1:
            continue  # apps/__init__.py
        app = module.split(".")[1]
        for _, name in imported_modules(
            path.read_text(encoding="utf-8"), module, is_package=path.name == "__init__.py"
        ):
            parts = name.split(":")[0].split(".")
            if parts[0] == "apps" and len(parts) > 1 and rank.get(parts[1], -1) > rank[app]:
                found.add((module, parts[1]))
    return found


def test_every_app_has_a_layer():
    apps = {p.name for p in (REPO / "apps").iterdir() if (p / "apps.py").exists()}
    assert apps == set(LAYERS)


def test_no_app_imports_from_a_layer_above_it_beyond_the_listed_ones():
    found = upward_imports()
    assert found - UPWARD == set(), "new imports from a higher layer"
    assert UPWARD - found == set(), "these no longer point upward: take them off UPWARD"


def test_the_foundation_and_the_top_import_as_they_should():
    found = upward_imports()
    assert not [m for m, _ in found if m.startswith(("apps.core.", "apps.events."))]
    assert not [m for m, _ in found if m.startswith("apps.ingestion.")]
