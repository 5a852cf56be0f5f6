"""The extraction scorers (evaluation.score_extraction, score_real, score_quotations) as
fixtures for the tests."""

import pytest

from evaluation import score_extraction, score_quotations, score_real


@pytest.fixture(scope="session")
def scorer():
    return score_extraction


@pytest.fixture(scope="session")
def real_scorer():
    return score_real


@pytest.fixture(scope="session")
def quotation_scorer():
    return score_quotations
