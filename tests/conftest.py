"""Shared fixtures."""

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SEEDS_DIR = Path(
    __import__("os").environ.get("SEEDS_DIR", REPO.parent / "shared" / "seeds")
).resolve()


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    if not SEEDS_DIR.is_dir():
        pytest.fail(f"seed corpus not found at {SEEDS_DIR} (set SEEDS_DIR)")
    return SEEDS_DIR


@pytest.fixture(scope="session")
def seed_files(seeds_dir) -> list[Path]:
    return sorted(seeds_dir.glob("*.txt"))


@pytest.fixture
def api():
    """An anonymous API client."""
    from rest_framework.test import APIClient

    return APIClient()


@pytest.fixture
def k():
    """The small knowledge base of tests.factories.sample_knowledge (needs the database)."""
    from tests.factories import sample_knowledge

    return sample_knowledge()
