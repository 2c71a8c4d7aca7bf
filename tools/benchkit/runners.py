"""The load tools: how each is invoked for a workload, how long a run is made to last, and how
its output becomes a Measurement (with the server's CPU time read around the run)."""
from __future__ import annotations

from dataclasses import dataclass

from .machine import pinned
from .measurement import Measurement
from .process import ChildResult, ChildTimeout, run_child
from .redis_benchmark_output import BenchmarkOutputError, parse_single_report
from .servers import RunningServer
from .tessera_load_output import LoadOutputError, parse_load_report
from .workloads import REDIS_BENCHMARK, TESSERA_LOAD, Workload

PROBE_MIN_SECONDS = 1.0
PROBE_ATTEMPTS = 6
# A count-based run shorter than this share of its intended length is run again with a count
# taken from its own rate (the probe ran slower than the real run: warm-up, a busy neighbour).
SHORT_RUN_SHARE = 5 / 6


class RunFailure(RuntimeError):
    """A load run that did not complete or whose output could not be read."""


@dataclass(frozen=True)
class RunLength:
    """How long a run lasts: a request count (redis-benchmark is count-based) or a duration.
    With both, the count decides and the duration is only the expectation the timeout uses."""

    requests: int | None = None
    seconds: float | None = None

    def timeout(self) -> float:
        expected = self.seconds if self.seconds is not None else 10.0
        return 60.0 + 10.0 * expected


@dataclass(frozen=True)
class Target:
    """The server a run drives and the CPUs the load generator is pinned to."""

    server: RunningServer
    load_cpus: tuple[int, ...] | None

    @property
    def threads(self) -> int:
        return len(self.load_cpus) if self.load_cpus else 1


class RedisBenchmarkRunner:
    tool = REDIS_BENCHMARK

    def __init__(self, binary: str = "redis-benchmark"):
        self.binary = binary

    def argv(self, workload: Workload, target: Target, requests: int) -> list[str]:
        argv = [self.binary, "-h", "127.0.0.1", "-p", str(target.server.port),
                "-c", str(workload.connections), "-P", str(workload.pipeline),
                "-n", str(requests), "-r", str(workload.keyspace), "-d", str(workload.value_size)]
        threads = min(target.threads, workload.connections)
        if threads > 1:
            argv += ["--threads", str(threads)]
        return argv + list(workload.args)

    def length(self, workload: Workload, target: Target, seconds: float,
               fixed_requests: int | None) -> RunLength:
        """A request count that makes a run last about `seconds`, from short probe runs that
        grow until one lasts at least PROBE_MIN_SECONDS."""
        if fixed_requests is not None:
            return RunLength(requests=fixed_requests)
        requests = 5_000 * workload.pipeline
        for _ in range(PROBE_ATTEMPTS):
            probe = self._run_counted(workload, target, RunLength(requests=requests))
            if probe.seconds >= PROBE_MIN_SECONDS:
                break
            requests = int(requests * min(10.0, max(2.0, 1.2 * PROBE_MIN_SECONDS / max(probe.seconds, 0.01))))
        return RunLength(requests=max(1, int(probe.rps * seconds)), seconds=seconds)

    def run(self, workload: Workload, target: Target, length: RunLength) -> Measurement:
        measurement = self._run_counted(workload, target, length)
        if length.seconds and measurement.seconds < SHORT_RUN_SHARE * length.seconds:
            longer = RunLength(requests=int(measurement.rps * length.seconds), seconds=length.seconds)
            measurement = self._run_counted(workload, target, longer)
        return measurement

    def _run_counted(self, workload: Workload, target: Target, length: RunLength) -> Measurement:
        child, server_cpu = _measure(target, self.argv(workload, target, length.requests), length)
        try:
            report = parse_single_report(child.stdout)
        except BenchmarkOutputError as error:
            raise RunFailure(f"redis-benchmark: {error} ({child.describe_failure()})") from error
        if child.exit_code != 0:
            raise RunFailure(f"redis-benchmark {child.describe_failure()}")
        return Measurement(
            requests=report.requests,
            seconds=report.requests / report.rps if report.rps else report.seconds,
            rps=report.rps,
            p50_ms=report.p50_ms,
            p99_ms=report.p99_ms,
            p999_ms=report.p999_ms,
            server_cpu_us_per_request=1e6 * server_cpu / report.requests,
            loadgen_cpu_percent=child.cpu_percent,
        )


class TesseraLoadRunner:
    tool = TESSERA_LOAD

    def __init__(self, binary: str):
        self.binary = binary

    def argv(self, workload: Workload, target: Target, length: RunLength) -> list[str]:
        argv = [self.binary, "--host", "127.0.0.1", "-p", str(target.server.port),
                "-c", str(workload.connections), "-P", str(workload.pipeline),
                "-r", str(workload.keyspace), "-d", str(workload.value_size),
                "--threads", str(min(target.threads, workload.connections)), "--json"]
        if length.requests is not None:
            argv += ["-n", str(length.requests)]
        else:
            argv += ["--duration", f"{length.seconds:g}"]
        return argv + list(workload.args)

    def length(self, workload: Workload, target: Target, seconds: float,
               fixed_requests: int | None) -> RunLength:
        """tessera-load runs for a duration itself, so no probe is needed."""
        if fixed_requests is not None:
            return RunLength(requests=fixed_requests)
        return RunLength(seconds=seconds)

    def run(self, workload: Workload, target: Target, length: RunLength) -> Measurement:
        child, server_cpu = _measure(target, self.argv(workload, target, length), length)
        if child.exit_code != 0:
            raise RunFailure(f"tessera-load {child.describe_failure()}")
        try:
            report = parse_load_report(child.stdout)
        except LoadOutputError as error:
            raise RunFailure(str(error)) from error
        if report.errors:
            raise RunFailure(f"tessera-load: {report.errors} of {report.requests} replies were errors")
        return Measurement(
            requests=report.requests,
            seconds=report.seconds,
            rps=report.rps,
            p50_ms=report.p50_ms,
            p99_ms=report.p99_ms,
            p999_ms=report.p999_ms,
            server_cpu_us_per_request=1e6 * server_cpu / max(report.requests, 1),
            loadgen_cpu_percent=child.cpu_percent,
        )


def _measure(target: Target, argv: list[str], length: RunLength) -> tuple[ChildResult, float]:
    """Runs the load pinned to its CPUs; returns it and the server's CPU seconds meanwhile."""
    server = target.server
    before = server.cpu_seconds()
    try:
        child = run_child(pinned(target.load_cpus, argv), timeout=length.timeout())
    except ChildTimeout as error:
        raise RunFailure(str(error)) from error
    except OSError as error:
        raise RunFailure(f"cannot run {argv[0]}: {error}") from error
    server_cpu = server.cpu_seconds() - before
    server.ensure_alive()
    return child, server_cpu


def runners_for(tessera_load_binary: str, redis_benchmark_binary: str = "redis-benchmark") -> dict:
    """Each load tool's runner, keyed by the `tool` name workloads use."""
    return {REDIS_BENCHMARK: RedisBenchmarkRunner(redis_benchmark_binary),
            TESSERA_LOAD: TesseraLoadRunner(tessera_load_binary)}
