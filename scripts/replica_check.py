"""Check the read-replica routing against a real PostgreSQL streaming replica on this host.

Starts a throwaway primary and a standby cloned from it by ``pg_basebackup`` (PostgreSQL's own
server binaries, two free ports on 127.0.0.1, a temporary folder), migrates the primary and
ingests a corpus into it (the seeds by default), then runs the web side with
``DATABASE_REPLICA_URL`` pointing at the standby and checks, as a client of the API and pages:

- the read requests' queries all go to the standby, none to the primary;
- a read inside a transaction stays on the primary;
- an editor's PATCH writes only to the primary, and the standby shows it once replayed;
- the standby refuses writes.

One line per check, then stops both servers and removes the folder; exits 1 if a check fails.

    .venv/bin/python scripts/replica_check.py [--corpus ../shared/seeds]

Run as root, the servers run as the ``postgres`` user (``--os-user``).
"""

from __future__ import annotations

import argparse
import glob
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent

# Runs inside ``manage.py shell`` with DATABASE_REPLICA_URL set; prints one JSON line.
CHECKS = r"""
import json, time
from django.contrib.auth import get_user_model
from django.db import connections, transaction
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient
from apps.events.models import Event

WRITES = ("INSERT", "UPDATE", "DELETE")
out = {}
client = APIClient(HTTP_HOST="127.0.0.1")
reads = ["/api/v1/events/", "/api/v1/actors/", "/api/v1/articles/?q=ceasefire", "/events/",
         "/actors/", "/agreements/"]
with CaptureQueriesContext(connections["default"]) as primary, \
        CaptureQueriesContext(connections["replica"]) as replica:
    statuses = [client.get(url).status_code for url in reads]
out["reads"] = {"statuses": statuses, "primary": len(primary), "replica": len(replica)}

with CaptureQueriesContext(connections["default"]) as primary, \
        CaptureQueriesContext(connections["replica"]) as replica:
    with transaction.atomic():
        Event.objects.count()
out["read_in_transaction"] = {"primary": len(primary), "replica": len(replica)}

editor = get_user_model().objects.create_superuser("replica-check", password="unused-here")
client.force_authenticate(editor)
event = Event.objects.using("default").order_by("pk").first()
new_date = "2001-02-03" if str(event.date) != "2001-02-03" else "2001-02-04"
with CaptureQueriesContext(connections["default"]) as primary, \
        CaptureQueriesContext(connections["replica"]) as replica:
    status = client.patch(f"/api/v1/events/{event.pk}/", {"date": new_date}, format="json")
out["patch"] = {
    "status": status.status_code,
    "primary_writes": sum(q["sql"].lstrip().upper().startswith(WRITES) for q in primary),
    "replica_writes": sum(q["sql"].lstrip().upper().startswith(WRITES) for q in replica),
}
began = time.monotonic()
seen = None
while time.monotonic() - began < 30:
    seen = str(Event.objects.using("replica").get(pk=event.pk).date)
    if seen == new_date:
        break
    time.sleep(0.05)
out["replayed"] = {"date": seen, "wanted": new_date, "seconds": round(time.monotonic() - began, 3)}

try:
    with connections["replica"].cursor() as cursor:
        cursor.execute("CREATE TABLE replica_check_probe (id int)")
    out["standby_refuses_writes"] = None
except Exception as err:
    out["standby_refuses_writes"] = str(err).splitlines()[0]
with connections["replica"].cursor() as cursor:
    cursor.execute("SELECT pg_is_in_recovery()")
    out["replica_in_recovery"] = cursor.fetchone()[0]
print(json.dumps(out))
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def server_bin(name: str, given: str | None) -> str:
    if given:
        return str(Path(given) / name)
    found = shutil.which(name) or max(
        glob.glob(f"/usr/lib/postgresql/*/bin/{name}"),
        key=lambda p: int(p.split("/")[4]) if p.split("/")[4].isdigit() else 0,
        default=None,
    )
    if not found:
        raise SystemExit(f"replica check: PostgreSQL's {name} was not found (give --pg-bin)")
    return found


class Cluster:
    """One throwaway PostgreSQL server in ``folder``, listening on 127.0.0.1:``port``."""

    def __init__(self, folder: Path, port: int, bindir: str | None, as_user: list[str]):
        self.folder, self.port, self.bindir, self.as_user = folder, port, bindir, as_user

    def run(self, name: str, *args: str) -> None:
        command = [*self.as_user, server_bin(name, self.bindir), *args]
        done = subprocess.run(command, capture_output=True, text=True)
        if done.returncode:
            raise SystemExit(
                f"replica check: {name} failed: {done.stderr.strip().splitlines()[-1:]}"
            )

    def start(self) -> None:
        options = (
            f"-p {self.port} -c listen_addresses=127.0.0.1 -k {self.folder.parent} "
            "-c fsync=off -c wal_level=replica -c max_wal_senders=4 -c hot_standby=on"
        )
        self.run("pg_ctl", "-D", str(self.folder), "-o", options, "-l", f"{self.folder}.log",
                 "-w", "-t", "60", "start")  # fmt: skip

    def stop(self) -> None:
        command = [*self.as_user, server_bin("pg_ctl", self.bindir), "-D", str(self.folder),
                   "-m", "immediate", "-w", "stop"]  # fmt: skip
        subprocess.run(command, capture_output=True)

    def url(self, database: str) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{database}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=REPO.parent / "shared" / "seeds")
    parser.add_argument("--pg-bin", help="folder of PostgreSQL's server binaries")
    parser.add_argument("--os-user", default="postgres", help="who runs the servers under root")
    args = parser.parse_args()
    as_user = ["runuser", "-u", args.os_user, "--"] if os.geteuid() == 0 else []
    work = Path(tempfile.mkdtemp(prefix="replica-check-"))
    if as_user:
        shutil.chown(work, user=args.os_user)
    primary = Cluster(work / "primary", free_port(), args.pg_bin, as_user)
    standby = Cluster(work / "standby", free_port(), args.pg_bin, as_user)
    started = []
    try:
        primary.run("initdb", "-D", str(primary.folder), "-U", "postgres", "-A", "trust",
                    "--no-sync")  # fmt: skip
        primary.start()
        started.append(primary)
        primary.run(
            "createdb", "-h", "127.0.0.1", "-p", str(primary.port), "-U", "postgres", "idlib"
        )
        primary.run("pg_basebackup", "-h", "127.0.0.1", "-p", str(primary.port), "-U", "postgres",
                    "-D", str(standby.folder), "-R", "-X", "stream", "--no-sync")  # fmt: skip
        standby.start()
        started.append(standby)

        unset = ("CELERY_BROKER_URL", "CACHE_URL", "DATABASE_REPLICA_URL")
        env = {k: v for k, v in os.environ.items() if k not in unset}
        env.update(
            DATABASE_URL=primary.url("idlib"), DJANGO_SETTINGS_MODULE="config.settings.local"
        )
        manage = [sys.executable, "manage.py"]
        subprocess.run([*manage, "migrate", "--noinput", "-v0"], cwd=REPO, env=env, check=True)
        ingest = subprocess.run([*manage, "ingest", "--no-progress", str(args.corpus)], cwd=REPO,
                                env=env, capture_output=True, text=True)  # fmt: skip
        print(f"ingested into the primary: {ingest.stdout.strip().splitlines()[-1:]}")
        env["DATABASE_REPLICA_URL"] = standby.url("idlib")
        shell = subprocess.run([*manage, "shell", "-v0", "-c", CHECKS], cwd=REPO, env=env,
                               capture_output=True, text=True)  # fmt: skip
        if shell.returncode:
            print(shell.stderr.strip().splitlines()[-1] if shell.stderr.strip() else "shell failed")
            return 1
        found = json.loads(shell.stdout.strip().splitlines()[-1])
    finally:
        for cluster in reversed(started):
            cluster.stop()
        shutil.rmtree(work, ignore_errors=True)

    reads, inside, patch = found["reads"], found["read_in_transaction"], found["patch"]
    checks = [
        ("the standby is a streaming replica in recovery", found["replica_in_recovery"] is True),
        (
            f"read requests answered {reads['statuses']}: {reads['replica']} queries on the "
            f"standby, {reads['primary']} on the primary",
            set(reads["statuses"]) == {200} and reads["replica"] > 0 and reads["primary"] == 0,
        ),
        (
            f"a read inside a transaction: {inside['primary']} on the primary, "
            f"{inside['replica']} on the standby",
            inside["primary"] > 0 and inside["replica"] == 0,
        ),
        (
            f"an editor's PATCH answered {patch['status']}: {patch['primary_writes']} writes on the "
            f"primary, {patch['replica_writes']} on the standby",
            patch["status"] == 200 and patch["primary_writes"] > 0 and patch["replica_writes"] == 0,
        ),
        (
            f"the standby shows the edit after {found['replayed']['seconds']} s",
            found["replayed"]["date"] == found["replayed"]["wanted"],
        ),
        (
            f"the standby refuses writes: {found['standby_refuses_writes']}",
            bool(found["standby_refuses_writes"])
            and "read-only" in found["standby_refuses_writes"],
        ),
    ]
    for text, passed in checks:
        print(f"{'ok  ' if passed else 'FAIL'} {text}")
    return 0 if all(passed for _, passed in checks) else 1


if __name__ == "__main__":
    sys.exit(main())
