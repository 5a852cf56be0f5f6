"""The extraction scorer (bench/score_extraction.py) loaded as a module for the tests."""

import importlib.util
import sys
from pathlib import Path

import pytest

SCORER_PATH = Path(__file__).resolve().parents[2] / "bench" / "score_extraction.py"


def _load_scorer():
    name = "score_extraction"
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, SCORER_PATH)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="session")
def scorer():
    return _load_scorer()
