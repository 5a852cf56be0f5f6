"""Benchmarks: scripts that measure the product, run from the repository's root as modules.

    .venv/bin/python -m bench.make_corpus var/bench/corpus -n 1000 --seed 1
    .venv/bin/python -m bench.ingest speed -n 300 --warm 100 --sections
    .venv/bin/python -m bench.load read --duration 10 --concurrency 8 --label final

``ingest`` and ``load`` hold one mode per measurement (``--help`` lists them); ``common``,
``processes`` and ``postgres`` are the helpers they share. docs/benchmarks.md gives the figures
each command produced.
"""
