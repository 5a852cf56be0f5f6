"""Puts the repository on sys.path for the scripts still run by file path
(``python bench/score_real.py``); run as modules (``python -m ...``) nothing needs it."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
