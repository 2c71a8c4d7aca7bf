"""The sweep: for each core count, both servers pinned to the same CPUs, every workload on
each, in alternating rounds (A B A B ...) so drift on a shared machine hits both alike."""
from __future__ import annotations

from contextlib import ExitStack
from dataclasses import dataclass
from typing import Callable

from .loader import load, set_strings
from .machine import split_cores
from .measurement import Measurement, median_of
from .outcome import RUN_ERRORS, Outcome
from .runners import Target
from .servers import RunningServer, ServerKind
from .workloads import Workload


@dataclass(frozen=True)
class SweepPlan:
    cpus: list[int]
    core_counts: list[int]
    workloads: tuple[Workload, ...]
    repeat: int
    seconds: float
    # Set by --smoke: every run is this many requests, no calibration.
    fixed_requests: int | None = None


@dataclass
class ResultRow:
    workload: Workload
    server: str
    cores: int
    median: Measurement
    runs: list[Measurement]

    def to_dict(self) -> dict:
        w = self.workload
        return {"workload": w.name, "tool": w.tool, "args": list(w.args), "mix": w.mix,
                "connections": w.connections, "pipeline": w.pipeline, "keyspace": w.keyspace,
                "value_size": w.value_size, "server": self.server, "cores": self.cores,
                "median": self.median.to_dict(), "runs": [run.to_dict() for run in self.runs]}


def run_sweep(plan: SweepPlan, kinds: list[ServerKind], runners: dict,
              log: Callable[[str], None]) -> Outcome:
    outcome = Outcome()
    for cores in plan.core_counts:
        step = _CoreStep(plan, cores, runners, outcome, log)
        log(f"== {cores} core(s): servers on CPUs {_cpus(step.split.server)}, "
            f"load on CPUs {_cpus(step.split.load)}")
        try:
            with ExitStack() as stack:
                servers = [stack.enter_context(RunningServer(kind, step.split.server, shards=cores))
                           for kind in kinds]
                for workload in plan.workloads:
                    step.run_workload(workload, servers)
        except RUN_ERRORS as error:
            outcome.failures.append(f"{cores} core(s): {error}")
            log(f"FAILED: {error}")
    return outcome


class _CoreStep:
    """One core count: every server running on the same CPUs, the load on the others."""

    def __init__(self, plan: SweepPlan, cores: int, runners: dict, outcome: Outcome,
                 log: Callable[[str], None]):
        self.plan = plan
        self.cores = cores
        self.split = split_cores(plan.cpus, cores)
        self.runners = runners
        self.outcome = outcome
        self.log = log
        self.dead: set[str] = set()

    def run_workload(self, workload: Workload, servers: list[RunningServer]) -> None:
        active = [server for server in servers if self._can_run(workload, server)]
        try:
            lengths = self._prepare(workload, active)
            runs = self._alternate(workload, lengths)
        finally:
            for server in servers:
                _flush_quietly(server)
        for server in active:
            if runs.get(server.name):
                self.outcome.rows.append(ResultRow(workload, server.name, self.cores,
                                                   median_of(runs[server.name]), runs[server.name]))

    def _can_run(self, workload: Workload, server: RunningServer) -> bool:
        """False for a server that lacks a command the workload needs (a note) or that has
        died (one failure, the first time)."""
        if server.name in self.dead:
            return False
        try:
            server.ensure_alive()
            missing = [command.upper() for command in workload.needs if not server.knows(command)]
        except RUN_ERRORS as error:
            self.dead.add(server.name)
            self._fail(workload, server, error)
            return False
        if missing:
            note = f"{workload.name} skipped on {server.name}: COMMAND INFO {', '.join(missing)} is nil"
            if note not in self.outcome.notes:
                self.outcome.notes.append(note)
            self.log(f"   {note}")
        return not missing

    def _prepare(self, workload: Workload, servers: list[RunningServer]) -> dict:
        """Empties each server, loads the workload's keys, and finds each one's run length."""
        lengths = {}
        runner = self.runners[workload.tool]
        for server in servers:
            try:
                server.flushall()
                if workload.preload:
                    load(server, workload.preload.keys, set_strings(workload.preload.value_size))
                lengths[server] = runner.length(workload, Target(server, self.split.load),
                                                self.plan.seconds, self.plan.fixed_requests)
            except RUN_ERRORS as error:
                self._fail(workload, server, error)
        return lengths

    def _alternate(self, workload: Workload, lengths: dict) -> dict[str, list[Measurement]]:
        """plan.repeat rounds, each running every server once in turn; a server that fails
        leaves the rotation."""
        runner = self.runners[workload.tool]
        runs = {server.name: [] for server in lengths}
        for round_number in range(1, self.plan.repeat + 1):
            for server, length in list(lengths.items()):
                try:
                    measurement = runner.run(workload, Target(server, self.split.load), length)
                except RUN_ERRORS as error:
                    self._fail(workload, server, error)
                    del lengths[server]
                    continue
                runs[server.name].append(measurement)
                self.log(f"   {workload.name:<20} {server.name:<8} round {round_number}/{self.plan.repeat}:"
                         f" {measurement.rps:>12,.0f} req/s {measurement.server_cpu_us_per_request:7.2f} us/req")
        return runs

    def _fail(self, workload: Workload, server: RunningServer, error: Exception) -> None:
        message = f"{workload.name} on {server.name} at {self.cores} core(s): {error}"
        self.outcome.failures.append(message)
        self.log(f"   FAILED: {message}")


def _flush_quietly(server: RunningServer) -> None:
    try:
        server.flushall()
    except Exception:  # a dead server is reported by the run that found it
        pass


def _cpus(cpus: tuple[int, ...]) -> str:
    return ",".join(str(cpu) for cpu in cpus)
