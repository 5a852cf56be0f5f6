"""Production settings: deploy checks pass, secrets come only from the environment, and the
responses carry the security headers and secure cookies."""

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]

# What a production process inspects: headers and cookies of one page over HTTP and HTTPS.
PROBE = """
import json, django
django.setup()
from django.conf import settings
# collectstatic has not run in a source checkout: serve static names unhashed for this probe.
settings.STORAGES = {**settings.STORAGES, "staticfiles": {
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
from django.test import Client
c = Client()
plain = c.get("/admin/login/", HTTP_HOST="kb.example.org")
tls = c.get("/admin/login/", HTTP_HOST="kb.example.org", HTTP_X_FORWARDED_PROTO="https")
cookie = tls.cookies.get("csrftoken")
print(json.dumps({
    "debug": settings.DEBUG,
    "plain_status": plain.status_code,
    "plain_location": plain.get("Location", ""),
    "tls_status": tls.status_code,
    "hsts": tls.get("Strict-Transport-Security", ""),
    "nosniff": tls.get("X-Content-Type-Options", ""),
    "frame": tls.get("X-Frame-Options", ""),
    "referrer": tls.get("Referrer-Policy", ""),
    "csrf_secure": bool(cookie and cookie["secure"]),
    "session_secure": settings.SESSION_COOKIE_SECURE,
    "session_httponly": settings.SESSION_COOKIE_HTTPONLY,
}))
"""


def production_env(**overrides) -> dict:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "DATABASE_", "CELERY_"))
    }
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.production",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(64),
        DJANGO_ALLOWED_HOSTS="kb.example.org",
    )
    env.update(overrides)
    return {key: value for key, value in env.items() if value is not None}


def run(args, env) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, *args], cwd=REPO, env=env, capture_output=True, text=True, timeout=120
    )


def test_check_deploy_reports_nothing():
    result = run(["manage.py", "check", "--deploy", "--fail-level", "DEBUG"], production_env())
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout
    assert "WARNINGS" not in result.stderr + result.stdout


def test_check_deploy_flags_a_weak_secret():
    env = production_env(DJANGO_SECRET_KEY="change-me")
    result = run(["manage.py", "check", "--deploy"], env)
    assert "security.W009" in result.stderr + result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    result = run(["manage.py", "check"], production_env(DJANGO_SECRET_KEY=None))
    assert result.returncode != 0
    assert "Set the DJANGO_SECRET_KEY environment variable" in result.stderr


@pytest.mark.parametrize(
    ("module", "debug"),
    [
        ("config.settings.base", False),
        ("config.settings.production", False),
        ("config.settings.test", False),
        ("config.settings.local", False),
    ],
)
def test_debug_is_off_by_default(module, debug):
    code = "import django; django.setup(); from django.conf import settings; print(settings.DEBUG)"
    result = run(["-c", code], production_env(DJANGO_SETTINGS_MODULE=module))
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == str(debug)


def test_security_headers_and_secure_cookies_behind_a_proxy():
    result = run(["-c", PROBE], production_env())
    assert result.returncode == 0, result.stderr
    seen = json.loads(result.stdout.strip().splitlines()[-1])
    assert seen["debug"] is False
    # Plain HTTP is redirected to HTTPS; HTTPS is recognised from the proxy's header.
    assert seen["plain_status"] == 301
    assert seen["plain_location"].startswith("https://kb.example.org/")
    assert seen["tls_status"] == 200
    assert "max-age=31536000" in seen["hsts"]
    assert "includeSubDomains" in seen["hsts"]
    assert seen["nosniff"] == "nosniff"
    assert seen["frame"] == "DENY"
    assert seen["referrer"] == "same-origin"
    assert seen["csrf_secure"] is True
    assert seen["session_secure"] is True
    assert seen["session_httponly"] is True


def test_hosts_outside_allowed_hosts_are_refused():
    code = (
        "import django; django.setup(); from django.test import Client; "
        "r = Client().get('/admin/login/', HTTP_HOST='evil.example.com', "
        "HTTP_X_FORWARDED_PROTO='https'); print(r.status_code)"
    )
    result = run(["-c", code], production_env())
    assert result.stdout.strip().splitlines()[-1] == "400"


def test_debug_is_on_only_when_asked():
    code = "import django; django.setup(); from django.conf import settings; print(settings.DEBUG)"
    env = production_env(DJANGO_SETTINGS_MODULE="config.settings.local", DJANGO_DEBUG="true")
    result = run(["-c", code], env)
    assert result.stdout.strip() == "True", result.stderr


@pytest.mark.parametrize("entry", ["config.wsgi", "config.asgi"])
def test_server_entry_points_default_to_production(entry):
    # A bare `gunicorn config.wsgi:application` must never come up in debug mode.
    env = production_env(DJANGO_SETTINGS_MODULE=None, DJANGO_SECRET_KEY=None)
    result = run(["-c", f"import {entry}"], env)
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr
    code = f"import {entry}; from django.conf import settings; print(settings.DEBUG)"
    result = run(["-c", code], production_env(DJANGO_SETTINGS_MODULE=None))
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False"
