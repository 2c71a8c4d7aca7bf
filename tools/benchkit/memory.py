"""--memory: bytes per key on each server, from used_memory (INFO memory) and from RSS
(VmRSS), before and after loading the same data the same way.

Each data set goes into a freshly started server rather than after a FLUSHALL: memory an
allocator keeps after a flush would be reused by the next load and hide part of its RSS.
Servers run one at a time and unpinned, since nothing is timed here.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from . import loader
from .outcome import RUN_ERRORS, Outcome
from .servers import RunningServer, ServerKind


@dataclass(frozen=True)
class DataSet:
    name: str
    keys: int
    command_for: Callable[[], Callable[[int], bytes]]
    needs: tuple[str, ...]


DATA_SETS = (
    DataSet("strings, 16 B values", 1_000_000, lambda: loader.set_strings(16), ("set",)),
    DataSet("strings, 16 B values, TTL", 1_000_000, lambda: loader.set_strings(16, expire_seconds=100_000),
            ("set",)),
    DataSet("hashes of 10 short fields", 100_000, lambda: loader.set_hashes(10), ("hset",)),
    DataSet("sets of 10 integers", 100_000, lambda: loader.add_sets(10), ("sadd",)),
    DataSet("sorted sets of 10 members", 100_000, lambda: loader.add_sorted_sets(10), ("zadd",)),
)


@dataclass(frozen=True)
class MemoryRow:
    dataset: str
    server: str
    keys: int
    used_memory_before: int
    used_memory_after: int
    rss_before: int
    rss_after: int

    @property
    def bytes_per_key_used_memory(self) -> float:
        return (self.used_memory_after - self.used_memory_before) / self.keys

    @property
    def bytes_per_key_rss(self) -> float:
        return (self.rss_after - self.rss_before) / self.keys

    def to_dict(self) -> dict:
        return dict(self.__dict__, bytes_per_key_used_memory=self.bytes_per_key_used_memory,
                    bytes_per_key_rss=self.bytes_per_key_rss)


def run_memory(kinds: list[ServerKind], scale: float, log: Callable[[str], None]) -> Outcome:
    """Every data set on every server; `scale` shrinks the key counts (--smoke)."""
    outcome = Outcome()
    for data_set in DATA_SETS:
        keys = max(1, int(data_set.keys * scale))
        for kind in kinds:
            try:
                row = _measure(kind, data_set, keys, outcome, log)
            except RUN_ERRORS as error:
                outcome.failures.append(f"memory {data_set.name} on {kind.name}: {error}")
                log(f"   FAILED: {outcome.failures[-1]}")
                continue
            if row:
                outcome.rows.append(row)
                log(f"   {data_set.name:<28} {kind.name:<8} {row.bytes_per_key_used_memory:8.1f} B/key used_memory"
                    f" {row.bytes_per_key_rss:8.1f} B/key RSS")
    return outcome


def _measure(kind: ServerKind, data_set: DataSet, keys: int, outcome: Outcome, log) -> MemoryRow | None:
    with RunningServer(kind, cpus=None, shards=None) as server:
        missing = [command.upper() for command in data_set.needs if not server.knows(command)]
        if missing:
            outcome.notes.append(f"memory {data_set.name} skipped on {kind.name}: "
                                 f"COMMAND INFO {', '.join(missing)} is nil")
            log(f"   {outcome.notes[-1]}")
            return None
        used_before, rss_before = server.used_memory(), server.rss_bytes()
        loader.load(server, keys, data_set.command_for())
        if int(server.call("DBSIZE")) != keys:
            raise loader.LoadFailure(f"DBSIZE is {server.call('DBSIZE')} after loading {keys} keys")
        return MemoryRow(data_set.name, kind.name, keys, used_before, server.used_memory(),
                         rss_before, server.rss_bytes())
