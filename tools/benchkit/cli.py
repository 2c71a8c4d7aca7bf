"""The command line of tools/bench: options, which parts run, and the exit status."""
from __future__ import annotations

import argparse
import datetime
import os
import sys
from pathlib import Path

from . import prerequisites, workloads
from .loadgen_check import CHECK_MIN_ROUNDS
from .machine import default_core_counts, usable_cpus
from .session import Parts, Session, SessionSettings

REPOSITORY = Path(__file__).resolve().parents[2]

DESCRIPTION = """\
Benchmarks Tessera side by side with Redis 7.0 in the same run, on the same cores, with the
same load generators, and prints one table.

For each core count k, tessera-server (--shards k) and redis-server run pinned (taskset) to
CPUs 0..k-1, and the load generator to the remaining CPUs. Both servers run with
--save "" --appendonly no, each on its own free port and in its own temporary directory.
Every workload runs on each server in alternating rounds (tessera, redis, tessera, redis...),
--repeat times, and the table shows each column's median. A run lasts about --seconds:
redis-benchmark is count-based, so -n is calibrated from short probe runs; tessera-load is
given --duration. Keys a workload reads are loaded before it, outside the measurement.

Workloads (--list-workloads shows their exact arguments): SET and GET at pipeline 1, 16 and 64
over 50 connections, and at pipeline 16 over one connection (redis-benchmark); GET:SET 10:1
with 512-byte values over 1M keys, and MSET of 10 keys spread across shards (tessera-load);
LPUSH, HSET and ZADD (redis-benchmark), skipped on a server that lacks the command.
"""

EPILOG = """\
table columns:
  requests/s        completed requests per second (median of the rounds)
  p50/p99/p99.9 ms  latency percentiles as the load generator reports them; for
                    redis-benchmark p99.9 is interpolated in its percentile distribution
  server µs/req     the server process's CPU time (utime+stime from /proc/PID/stat, all
                    threads) during the run, divided by the requests: lower is better
  loadgen CPU       the load generator's CPU time over its wall time (os.wait4 rusage), in %
                    of one core; near 100% per load CPU means the generator set the pace,
                    and then compare servers by server µs/req rather than requests/s
  rps vs Redis      requests/s divided by Redis's in the same workload and core count
  CPU/req vs Redis  server µs/req divided by Redis's (below 1.00× is better)

also written to --out: table.md (every table), results.json (settings, every run, medians,
skips, failures), scaling.png (requests/s against cores for the headline workloads).

parts (the sweep runs when neither --memory nor --check-loadgen is given, or with --sweep):
  --memory          bytes per key from INFO used_memory and from RSS, each server started
                    unpinned, one at a time: 1M strings of 16 B, 1M strings with a TTL,
                    100k hashes of 10 fields (skipped on a server without HSET)
  --check-loadgen   SET and GET at -P 1 and -P 16 with 50 connections, by redis-benchmark
                    and by tessera-load back to back against the same server, --repeat
                    rounds but at least 5: PASS when the median of the rounds' requests/s
                    ratios is within 10% (informational, never changes the exit status)
  --smoke           everything, small: 1 core, a few thousand requests per run, 1 round,
                    10k keys in the memory part, the chart too; well under 2 minutes

exit status: 0 when everything ran, 1 when any run failed, 2 when a prerequisite is missing.
A workload that needs a command the server does not have (COMMAND INFO <name> is nil) is
skipped with a note, not failed.

examples:
  tools/bench                         # the full sweep, k = 1 .. cores-1
  tools/bench --cores 1,2,4 --repeat 5
  tools/bench --workloads set-P16,get-P16 --no-build
  tools/bench --memory
  tools/bench --smoke                 # what CI runs
"""


def parse_arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="tools/bench", description=DESCRIPTION, epilog=EPILOG,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parts = parser.add_argument_group("what to run")
    parts.add_argument("--sweep", action="store_true",
                       help="run the throughput sweep too when --memory or --check-loadgen is given")
    parts.add_argument("--memory", action="store_true", help="the memory benchmark")
    parts.add_argument("--check-loadgen", action="store_true",
                       help="compare tessera-load with redis-benchmark")
    parts.add_argument("--smoke", action="store_true", help="a small run of every part (CI)")
    parts.add_argument("--list-workloads", action="store_true", help="print the workloads and exit")

    sweep = parser.add_argument_group("sweep")
    sweep.add_argument("--cores", type=_core_list, metavar="K,K,...",
                       help="server core counts (default: 1 .. number of CPUs - 1)")
    sweep.add_argument("--workloads", type=lambda text: text.split(","), metavar="NAME,...",
                       help="only these workloads (see --list-workloads)")
    sweep.add_argument("--repeat", type=int, default=3, metavar="N",
                       help="rounds per workload, median reported (default 3)")
    sweep.add_argument("--seconds", type=float, default=6.0, metavar="S",
                       help="length of each measured run (default 6; keep it >= 5)")
    sweep.add_argument("--smoke-requests", type=int, default=5000, metavar="N",
                       help="requests per run in --smoke (default 5000)")

    paths = parser.add_argument_group("programs and output")
    paths.add_argument("--server", metavar="PATH", default=str(REPOSITORY / ".build/release/tessera-server"),
                       help="tessera-server binary (default .build/release/tessera-server)")
    paths.add_argument("--tessera-load", metavar="PATH", default=str(REPOSITORY / ".build/release/tessera-load"),
                       help="tessera-load binary (default .build/release/tessera-load)")
    paths.add_argument("--redis-server", metavar="PATH", default="redis-server",
                       help="the reference Redis 7.0 server (default: redis-server on PATH)")
    paths.add_argument("--redis-benchmark", metavar="PATH", default="redis-benchmark",
                       help="default: redis-benchmark on PATH")
    paths.add_argument("--out", metavar="DIR", help="output directory (default .build/bench/<UTC timestamp>/)")
    paths.add_argument("--no-build", action="store_true",
                       help="do not run tools/build-release for tessera-server and tessera-load")
    paths.add_argument("--no-install", action="store_true",
                       help="do not apt-get install redis or pip install matplotlib when missing")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_arguments(argv)
    if args.list_workloads:
        _print_workloads()
        return 0
    try:
        settings = _settings(args)
        _prepare(args, settings)
    except (ValueError, prerequisites.PrerequisiteFailure) as error:
        print(f"tools/bench: {error}", file=sys.stderr)
        return 2
    session = Session(settings, log=_log)
    return 0 if session.run() else 1


def _settings(args: argparse.Namespace) -> SessionSettings:
    cpus = usable_cpus()
    smoke = args.smoke
    chosen = workloads.by_name(args.workloads) if args.workloads else workloads.WORKLOADS
    any_part = args.memory or args.check_loadgen
    parts = Parts(sweep=smoke or args.sweep or not any_part, memory=smoke or args.memory,
                  check_loadgen=smoke or args.check_loadgen)
    if args.repeat < 1 or args.seconds <= 0:
        raise ValueError("--repeat must be at least 1 and --seconds positive")
    return SessionSettings(
        parts=parts,
        cpus=cpus,
        core_counts=[1] if smoke else (args.cores or default_core_counts(cpus)),
        workloads=tuple(w.scaled_down(10_000) for w in chosen) if smoke else chosen,
        repeat=1 if smoke else args.repeat,
        check_repeat=1 if smoke else max(args.repeat, CHECK_MIN_ROUNDS),
        seconds=args.seconds,
        fixed_requests=args.smoke_requests if smoke else None,
        memory_scale=0.01 if smoke else 1.0,
        max_keys=10_000 if smoke else None,
        tessera_server=args.server,
        tessera_load=args.tessera_load,
        redis_server=args.redis_server,
        redis_benchmark=args.redis_benchmark,
        out=args.out or str(REPOSITORY / ".build/bench" / _timestamp()),
        repository=str(REPOSITORY),
        mode="smoke" if smoke else "full",
    )


def _prepare(args: argparse.Namespace, settings: SessionSettings) -> None:
    """Installs what is missing and builds what the chosen parts run."""
    if not args.no_install:
        prerequisites.ensure_packages(_log)
        if settings.parts.sweep and not prerequisites.ensure_matplotlib(_log):
            _log("matplotlib could not be installed: the chart will be missing")
    if not args.no_build:
        products = ["tessera-server"] + (["tessera-load"] if settings.needs_tessera_load else [])
        prerequisites.build(settings.repository, products, _log)
    if not os.access(settings.tessera_server, os.X_OK):
        raise prerequisites.PrerequisiteFailure(
            f"{settings.tessera_server} is not an executable; build it or pass --server")


def _core_list(text: str) -> list[int]:
    counts = [int(part) for part in text.split(",") if part]
    if not counts or min(counts) < 1:
        raise argparse.ArgumentTypeError("expected core counts such as 1,2,4")
    return sorted(set(counts))


def _print_workloads() -> None:
    for w in workloads.WORKLOADS:
        flags = f"-c {w.connections} -P {w.pipeline} -r {w.keyspace} -d {w.value_size}"
        print(f"{w.name:<20} {w.tool:<16} {flags:<32} {' '.join(w.args)}"
              + (f"  [preload {w.preload.keys:,} keys]" if w.preload else ""))


def _timestamp() -> str:
    return datetime.datetime.now(datetime.timezone.utc).strftime("%Y%m%dT%H%M%SZ")


def _log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)
