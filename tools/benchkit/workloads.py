"""The workloads, as data: one definition each.

A definition names the load tool that drives it, the tool's own arguments (tests for
redis-benchmark, command templates and weights for tessera-load), the connection count,
pipeline depth, key space and value size both tools understand under the same flags, the
commands a server must know for it to run (`needs`), and the keys to load beforehand.
Adding a workload (MULTI/SET/SET/EXEC, a pub/sub fan-out with its own runner) means adding one
definition here, and a runner in runners.py if no existing tool can drive it.
"""
from __future__ import annotations

from dataclasses import dataclass, replace

REDIS_BENCHMARK = "redis-benchmark"
TESSERA_LOAD = "tessera-load"


@dataclass(frozen=True)
class Preload:
    """Keys `key:<12-digit i>` for every i below `keys`, each holding `value_size` bytes,
    loaded before the measurement and outside it (the same names redis-benchmark -r uses)."""

    keys: int
    value_size: int


@dataclass(frozen=True)
class Workload:
    name: str
    tool: str
    args: tuple[str, ...]
    mix: str
    needs: tuple[str, ...]
    connections: int = 50
    pipeline: int = 1
    keyspace: int = 100_000
    value_size: int = 3
    preload: Preload | None = None
    headline: bool = False

    def scaled_down(self, max_keys: int) -> Workload:
        """The same workload over at most `max_keys` keys (for --smoke)."""
        keyspace = min(self.keyspace, max_keys)
        preload = self.preload and replace(self.preload, keys=min(self.preload.keys, max_keys))
        return replace(self, keyspace=keyspace, preload=preload)


def _redis_benchmark(test: str, pipeline: int, connections: int = 50, **extra) -> Workload:
    label = f"{test}-P{pipeline}" + (f"-c{connections}" if connections != 50 else "")
    preload = Preload(keys=100_000, value_size=3) if test == "get" else None
    return Workload(name=label, tool=REDIS_BENCHMARK, args=("-t", test), mix=test.upper(),
                    needs=(test,), connections=connections, pipeline=pipeline,
                    preload=preload, **extra)


_MSET_TEN_KEYS = "MSET " + " ".join(["key:__key__ __value__"] * 10)

WORKLOADS: tuple[Workload, ...] = (
    _redis_benchmark("set", 1),
    _redis_benchmark("get", 1),
    _redis_benchmark("set", 16, headline=True),
    _redis_benchmark("get", 16, headline=True),
    _redis_benchmark("set", 64),
    _redis_benchmark("get", 64),
    # One connection, so every pipelined batch is spread over all shards: hops cost the most.
    _redis_benchmark("set", 16, connections=1),
    _redis_benchmark("get", 16, connections=1),
    Workload(name="get:set-10:1-512B", tool=TESSERA_LOAD,
             args=("--command", "GET key:__key__", "--command", "SET key:__key__ __value__",
                   "--weights", "10,1"),
             mix="GET 10 : SET 1", needs=("get", "set"), pipeline=16, keyspace=1_000_000,
             value_size=512, preload=Preload(keys=1_000_000, value_size=512), headline=True),
    # Ten random keys land on different shards, so each MSET holds several shards' locks.
    Workload(name="mset-10keys", tool=TESSERA_LOAD, args=("--command", _MSET_TEN_KEYS),
             mix="MSET of 10 keys", needs=("mset",), pipeline=16),
    # Collections: skipped on a server that does not know the command yet.
    _redis_benchmark("lpush", 16),
    _redis_benchmark("hset", 16),
    _redis_benchmark("zadd", 16),
)


def by_name(names: list[str]) -> tuple[Workload, ...]:
    """The named workloads (case-insensitive), in definition order."""
    wanted = {name.lower() for name in names}
    chosen = tuple(w for w in WORKLOADS if w.name.lower() in wanted)
    unknown = wanted - {w.name.lower() for w in chosen}
    if unknown:
        raise ValueError(f"unknown workload(s) {sorted(unknown)}; known: {[w.name for w in WORKLOADS]}")
    return chosen


# The commands redis-benchmark sends for its tests (redis-benchmark.c), as tessera-load templates.
_REDIS_BENCHMARK_TESTS = {"set": "SET key:__key__ __value__", "get": "GET key:__key__"}


def as_tessera_load(workload: Workload) -> Workload:
    """The same redis-benchmark workload driven by tessera-load (same keys, values, connections
    and pipeline), for --check-loadgen."""
    if workload.tool != REDIS_BENCHMARK or workload.args[1] not in _REDIS_BENCHMARK_TESTS:
        raise ValueError(f"{workload.name} has no tessera-load equivalent")
    return replace(workload, tool=TESSERA_LOAD, args=("--command", _REDIS_BENCHMARK_TESTS[workload.args[1]]))
