"""`python bench/score_extraction.py` runs `python -m evaluation.score_extraction`."""

import _script  # noqa: F401

from evaluation.score_extraction import main

raise SystemExit(main())
