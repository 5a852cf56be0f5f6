"""Evaluation: extraction scored against hand-written gold (tests/extraction/), run from the
repository's root.

    .venv/bin/python -m evaluation.score_extraction   # seeds and the held-out sets
    .venv/bin/python -m evaluation.score_real         # the real development corpus
    .venv/bin/python -m evaluation.score_quotations   # quotations and their speakers

The tests import these modules to assert quality floors (tests/extraction/test_quality.py).
"""
