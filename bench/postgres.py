"""The PostgreSQL server under a benchmark: a fresh database, statistics kept as autovacuum
would, and the CPU the server spends."""

from __future__ import annotations

import subprocess
import threading
from pathlib import Path
from urllib.parse import urlparse

from bench.processes import cpu_seconds, family_cpu_seconds, process_cpu_seconds


def recreate_database(url: str) -> None:
    """Drop the database ``url`` names and create it again, empty."""
    import psycopg

    parsed = urlparse(url)
    name = parsed.path.lstrip("/")
    admin = parsed._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


class AnalyzeLikeAutovacuum:
    """Table statistics as stock PostgreSQL keeps them, on a server whose autovacuum is off.

    Stock PostgreSQL's autovacuum analyzes a table once more than 50 rows + 10% of it changed
    since the last analysis, looking every minute. A server run with ``autovacuum = off``
    (a CI configuration may do that) never has statistics for tables created
    empty, and as they grow the planner turns lookups such as ``event_id IN (...)`` into
    sequential scans: the cost per article would then grow with the database because of the
    server's configuration, not the code. ``check()`` does what autovacuum would; it does
    nothing when the server's own autovacuum is on.
    """

    THRESHOLD, SCALE = 50, 0.1

    def __init__(self, url: str) -> None:
        import psycopg

        self.conn = psycopg.connect(url, autocommit=True)
        self.active = self.conn.execute("SHOW autovacuum").fetchone()[0] == "off"
        self.analyzed = 0

    def check(self) -> None:
        if not self.active:
            return
        due = self.conn.execute(
            "SELECT relname FROM pg_stat_user_tables WHERE n_mod_since_analyze > %s + %s * n_live_tup",
            (self.THRESHOLD, self.SCALE),
        ).fetchall()
        for (table,) in due:
            self.conn.execute(f'ANALYZE "{table}"')
            self.analyzed += 1

    def every(self, seconds: float, stop: threading.Event) -> threading.Thread:
        """Check every ``seconds`` (autovacuum's naptime is 60) until ``stop`` is set."""

        def loop():
            while not stop.wait(seconds):
                self.check()

        thread = threading.Thread(target=loop, daemon=True)
        thread.start()
        return thread

    def close(self) -> None:
        self.conn.close()


def _postmaster(data_dir: str) -> int | None:
    """The server's main process id, from its data directory; None if it cannot be read."""
    try:
        return int((Path(data_dir) / "postmaster.pid").read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return None


def postgres_cpu_seconds(url: str) -> float | None:
    """CPU of the whole PostgreSQL server so far: its main process, its live processes, and
    every process that has ended, such as a closed connection's. None when the server is not
    on this host."""
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        data = conn.execute("SHOW data_directory").fetchone()[0]
    postmaster = _postmaster(data)
    if postmaster is None:
        return None
    out = subprocess.run(["ps", "-o", "pid=", "--ppid", str(postmaster)], capture_output=True)
    return family_cpu_seconds(postmaster, [int(pid) for pid in out.stdout.split()])


AUXILIARY = (
    "checkpointer",
    "background writer",
    "walwriter",
    "autovacuum",
    "logical replication",
    "stats collector",
)


def auxiliary_pids(postmaster: int) -> list[int]:
    """The server's own background processes (not client backends)."""
    out = subprocess.run(
        ["ps", "-o", "pid=,args=", "--ppid", str(postmaster)], capture_output=True, text=True
    )
    pids = []
    for line in out.stdout.splitlines():
        pid, _, args = line.strip().partition(" ")
        if any(name in args for name in AUXILIARY):
            pids.append(int(pid))
    return pids


class ServerCpu:
    """CPU the PostgreSQL server spends for one Django connection: its backend and the
    server's background work."""

    def __init__(self, connection, *, also: tuple[int, ...] = ()) -> None:
        self.backend = self.postmaster = None
        self.also = also  # other backends working for the benchmark (statistics)
        if connection.vendor != "postgresql":
            return
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid(), current_setting('data_directory')")
            backend, data_dir = cursor.fetchone()
        if process_cpu_seconds(backend) is None:
            print("note: the PostgreSQL server is not on this host; its CPU is not counted")
            return
        self.backend = backend
        self.postmaster = _postmaster(data_dir)
        if self.postmaster is None:
            print("note: cannot read postmaster.pid; server background CPU not counted")

    def sample(self) -> tuple[float, float]:
        """CPU seconds so far of (the backend, the background processes)."""
        if self.backend is None:
            return 0.0, 0.0
        background = cpu_seconds(self.also)
        if self.postmaster is not None:
            background += cpu_seconds(auxiliary_pids(self.postmaster))
        return process_cpu_seconds(self.backend) or 0.0, background
