"""--check-loadgen: tessera-load and redis-benchmark on the same workloads against the same
server, alternating; their results must agree within 10% (printed, never fatal).

Where the server sets the pace, requests/s must agree. When redis-benchmark uses nearly all of
its core (at -P 1 it saturates before the server does: design §8), requests/s measures the
client, and the more frugal tessera-load rightly reports more. There the two must agree on what
the server does per request: its CPU time per request (from /proc, the same for both tools)
within 10%. A generator that sent other commands, values or keys than the workload says would
show there; the verdict names the figure it judged ("PASS (CPU/req)")."""
from __future__ import annotations

import statistics
from dataclasses import dataclass
from typing import Callable

from .loader import load, set_strings
from .machine import split_cores
from .outcome import RUN_ERRORS, Outcome
from .runners import Target
from .servers import RunningServer, ServerKind
from .workloads import REDIS_BENCHMARK, TESSERA_LOAD, Workload, as_tessera_load, by_name

CHECK_WORKLOADS = ("set-P1", "get-P1", "set-P16", "get-P16")
TOLERANCE = 0.10
# redis-benchmark's CPU (percent of its one core) from which it, not the server, is the limit.
CLIENT_BOUND_PERCENT = 85.0


@dataclass(frozen=True)
class LoadgenCheckRow:
    workload: str
    server: str
    redis_benchmark_rps: float
    tessera_load_rps: float
    redis_benchmark_cpu_percent: float = 0.0
    tessera_load_cpu_percent: float = 0.0
    # The server's CPU time per request under each tool.
    redis_benchmark_server_us: float = 0.0
    tessera_load_server_us: float = 0.0

    @property
    def ratio(self) -> float:
        return self.tessera_load_rps / self.redis_benchmark_rps

    @property
    def server_cpu_ratio(self) -> float | None:
        if not self.redis_benchmark_server_us or not self.tessera_load_server_us:
            return None
        return self.tessera_load_server_us / self.redis_benchmark_server_us

    @property
    def client_bound(self) -> bool:
        return self.redis_benchmark_cpu_percent >= CLIENT_BOUND_PERCENT

    @property
    def judged_ratio(self) -> float | None:
        """requests/s where the server sets the pace, server CPU per request where the client
        does (None when that was not measured)."""
        return self.server_cpu_ratio if self.client_bound else self.ratio

    @property
    def passed(self) -> bool:
        judged = self.judged_ratio
        return judged is not None and abs(judged - 1.0) <= TOLERANCE

    @property
    def verdict(self) -> str:
        if self.client_bound:
            if self.server_cpu_ratio is None:
                return "client-bound"
            return "PASS (CPU/req)" if self.passed else "FAIL (CPU/req)"
        return "PASS" if self.passed else "FAIL"

    def to_dict(self) -> dict:
        return dict(self.__dict__, ratio=self.ratio, passed=self.passed, verdict=self.verdict)


@dataclass(frozen=True)
class CheckPlan:
    cpus: list[int]
    repeat: int
    seconds: float
    fixed_requests: int | None = None
    max_keys: int | None = None


def run_loadgen_check(plan: CheckPlan, kinds: list[ServerKind], runners: dict,
                      log: Callable[[str], None]) -> Outcome:
    outcome = Outcome()
    split = split_cores(plan.cpus, 1)
    for kind in kinds:
        try:
            with RunningServer(kind, split.server, shards=1) as server:
                for workload in by_name(list(CHECK_WORKLOADS)):
                    if plan.max_keys:
                        workload = workload.scaled_down(plan.max_keys)
                    row = _compare(workload, Target(server, split.load), plan, runners, outcome, log)
                    if row:
                        outcome.rows.append(row)
        except RUN_ERRORS as error:
            outcome.failures.append(f"check-loadgen on {kind.name}: {error}")
            log(f"   FAILED: {outcome.failures[-1]}")
    return outcome


def _compare(workload: Workload, target: Target, plan: CheckPlan, runners: dict, outcome: Outcome,
             log) -> LoadgenCheckRow | None:
    tools = [(runners[REDIS_BENCHMARK], workload), (runners[TESSERA_LOAD], as_tessera_load(workload))]
    rps: list[list[float]] = [[], []]
    cpu: list[list[float]] = [[], []]
    server_us: list[list[float]] = [[], []]
    try:
        target.server.flushall()
        if workload.preload:
            load(target.server, workload.preload.keys, set_strings(workload.preload.value_size))
        lengths = [runner.length(w, target, plan.seconds, plan.fixed_requests) for runner, w in tools]
        for round_number in range(1, plan.repeat + 1):
            for index, (runner, w) in enumerate(tools):
                measurement = runner.run(w, target, lengths[index])
                rps[index].append(measurement.rps)
                cpu[index].append(measurement.loadgen_cpu_percent)
                server_us[index].append(measurement.server_cpu_us_per_request)
                log(f"   {workload.name:<10} {target.server.name:<8} {runner.tool:<16} "
                    f"round {round_number}/{plan.repeat}: {rps[index][-1]:>12,.0f} req/s")
    except RUN_ERRORS as error:
        outcome.failures.append(f"check-loadgen {workload.name} on {target.server.name}: {error}")
        log(f"   FAILED: {outcome.failures[-1]}")
        return None
    return LoadgenCheckRow(workload.name, target.server.name, statistics.median(rps[0]),
                           statistics.median(rps[1]), statistics.median(cpu[0]), statistics.median(cpu[1]),
                           statistics.median(server_us[0]), statistics.median(server_us[1]))
