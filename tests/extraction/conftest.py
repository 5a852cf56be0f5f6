"""The extraction scorers (bench/score_extraction.py, bench/score_real.py) loaded as modules
for the tests."""

import importlib.util
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[2] / "bench"


def _load_scorer(name: str = "score_extraction"):
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, BENCH / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="session")
def scorer():
    return _load_scorer()


@pytest.fixture(scope="session")
def real_scorer():
    return _load_scorer("score_real")


@pytest.fixture(scope="session")
def quotation_scorer():
    return _load_scorer("score_quotations")
