"""`python bench/score_quotations.py` runs `python -m evaluation.score_quotations`."""

import _script  # noqa: F401

from evaluation.score_quotations import main

raise SystemExit(main())
