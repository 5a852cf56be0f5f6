"""CPU and memory of processes on this host, read from /proc (Linux)."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

TICK = os.sysconf("SC_CLK_TCK")


def tree_pids(root: int) -> list[int]:
    """A process and all its descendants, the root first."""
    out = subprocess.run(["ps", "-o", "pid=", "--ppid", str(root)], capture_output=True, text=True)
    children = [int(p) for p in out.stdout.split()]
    return [root] + [pid for child in children for pid in tree_pids(child)]


def _stat_fields(pid: int) -> list[str] | None:
    """The fields of /proc/PID/stat after the command name; None if /proc cannot tell."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None


def process_cpu_seconds(pid: int) -> float | None:
    """User + system CPU seconds of a process so far; None if /proc cannot tell."""
    fields = _stat_fields(pid)
    if fields is None:
        return None
    return (int(fields[11]) + int(fields[12])) / TICK  # utime, stime


def cpu_seconds(pids) -> float:
    """User + system CPU seconds the processes have used so far (gone ones count 0)."""
    return sum(process_cpu_seconds(pid) or 0.0 for pid in pids)


def family_cpu_seconds(parent: int, children) -> float | None:
    """CPU of a parent process so far, with its live ``children`` and (counted by the parent,
    which waited for them) every child that has ended; None if /proc cannot tell."""
    fields = _stat_fields(parent)
    if fields is None:
        return None
    own = sum(int(f) for f in fields[11:15]) / TICK  # utime, stime, cutime, cstime
    return own + cpu_seconds(children)


def _status_kb(pid: int, key: str) -> int | None:
    """A memory figure of /proc/PID/status ("VmRSS", "VmHWM"), in kB; None if it is gone."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(key + ":"):
                return int(line.split()[1])
    except OSError:
        return None
    return None


def rss_mb(pid: int) -> float | None:
    """Resident set of a process now (VmRSS), in MB."""
    kb = _status_kb(pid, "VmRSS")
    return None if kb is None else kb / 1024


def peak_rss_mb(pids: list[int]) -> float:
    """Largest peak resident set (VmHWM) among the processes, in MB."""
    return max((_status_kb(pid, "VmHWM") or 0 for pid in pids), default=0) / 1024


def redis_pids() -> list[int]:
    out = subprocess.run(["ps", "-C", "redis-server", "-o", "pid="], capture_output=True, text=True)
    return [int(pid) for pid in out.stdout.split()]
