"""tessera-load, the project's load generator, run as a binary against the server.

The binary is taken from env ``TESSERA_LOAD`` (default
``<repo>/.build/release/tessera-load``); the module is skipped if it is missing.
Every test checks what the run did to the server, not only what the tool printed.
"""

import json
import os
import socket
import subprocess
import time

import pytest

from conftest import REPO_ROOT, free_port

LOAD_BIN = os.environ.get("TESSERA_LOAD", str(REPO_ROOT / ".build" / "release" / "tessera-load"))

pytestmark = pytest.mark.skipif(not os.path.exists(LOAD_BIN),
                                reason=f"tessera-load not built ({LOAD_BIN})")

REPORT_FIELDS = {"requests", "errors", "seconds", "rps", "latency_ms", "cpu_seconds",
                 "connections", "pipeline", "threads", "rate"}
LATENCY_FIELDS = {"min", "mean", "p50", "p90", "p99", "p999", "max"}


def run_load(server, *args, timeout: float = 60):
    """Run tessera-load --json against `server`; return the parsed report."""
    proc = subprocess.run([LOAD_BIN, "-p", str(server.port), "--json", *args],
                          capture_output=True, timeout=timeout)
    assert proc.returncode == 0, f"tessera-load {args} failed: {proc.stderr!r}"
    lines = proc.stdout.decode().splitlines()
    assert len(lines) == 1, f"expected one JSON line on stdout, got {proc.stdout!r}"
    report = json.loads(lines[0])
    assert set(report) == REPORT_FIELDS
    assert set(report["latency_ms"]) == LATENCY_FIELDS
    return report


def key(n: int) -> str:
    """redis-benchmark's name for key n under -r: key:%012d."""
    return f"key:{n:012d}"


def test_sets_exactly_n_requests_over_the_keyspace(clean, r2):
    report = run_load(clean, "-n", "2000", "-r", "100")
    assert report["requests"] == 2000
    assert report["errors"] == 0
    assert report["connections"] == 50 and report["pipeline"] == 1 and report["threads"] == 1
    assert report["rate"] is None
    assert report["seconds"] > 0 and report["rps"] > 0
    lat = report["latency_ms"]
    assert 0 <= lat["min"] <= lat["p50"] <= lat["p90"] <= lat["p99"] <= lat["p999"] <= lat["max"]
    # 2000 uniform draws over 100 keys miss one with probability ~2e-7.
    assert r2.dbsize() == 100
    assert r2.get(key(0)) == b"xxx" and r2.get(key(99)) == b"xxx"
    assert r2.exists(key(100)) == 0


@pytest.mark.parametrize("pipeline,connections,threads", [(1, 1, 1), (16, 7, 2), (5, 50, 3)])
def test_every_request_reaches_the_server_exactly_once(clean, r2, pipeline, connections, threads):
    report = run_load(clean, "-n", "2000", "-P", str(pipeline), "-c", str(connections),
                      "--threads", str(threads), "--command", "INCR counter")
    assert report["requests"] == 2000
    assert (report["pipeline"], report["connections"], report["threads"]) == (pipeline, connections, threads)
    assert r2.get("counter") == b"2000"


def test_preload_makes_every_get_hit(clean, r2):
    r2.config_resetstat()
    report = run_load(clean, "--preload", "-r", "500", "-d", "10", "-n", "2000",
                      "--command", "GET key:__key__")
    assert report["requests"] == 2000 and report["errors"] == 0
    stats = r2.info("stats")
    assert stats["keyspace_misses"] == 0
    assert stats["keyspace_hits"] == 2000
    assert r2.dbsize() == 500
    assert all(v == b"x" * 10 for v in r2.mget([key(n) for n in range(500)]))


def test_unknown_commands_are_counted_as_errors(clean):
    report = run_load(clean, "-n", "2000", "--command", "NOSUCHCOMMAND __key__")
    assert report["requests"] == 2000
    assert report["errors"] == 2000


def test_error_replies_to_a_valid_command_are_counted(clean, r2):
    r2.set("notanumber", "abc")
    report = run_load(clean, "-n", "2000", "-P", "4", "--command", "INCR notanumber")
    assert report["errors"] == 2000
    assert r2.get("notanumber") == b"abc"


@pytest.mark.requires("lpush")
def test_wrong_type_replies_are_counted_as_errors(clean, r2):
    r2.lpush("list", "a")
    report = run_load(clean, "-n", "2000", "--command", "GET list")
    assert report["requests"] == 2000 and report["errors"] == 2000


def test_weights_mix_commands_in_proportion(clean, r2):
    report = run_load(clean, "-n", "4000", "--command", "INCR hits", "--command", "NOSUCHCOMMAND",
                      "--weights", "3,1")
    assert report["requests"] == 4000
    hits = int(r2.get("hits"))
    assert hits + report["errors"] == 4000
    # Binomial(4000, 1/4): mean 1000, sd 27.
    assert 850 < report["errors"] < 1150


def test_zipf_keys_favour_key_zero(clean, r2):
    report = run_load(clean, "-n", "5000", "-r", "1000", "--distribution", "zipf",
                      "--command", "INCR key:__key__")
    assert report["requests"] == 5000
    counts = {k: int(v) for k, v in zip(range(1000), r2.mget([key(n) for n in range(1000)])) if v}
    assert sum(counts.values()) == 5000
    assert max(counts, key=counts.get) == 0
    # P(key 0) is about 13% for s=0.99 over 1000 keys; uniform would give 0.1%.
    assert counts[0] > 400


def test_each_key_placeholder_draws_its_own_key(clean, r2):
    run_load(clean, "-n", "200", "-r", "1000000", "--command", "MSET a:__key__ 1 b:__key__ 2")
    names = [k.decode() for k in r2.keys("*")]
    a = {n[2:] for n in names if n.startswith("a:")}
    b = {n[2:] for n in names if n.startswith("b:")}
    assert len(a) > 150 and len(b) > 150
    assert a != b


def test_rate_limited_run_takes_n_over_rate_seconds(clean, r2):
    started = time.monotonic()
    report = run_load(clean, "-n", "2000", "--rate", "2000", "-c", "10", "--command", "INCR paced")
    elapsed = time.monotonic() - started
    assert report["requests"] == 2000
    assert report["rate"] == 2000
    # The last request is due (n-1)/rate = 0.9995 s after the first.
    assert report["seconds"] >= 0.95
    assert elapsed >= 0.95
    assert r2.get("paced") == b"2000"


def test_duration_run_measures_about_the_duration(clean):
    report = run_load(clean, "--duration", "0.5", "--warmup", "0.2", "-c", "4")
    assert report["seconds"] >= 0.5
    assert report["requests"] > 0


def test_human_readable_summary(clean):
    proc = subprocess.run([LOAD_BIN, "-p", str(clean.port), "-n", "100"],
                          capture_output=True, timeout=60)
    assert proc.returncode == 0
    out = proc.stdout.decode()
    assert "100 requests" in out and "requests/s" in out and "p99" in out


def test_connection_failure_exits_non_zero():
    port = free_port()  # nothing listens there
    proc = subprocess.run([LOAD_BIN, "-p", str(port), "-n", "10", "--json"],
                          capture_output=True, timeout=60)
    assert proc.returncode != 0
    assert proc.stdout == b""
    assert b"cannot connect" in proc.stderr


def test_server_closing_the_connection_fails_the_run(clean, r2):
    # QUIT makes the server close each connection after its first reply.
    proc = subprocess.run([LOAD_BIN, "-p", str(clean.port), "-n", "1000", "-c", "2", "--json",
                           "--command", "QUIT"], capture_output=True, timeout=60)
    assert proc.returncode != 0
    assert proc.stdout == b""
    assert r2.ping()
