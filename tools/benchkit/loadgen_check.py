"""--check-loadgen: tessera-load and redis-benchmark on the same workloads against the same
server, alternating; their results must agree within 10% (printed, never fatal).

Where the server sets the pace, the two tools run closed loop and their requests/s must agree.
When redis-benchmark uses nearly all of its core (at -P 1 it saturates before the server does:
design §8), requests/s measures the client, and every server figure depends on the load level
(a busier server answers more sockets per epoll_wait: its CPU per request falls ~10% from
redis-benchmark's rate to tessera-load's closed-loop one). There tessera-load runs open loop at
the rate redis-benchmark reached in the same round, and must both hold that rate and load the
server as redis-benchmark did: requests/s and the server's CPU time per request each within
10%. A generator that sent other commands, values or keys than the workload says would show
in the second; the verdict says which comparison was made ("PASS (at its rate)")."""
from __future__ import annotations

import statistics
from dataclasses import dataclass, replace
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
    def passed(self) -> bool:
        if abs(self.ratio - 1.0) > TOLERANCE:
            return False
        if not self.client_bound:
            return True
        cpu = self.server_cpu_ratio
        return cpu is not None and abs(cpu - 1.0) <= TOLERANCE

    @property
    def verdict(self) -> str:
        outcome = "PASS" if self.passed else "FAIL"
        return f"{outcome} (at its rate)" if self.client_bound else outcome

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


def at_rate(workload: Workload, rps: float) -> Workload:
    """tessera-load open loop at `rps` requests/s (the rate redis-benchmark reached)."""
    return replace(workload, args=tuple(workload.args) + ("--rate", f"{rps:.0f}"))


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
                if index == 1 and cpu[0][-1] >= CLIENT_BOUND_PERCENT:
                    w = at_rate(w, rps[0][-1])
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
