"""The Makefile builds the virtualenv once, even when `make demo` and `make test` start together.

A stand-in Python makes a fake virtualenv whose pip logs when it starts and ends, slowly, so two
builds at once would overlap in the log.
"""

import shutil
import subprocess
import textwrap
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent.parent

pytestmark = pytest.mark.skipif(
    not (shutil.which("make") and shutil.which("flock")), reason="needs make and flock"
)

FAKE_PYTHON = textwrap.dedent(
    """\
    #!/bin/sh
    # Only `python -m venv DIR`: a venv whose pip logs its runs to DIR/../pip.log
    [ "$1" = "-m" ] && [ "$2" = "venv" ] || exit 2
    mkdir -p "$3/bin"
    cat > "$3/bin/pip" <<'PIP'
    #!/bin/sh
    log="$(dirname "$0")/../../pip.log"
    echo "start $*" >> "$log"
    sleep 0.4
    touch "$(dirname "$0")/django-admin" && chmod +x "$(dirname "$0")/django-admin"
    echo "end" >> "$log"
    PIP
    chmod +x "$3/bin/pip"
    """
)


@pytest.fixture
def fake(tmp_path):
    python = tmp_path / "python"
    python.write_text(FAKE_PYTHON)
    python.chmod(0o755)
    return tmp_path


def make(fake: Path, target: str) -> subprocess.Popen:
    venv = fake / "venv"
    return subprocess.Popen(
        ["make", "-s", "-f", str(REPO / "Makefile"), f"VENV={venv}", f"PYTHON={fake / 'python'}"]
        + [target],
        cwd=fake,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def test_two_makes_at_once_build_the_venv_once(fake):
    ready = str(fake / "venv" / ".ready")
    runs = [make(fake, ready) for _ in range(3)]
    outputs = [run.communicate(timeout=60)[0] for run in runs]
    assert [run.returncode for run in runs] == [0, 0, 0], outputs
    log = (fake / "pip.log").read_text().splitlines()
    # one build: pip upgraded, then the project installed, one after the other
    assert log == [
        "start install --quiet --upgrade pip",
        "end",
        "start install --quiet -e .[dev]",
        "end",
    ]
    assert (fake / "venv" / ".ready").exists()


def test_a_venv_from_before_the_ready_mark_is_adopted_without_a_build(fake):
    (fake / "venv" / "bin").mkdir(parents=True)
    admin = fake / "venv" / "bin" / "django-admin"
    admin.write_text("#!/bin/sh\n")
    admin.chmod(0o755)
    run = make(fake, str(fake / "venv" / ".ready"))
    assert run.communicate(timeout=60) and run.returncode == 0
    assert not (fake / "pip.log").exists()
    assert (fake / "venv" / ".ready").exists()


def test_install_builds_again_when_asked(fake):
    for _ in range(2):
        run = make(fake, "install")
        assert run.communicate(timeout=60) and run.returncode == 0
    assert (fake / "pip.log").read_text().count("start") == 4


def test_a_venv_whose_build_failed_is_built_again(fake):
    (fake / "venv" / "bin").mkdir(parents=True)
    admin = fake / "venv" / "bin" / "django-admin"
    admin.write_text("#!/bin/sh\n")
    admin.chmod(0o755)
    (fake / "venv" / ".building").touch()  # a build that stopped after Django was installed
    run = make(fake, str(fake / "venv" / ".ready"))
    assert run.communicate(timeout=60) and run.returncode == 0
    assert (fake / "pip.log").read_text().count("start") == 2
    assert (fake / "venv" / ".ready").exists() and not (fake / "venv" / ".building").exists()
