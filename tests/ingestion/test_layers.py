"""The extraction package stays pure and readable (STYLE.md section 12).

``apps/ingestion/extraction/`` turns text into dataclasses: its modules may import the standard
library, third-party text libraries (spaCy, dateparser, rapidfuzz, ...), the package itself
and the plain modules listed in ``PURE_APPS_MODULES``; nothing from Django, nothing that
reaches the database. Imports are read with ``ast``, so those inside functions count too.
Persisting an extraction is ``apps/ingestion/persist/``'s job.
"""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
PACKAGE = "apps.ingestion.extraction"
EXTRACTION_DIR = REPO / Path(*PACKAGE.split("."))
MAX_LINES = 500

# The only modules outside the package that it may import: plain Python, each checked below to
# import nothing from Django or from any other module under apps/.
PURE_APPS_MODULES = {
    "apps.core.text": "name normalisation, shared with the database keys",
    "apps.events.vocabulary": "loader of the event vocabulary in apps/events/data/",
    "apps.ingestion.documents": "the pipeline's plain error, IngestionError",
}
# Top-level packages that are Django, build on it, or are this project's Django wiring.
DJANGO_PACKAGES = {
    "django",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "simple_history",
    "environ",
    "celery",
    "config",
}


def _module_name(path: Path) -> str:
    parts = path.relative_to(REPO).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported_modules(source: str, module: str, *, is_package: bool) -> list[tuple[int, str]]:
    """(line, absolute name) of every import in ``source``, the code of ``module``.

    ``from X import y`` gives ``X.y`` when that may be a module (``from apps.core import
    text``), else ``X``: both are returned, and ``allowed`` accepts either.
    """
    package = module if is_package else module.rpartition(".")[0]
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join(parts + ([node.module] if node.module else []))
            found += [(node.lineno, f"{base}:{alias.name}") for alias in node.names]
    return found


def allowed(name: str, *, inside: str = PACKAGE) -> bool:
    """Whether a module of ``inside`` may import ``name`` (``X:y`` for ``from X import y``)."""
    base, _, member = name.partition(":")
    candidates = [base, f"{base}.{member}"] if member else [base]

    def pure(module: str) -> bool:
        top = module.split(".")[0]
        if top in DJANGO_PACKAGES:
            return False
        if top != "apps":
            return True
        return module in PURE_APPS_MODULES or module == inside or module.startswith(inside + ".")

    return any(pure(c) for c in candidates)


def _violations(paths, *, inside: str) -> list[str]:
    out = []
    for path in paths:
        module = _module_name(path)
        source = path.read_text(encoding="utf-8")
        for line, name in imported_modules(source, module, is_package=path.name == "__init__.py"):
            if not allowed(name, inside=inside):
                out.append(f"{path.relative_to(REPO)}:{line}: {name.replace(':', ' import ')}")
    return out


def _extraction_files() -> list[Path]:
    return sorted(EXTRACTION_DIR.rglob("*.py"))


def _module_file(module: str) -> Path:
    path = REPO / Path(*module.split("."))
    return path / "__init__.py" if path.is_dir() else path.with_suffix(".py")


def test_the_package_has_modules():
    assert len(_extraction_files()) > 10


def test_extraction_imports_neither_django_nor_the_database():
    assert _violations(_extraction_files(), inside=PACKAGE) == []


def test_the_modules_it_may_import_are_pure_too():
    """The allowed modules and the packages Python runs on the way to them (``apps/__init__``,
    ``apps/events/__init__``, ...) import nothing from Django or from other apps modules."""
    files = set()
    for module in [*PURE_APPS_MODULES, PACKAGE]:
        parts = module.split(".")
        files.add(_module_file(module))
        files.update(_module_file(".".join(parts[:n])) for n in range(1, len(parts)))
    problems = []
    for path in sorted(files):
        module = _module_name(path)
        # A pure module may import its own package's pure siblings, never another apps module.
        problems += _violations([path], inside=module if path.name != "__init__.py" else PACKAGE)
    assert problems == []


def test_no_extraction_module_is_longer_than_one_sitting():
    long = {
        str(path.relative_to(REPO)): n
        for path in _extraction_files()
        if (n := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert long == {}, f"split these modules (at most {MAX_LINES} lines): {long}"


def test_importing_every_extraction_module_loads_no_django():
    code = (
        "import importlib, pkgutil, sys\n"
        f"import {PACKAGE} as package\n"
        "for info in pkgutil.walk_packages(package.__path__, package.__name__ + '.'):\n"
        "    importlib.import_module(info.name)\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in "
        f"{sorted(DJANGO_PACKAGES)!r}))\n"
    )
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


@pytest.mark.parametrize(
    "source, expected",
    [
        ("from ..types import ACTOR", []),
        ("from . import dates", []),
        ("import spacy\nfrom apps.core.text import normalize_name", []),
        ("from apps.core import text", []),
        ("from django.db import transaction", ["django.db import transaction"]),
        ("import django", ["django"]),
        ("def f():\n    from apps.core import bulk", ["apps.core import bulk"]),
        ("from apps.events.models import Event", ["apps.events.models import Event"]),
        ("from ...persist import extraction", ["apps.ingestion.persist import extraction"]),
    ],
)
def test_the_check_reads_every_kind_of_import(source, expected):
    module = f"{PACKAGE}.events.example"
    found = [
        name.replace(":", " import ")
        for _, name in imported_modules(source, module, is_package=False)
        if not allowed(name)
    ]
    assert found == expected
