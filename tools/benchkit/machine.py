"""The machine's CPUs and how a run divides them: the server on the first k, the load on the rest."""
from __future__ import annotations

import os
import socket
from dataclasses import dataclass


@dataclass(frozen=True)
class CoreSplit:
    """CPUs for the server under test and for the load generator in one core-count step."""

    server: tuple[int, ...]
    load: tuple[int, ...]


def usable_cpus() -> list[int]:
    """The CPUs this process may run on (a container or an outer taskset may restrict them)."""
    return sorted(os.sched_getaffinity(0))


def default_core_counts(cpus: list[int]) -> list[int]:
    """1 .. cores-1, so at least one CPU is always left to the load generator."""
    return list(range(1, len(cpus))) or [1]


def split_cores(cpus: list[int], server_cores: int) -> CoreSplit:
    """The server gets the first `server_cores` CPUs and the load generator all the others.

    On a one-CPU machine both share the CPU: the figures are then only a smoke test."""
    if server_cores < 1 or server_cores > len(cpus):
        raise ValueError(f"cannot give {server_cores} cores to the server on {len(cpus)} CPUs")
    load = cpus[server_cores:] or cpus[-1:]
    return CoreSplit(server=tuple(cpus[:server_cores]), load=tuple(load))


def pinned(cpus: tuple[int, ...] | None, argv: list[str]) -> list[str]:
    """`argv` run under taskset on `cpus` (taskset execs, so the pid stays the program's own)."""
    if cpus is None:
        return argv
    return ["taskset", "-c", ",".join(str(cpu) for cpu in cpus), *argv]


def free_port() -> int:
    """A TCP port nobody listens on now (the kernel's pick for an ephemeral bind)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]
