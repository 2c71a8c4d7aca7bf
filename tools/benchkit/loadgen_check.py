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
in the second; the verdict says which comparison was made ("PASS (at its rate)").

Each round (at least CHECK_MIN_ROUNDS of them) runs the two tools back to back and yields their
ratios; the verdict is on the median of those per-round ratios (see CheckRound)."""
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
# Rounds the check runs at least (see SessionSettings.check_repeat).
CHECK_MIN_ROUNDS = 5
# redis-benchmark's CPU (percent of its one core) from which it, not the server, is the limit.
CLIENT_BOUND_PERCENT = 85.0


@dataclass(frozen=True)
class ToolRun:
    """One tool's run in one round: its requests/s, its own CPU use (percent of one core) and
    the server's CPU time per request while it ran."""
    rps: float
    cpu_percent: float = 0.0
    server_us: float = 0.0

    @property
    def saturated(self) -> bool:
        """The tool, not the server, set the pace (redis-benchmark at -P 1)."""
        return self.cpu_percent >= CLIENT_BOUND_PERCENT


@dataclass(frozen=True)
class CheckRound:
    """redis-benchmark then tessera-load, back to back on the same server. The machine's noise
    moves both runs of a round alike far more than it moves rounds apart, so the verdict is
    made on each round's ratios, not on ratios of medians taken across rounds."""
    redis_benchmark: ToolRun
    tessera_load: ToolRun

    @property
    def ratio(self) -> float:
        return self.tessera_load.rps / self.redis_benchmark.rps

    @property
    def server_cpu_ratio(self) -> float | None:
        if not self.redis_benchmark.server_us or not self.tessera_load.server_us:
            return None
        return self.tessera_load.server_us / self.redis_benchmark.server_us

    @property
    def client_bound(self) -> bool:
        return self.redis_benchmark.saturated


@dataclass(frozen=True)
class LoadgenCheckRow:
    workload: str
    server: str
    rounds: tuple[CheckRound, ...]

    def _median(self, value: Callable[[CheckRound], float]) -> float:
        return statistics.median(value(r) for r in self.rounds)

    def _median_run(self, tool: Callable[[CheckRound], ToolRun]) -> ToolRun:
        """Each of one tool's figures, the median over the rounds (for the table)."""
        runs = [tool(r) for r in self.rounds]
        return ToolRun(*(statistics.median(getattr(run, name) for run in runs)
                         for name in ("rps", "cpu_percent", "server_us")))

    @property
    def redis_benchmark(self) -> ToolRun:
        return self._median_run(lambda r: r.redis_benchmark)

    @property
    def tessera_load(self) -> ToolRun:
        return self._median_run(lambda r: r.tessera_load)

    @property
    def ratio(self) -> float:
        """The median of the rounds' requests/s ratios."""
        return self._median(lambda r: r.ratio)

    @property
    def server_cpu_ratio(self) -> float | None:
        """The median of the rounds' server-CPU-per-request ratios, over rounds that have both."""
        ratios = [r.server_cpu_ratio for r in self.rounds if r.server_cpu_ratio is not None]
        return statistics.median(ratios) if ratios else None

    @property
    def client_bound(self) -> bool:
        return self.redis_benchmark.saturated

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
        return dict(workload=self.workload, server=self.server,
                    rounds=[dict(redis_benchmark=r.redis_benchmark.__dict__, tessera_load=r.tessera_load.__dict__,
                                 ratio=r.ratio, server_cpu_ratio=r.server_cpu_ratio) for r in self.rounds],
                    ratio=self.ratio, server_cpu_ratio=self.server_cpu_ratio, passed=self.passed,
                    verdict=self.verdict)


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
    benchmark, loadgen = runners[REDIS_BENCHMARK], runners[TESSERA_LOAD]
    own = as_tessera_load(workload)
    rounds: list[CheckRound] = []
    try:
        target.server.flushall()
        if workload.preload:
            load(target.server, workload.preload.keys, set_strings(workload.preload.value_size))
        lengths = [runner.length(w, target, plan.seconds, plan.fixed_requests)
                   for runner, w in ((benchmark, workload), (loadgen, own))]
        for round_number in range(1, plan.repeat + 1):
            reference = _run(benchmark, workload, target, lengths[0])
            paced = at_rate(own, reference.rps) if reference.saturated else own
            rounds.append(CheckRound(reference, _run(loadgen, paced, target, lengths[1])))
            log(f"   {workload.name:<10} {target.server.name:<8} round {round_number}/{plan.repeat}: "
                f"redis-benchmark {reference.rps:>10,.0f} req/s, tessera-load {rounds[-1].tessera_load.rps:>10,.0f}"
                f" req/s, ratio {rounds[-1].ratio:.3f}")
    except RUN_ERRORS as error:
        outcome.failures.append(f"check-loadgen {workload.name} on {target.server.name}: {error}")
        log(f"   FAILED: {outcome.failures[-1]}")
        return None
    return LoadgenCheckRow(workload.name, target.server.name, tuple(rounds))


def _run(runner, workload: Workload, target: Target, length) -> ToolRun:
    measurement = runner.run(workload, target, length)
    return ToolRun(measurement.rps, measurement.loadgen_cpu_percent, measurement.server_cpu_us_per_request)
