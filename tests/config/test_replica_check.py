"""scripts/replica_check.py against a real streaming replica: PostgreSQL runs only."""

import os
import shutil
import subprocess
import sys
from glob import glob
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent.parent
SERVER_BINARIES = shutil.which("initdb") or glob("/usr/lib/postgresql/*/bin/initdb")

pytestmark = [
    pytest.mark.skipif(
        not os.environ.get("DATABASE_URL", "").startswith("postgres"),
        reason="the PostgreSQL run checks the replica",
    ),
    pytest.mark.skipif(not SERVER_BINARIES, reason="PostgreSQL's server binaries are not here"),
    pytest.mark.skipif(
        os.geteuid() == 0 and not shutil.which("runuser"), reason="root without runuser"
    ),
]


def test_reads_go_to_the_standby_and_writes_to_the_primary(seeds_dir):
    done = subprocess.run(
        [sys.executable, "scripts/replica_check.py", "--corpus", str(seeds_dir)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=600,
    )
    lines = done.stdout.splitlines()
    assert done.returncode == 0, done.stdout + done.stderr
    assert "5 created" in lines[0]
    checks = [line for line in lines if line.startswith(("ok", "FAIL"))]
    assert len(checks) == 6 and all(line.startswith("ok") for line in checks), done.stdout
