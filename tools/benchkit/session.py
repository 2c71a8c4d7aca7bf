"""One invocation of tools/bench: runs the chosen parts, prints their tables, and writes
table.md, results.json and the chart to the output directory."""
from __future__ import annotations

import datetime
import os
import platform
from dataclasses import asdict, dataclass
from typing import Callable

from . import report
from .chart import ChartUnavailable, draw_scaling_chart
from .loadgen_check import CheckPlan, run_loadgen_check
from .memory import run_memory
from .outcome import Outcome
from .prerequisites import git_revision, redis_version
from .runners import runners_for
from .servers import redis, tessera
from .sweep import SweepPlan, run_sweep
from .workloads import TESSERA_LOAD, Workload


@dataclass(frozen=True)
class Parts:
    sweep: bool
    memory: bool
    check_loadgen: bool


@dataclass(frozen=True)
class SessionSettings:
    parts: Parts
    cpus: list[int]
    core_counts: list[int]
    workloads: tuple[Workload, ...]
    repeat: int
    # --check-loadgen's rounds: a verdict on the median of paired ratios needs more rounds
    # than a table's median to outvote the rounds that noise spoils.
    check_repeat: int
    seconds: float
    fixed_requests: int | None
    memory_scale: float
    max_keys: int | None
    tessera_server: str
    tessera_load: str
    redis_server: str
    redis_benchmark: str
    out: str
    repository: str
    mode: str

    @property
    def needs_tessera_load(self) -> bool:
        return self.parts.check_loadgen or (
            self.parts.sweep and any(w.tool == TESSERA_LOAD for w in self.workloads))


class Session:
    def __init__(self, settings: SessionSettings, log: Callable[[str], None]):
        self.settings = settings
        self.log = log
        self.kinds = [tessera(settings.tessera_server), redis(settings.redis_server)]
        self.runners = runners_for(settings.tessera_load, settings.redis_benchmark)
        self.sections: list[tuple[str, str]] = []
        self.document = self._describe_run()
        self.notes: list[str] = []
        self.failures: list[str] = []
        if not self.document["redis_version"].startswith("7.0."):
            self.notes.append(f"the reference is Redis {self.document['redis_version']}, not 7.0 "
                              "(--redis-server chooses the binary)")

    def run(self) -> bool:
        """Runs every chosen part; True when nothing failed to run."""
        parts = self.settings.parts
        has_load = self._has_tessera_load()
        if parts.sweep:
            self._sweep(has_load)
        if parts.memory:
            self._memory()
        if parts.check_loadgen and has_load:
            self._check_loadgen()
        self._finish()
        return not self.failures

    def _has_tessera_load(self) -> bool:
        """Whether tessera-load is there; if a chosen part needs it and it is missing, that is
        one failure, and the rest runs without it."""
        path = self.settings.tessera_load
        if not self.settings.needs_tessera_load or os.access(path, os.X_OK):
            return True
        self.failures.append(f"tessera-load not found at {path} (build it, or pass --tessera-load):"
                             " its workloads and --check-loadgen did not run")
        self.log(f"FAILED: {self.failures[-1]}")
        return False

    def _sweep(self, has_load: bool) -> None:
        s = self.settings
        workloads = tuple(w for w in s.workloads if has_load or w.tool != TESSERA_LOAD)
        self.log(f"sweep: cores {s.core_counts}, {len(workloads)} workloads, {s.repeat} round(s)")
        plan = SweepPlan(cpus=s.cpus, core_counts=s.core_counts, workloads=workloads,
                         repeat=s.repeat, seconds=s.seconds, fixed_requests=s.fixed_requests)
        outcome = run_sweep(plan, self.kinds, self.runners, self.log)
        if outcome.rows:
            self.sections.append((f"Throughput and latency ({self._run_shape()})",
                                  report.sweep_table(outcome.rows)))
            self.sections.append(("Scaling", report.scaling_table(outcome.rows)))
            self._chart(outcome)
        self._record("sweep", outcome)

    def _chart(self, outcome: Outcome) -> None:
        path = os.path.join(self.settings.out, "scaling.png")
        os.makedirs(self.settings.out, exist_ok=True)
        try:
            draw_scaling_chart(outcome.rows, path)
            self.document["chart"] = path
        except ChartUnavailable as error:
            outcome.failures.append(f"chart: {error}")

    def _memory(self) -> None:
        self.log("memory: one server at a time, unpinned")
        outcome = run_memory(self.kinds, self.settings.memory_scale, self.log)
        if outcome.rows:
            self.sections.append(("Memory", report.memory_table(outcome.rows)))
        self._record("memory", outcome)

    def _check_loadgen(self) -> None:
        s = self.settings
        self.log("check-loadgen: redis-benchmark and tessera-load, alternating, same server")
        plan = CheckPlan(cpus=s.cpus, repeat=s.check_repeat, seconds=s.seconds,
                         fixed_requests=s.fixed_requests, max_keys=s.max_keys)
        outcome = run_loadgen_check(plan, self.kinds, self.runners, self.log)
        if outcome.rows:
            self.sections.append((f"Load generator check ({self._run_shape()})",
                                  report.loadgen_check_table(outcome.rows)))
        self._record("loadgen_check", outcome)

    def _record(self, part: str, outcome: Outcome) -> None:
        self.document[part] = {"rows": [row.to_dict() for row in outcome.rows],
                               "notes": outcome.notes, "failures": outcome.failures}
        self.failures += outcome.failures
        self.notes += outcome.notes

    def _finish(self) -> None:
        self._note_busy_machine()
        sections = list(self.sections)
        if self.notes:
            sections.append(("Notes", "\n".join(f"- {note}" for note in self.notes)))
        if self.failures:
            sections.append(("Failures", "\n".join(f"- {failure}" for failure in self.failures)))
        report.write_outputs(self.settings.out, sections, self.document)
        print(self._headline())
        for title, table in sections:
            print(f"\n## {title}\n\n{table}")
        print(f"\nwritten to {self.settings.out}/ (table.md, results.json"
              + (", scaling.png)" if "chart" in self.document else ")"))

    def _note_busy_machine(self) -> None:
        """Other processes on the benchmark's CPUs make every figure noisy; say so. The
        benchmark alone keeps at most every CPU busy, so a load above that is someone else's."""
        load = os.getloadavg()[1]
        self.document["machine"]["load_average_5min_at_end"] = load
        if load > 1.25 * len(self.settings.cpus):
            self.notes.append(f"the 5-minute load average was {load:.1f} on {len(self.settings.cpus)} CPUs"
                              " at the end: other processes competed for the CPUs, so absolute figures"
                              " are low and noisy (ratios from alternating rounds hold up better)")

    def _headline(self) -> str:
        d = self.document
        return (f"Tessera {d['tessera_revision']} vs Redis {d['redis_version']} on "
                f"{len(self.settings.cpus)} CPUs ({d['mode']} run)")

    def _run_shape(self) -> str:
        s = self.settings
        length = f"{s.fixed_requests} requests" if s.fixed_requests else f"~{s.seconds:g} s"
        return f"median of {s.repeat} round(s) of {length} each" if s.repeat > 1 else f"1 round of {length}"

    def _describe_run(self) -> dict:
        s = self.settings
        settings = asdict(s)
        settings["workloads"] = [w.name for w in s.workloads]
        return {
            "generated_utc": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
            "mode": s.mode,
            "machine": {"cpus": s.cpus, "kernel": platform.release(), "python": platform.python_version()},
            "tessera_revision": git_revision(s.repository),
            "redis_version": redis_version(s.redis_server),
            "settings": settings,
        }
