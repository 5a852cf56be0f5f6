"""`python bench/score_real.py` runs `python -m evaluation.score_real`."""

import _script  # noqa: F401

from evaluation.score_real import main

raise SystemExit(main())
