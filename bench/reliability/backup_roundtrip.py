"""Back up a PostgreSQL database with export_all, restore it into a new empty database with
import_all, export that again and compare the two files byte for byte.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/idlib_rel \
        .venv/bin/python -m bench.reliability.backup_roundtrip

The restore database is DATABASE_URL's name with ``_restore`` appended; it is dropped and
created again on every run.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from bench.common import REPO


def manage(*args: str, url: str) -> str:
    env = {**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "config.settings.local"}
    env.pop("CELERY_BROKER_URL", None)
    result = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=REPO, env=env, capture_output=True, text=True
    )
    if result.returncode:
        sys.exit(f"manage.py {' '.join(args)} failed: {result.stderr.strip()[-500:]}")
    return result.stdout


def main() -> int:
    source = os.environ.get("DATABASE_URL", "")
    if not source.startswith("postgres"):
        sys.exit("set DATABASE_URL to the PostgreSQL database to back up")
    parts = urlsplit(source)
    name = parts.path.lstrip("/") + "_restore"
    target = urlunsplit(parts._replace(path="/" + name))
    admin = urlunsplit(parts._replace(path="/postgres"))
    subprocess.run(["psql", admin, "-qc", f'DROP DATABASE IF EXISTS "{name}"'], check=True)
    subprocess.run(["psql", admin, "-qc", f'CREATE DATABASE "{name}"'], check=True)
    with tempfile.TemporaryDirectory() as tmp:
        first, second = Path(tmp) / "first.jsonl", Path(tmp) / "second.jsonl"
        manage("export_all", str(first), url=source)
        manage("migrate", "--noinput", "-v0", url=target)
        manage("import_all", str(first), url=target)
        manage("export_all", str(second), url=target)
        rows = Counter(json.loads(line)["model"] for line in first.open(encoding="utf-8"))
        identical = first.read_bytes() == second.read_bytes()
        for model, count in sorted(rows.items()):
            print(f"{model:40} {count}")
        print(
            f"rows={sum(rows.values())} models={len(rows)} bytes={first.stat().st_size} "
            f"re-export identical={identical}"
        )
    return 0 if identical else 1


if __name__ == "__main__":
    raise SystemExit(main())
