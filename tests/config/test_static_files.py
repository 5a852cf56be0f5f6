"""Static files: only production collects them, so a clean checkout serves without a warning
about a folder nothing created."""

import os
import subprocess
import sys
import warnings
from pathlib import Path

from django.conf import settings
from whitenoise.middleware import WhiteNoiseMiddleware

REPO = Path(__file__).resolve().parent.parent.parent


def test_the_test_settings_give_whitenoise_no_folder_to_miss():
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        WhiteNoiseMiddleware(get_response=lambda request: None)
    assert [str(w.message) for w in caught] == []
    assert settings.STATIC_ROOT is None


def test_the_demo_settings_serve_from_the_finders_without_a_warning(tmp_path):
    code = (
        "import django; django.setup()\n"
        "from django.conf import settings\n"
        "from whitenoise.middleware import WhiteNoiseMiddleware\n"
        "WhiteNoiseMiddleware(get_response=lambda request: None)\n"
        "print(settings.STATIC_ROOT)\n"
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.local"}
    env.pop("DATABASE_URL", None)
    done = subprocess.run(
        [sys.executable, "-W", "error", "-c", code],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "None"


def test_production_still_collects_into_static_root():
    code = "import django; django.setup(); from django.conf import settings; print(settings.STATIC_ROOT)"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "DJANGO_SECRET_KEY": "x" * 50,
    }
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, env=env, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().endswith("var/staticfiles")
