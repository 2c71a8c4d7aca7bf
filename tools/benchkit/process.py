"""Runs a load-generator process to completion and accounts for the CPU it used.

os.wait4 gives the child's own rusage, so the load generator's CPU use is exact without
sampling /proc while it runs; a pidfd lets the wait have a timeout without polling.
"""
from __future__ import annotations

import os
import select
import subprocess
import tempfile
import time
from dataclasses import dataclass


@dataclass(frozen=True)
class ChildResult:
    argv: list[str]
    exit_code: int
    stdout: str
    stderr: str
    wall_seconds: float
    cpu_seconds: float

    @property
    def cpu_percent(self) -> float:
        """CPU use as a percentage of one core over the child's lifetime."""
        return 100.0 * self.cpu_seconds / self.wall_seconds if self.wall_seconds > 0 else 0.0

    def describe_failure(self) -> str:
        tail = (self.stderr.strip() or self.stdout.strip()).splitlines()[-3:]
        return f"exit {self.exit_code}: {' / '.join(tail) or 'no output'} ({' '.join(self.argv)})"


class ChildTimeout(RuntimeError):
    pass


def run_child(argv: list[str], timeout: float) -> ChildResult:
    """Runs argv, waits at most `timeout` seconds (then kills it and raises ChildTimeout)."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started = time.monotonic()
        child = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=out, stderr=err)
        status, usage = _wait(child, timeout)
        wall = time.monotonic() - started
        child.returncode = os.waitstatus_to_exitcode(status)
        return ChildResult(
            argv=argv,
            exit_code=child.returncode,
            stdout=_read(out),
            stderr=_read(err),
            wall_seconds=wall,
            cpu_seconds=usage.ru_utime + usage.ru_stime,
        )


def _wait(child: subprocess.Popen, timeout: float):
    pidfd = os.pidfd_open(child.pid)
    try:
        ready, _, _ = select.select([pidfd], [], [], timeout)
        if not ready:
            child.kill()
            os.wait4(child.pid, 0)
            child.returncode = -9
            raise ChildTimeout(f"killed after {timeout:.0f} s: {' '.join(child.args)}")
        _, status, usage = os.wait4(child.pid, 0)
        return status, usage
    finally:
        os.close(pidfd)


def _read(file) -> str:
    file.seek(0)
    return file.read().decode("utf-8", errors="replace")
