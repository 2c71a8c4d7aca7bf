"""Servers under test: how each is started, and a running one's CPU time, memory and commands.

Both servers get the same treatment: their own free port and temporary directory, no
persistence (`--save "" --appendonly no`), and the same CPUs (taskset) in a core-count step.
"""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
import time
from dataclasses import dataclass

from .machine import free_port, pinned
from .resp import RespConnection, RespError

START_TIMEOUT = 20.0
_CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


@dataclass(frozen=True)
class ServerKind:
    """A server to compare: its name in the table and how to start it."""

    name: str
    binary: str
    takes_shards: bool

    def argv(self, port: int, directory: str, shards: int | None) -> list[str]:
        argv = [self.binary, "--port", str(port), "--bind", "127.0.0.1", "--dir", directory,
                "--save", "", "--appendonly", "no"]
        if self.takes_shards and shards is not None:
            argv += ["--shards", str(shards)]
        return argv


def tessera(binary: str) -> ServerKind:
    return ServerKind(name="tessera", binary=binary, takes_shards=True)


def redis(binary: str = "redis-server") -> ServerKind:
    return ServerKind(name="redis", binary=binary, takes_shards=False)


class ServerFailure(RuntimeError):
    pass


class RunningServer:
    """One started server process. Use as a context manager so it is always stopped."""

    def __init__(self, kind: ServerKind, cpus: tuple[int, ...] | None, shards: int | None):
        self.kind = kind
        self.cpus = cpus
        self.shards = shards
        self.port = 0
        self.pid = 0
        self._process: subprocess.Popen | None = None
        self._directory = ""
        self._connection: RespConnection | None = None

    @property
    def name(self) -> str:
        return self.kind.name

    def __enter__(self) -> RunningServer:
        try:
            self.start()
        except BaseException:
            self.stop()  # a server that never answered must not outlive the benchmark
            raise
        return self

    def __exit__(self, *exc) -> None:
        self.stop()

    def start(self) -> None:
        self._directory = tempfile.mkdtemp(prefix=f"bench-{self.name}-")
        self.port = free_port()
        argv = pinned(self.cpus, self.kind.argv(self.port, self._directory, self.shards))
        with open(os.path.join(self._directory, "server.log"), "wb") as log:
            self._process = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=log,
                                             stderr=subprocess.STDOUT)
        self.pid = self._process.pid
        self._wait_until_ready()

    def stop(self) -> None:
        if self._connection is not None:
            self._connection.close()
            self._connection = None
        if self._process is not None and self._process.poll() is None:
            self._process.send_signal(signal.SIGTERM)
            try:
                self._process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait()
        self._process = None
        if self._directory:
            shutil.rmtree(self._directory, ignore_errors=True)
            self._directory = ""

    def ensure_alive(self) -> None:
        if self._process is None or self._process.poll() is not None:
            raise ServerFailure(f"{self.name} exited (code {self._process and self._process.returncode})"
                                f"; log tail: {self._log_tail()}")

    def call(self, *args: str | bytes):
        return self._client().call(*args)

    def send_counting_line_replies(self, payload: bytes, commands: int) -> int:
        return self._client().send_counting_line_replies(payload, commands)

    def knows(self, command: str) -> bool:
        """Whether COMMAND INFO describes the command (a server without it answers nil)."""
        reply = self.call("COMMAND", "INFO", command)
        return bool(reply) and reply[0] is not None

    def flushall(self) -> None:
        self.call("FLUSHALL")

    def cpu_seconds(self) -> float:
        """utime + stime of the whole process (all threads) so far, from /proc/PID/stat."""
        with open(f"/proc/{self.pid}/stat") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
        # Fields after the command name start at field 3 (state); utime and stime are 14 and 15.
        return (int(fields[11]) + int(fields[12])) / _CLOCK_TICKS

    def rss_bytes(self) -> int:
        with open(f"/proc/{self.pid}/status") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) * 1024
        raise ServerFailure(f"no VmRSS in /proc/{self.pid}/status")

    def used_memory(self) -> int:
        return int(self.info("memory")["used_memory"])

    def info(self, section: str) -> dict[str, str]:
        text = self.call("INFO", section).decode()
        pairs = (line.split(":", 1) for line in text.splitlines() if ":" in line)
        return {key: value.strip() for key, value in pairs}

    def _client(self) -> RespConnection:
        if self._connection is None:
            self._connection = RespConnection(self.port)
        return self._connection

    def _wait_until_ready(self) -> None:
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            self.ensure_alive()
            try:
                if self.call("PING") == "PONG":
                    return
            except (OSError, RespError):
                self._connection = None
            time.sleep(0.05)
        raise ServerFailure(f"{self.name} did not answer PING within {START_TIMEOUT:.0f} s")

    def _log_tail(self) -> str:
        try:
            with open(os.path.join(self._directory, "server.log"), "rb") as log:
                return " / ".join(log.read().decode(errors="replace").strip().splitlines()[-3:]) or "(empty)"
        except OSError:
            return "(no log)"
