"""The stock redis-cli and redis-benchmark tools (Debian's 7.0.15) against the server."""

import os
import shutil
import subprocess

import pytest

from conftest import parse_reply

REDIS_CLI = os.environ.get("REDIS_CLI", shutil.which("redis-cli") or "/usr/bin/redis-cli")
REDIS_BENCHMARK = os.environ.get("REDIS_BENCHMARK",
                                 shutil.which("redis-benchmark") or "/usr/bin/redis-benchmark")

pytestmark = pytest.mark.skipif(not os.path.exists(REDIS_CLI), reason="redis-cli not installed")


def cli(server, *args, stdin: bytes | None = None, timeout: float = 60) -> str:
    proc = subprocess.run([REDIS_CLI, "-h", "127.0.0.1", "-p", str(server.port), *args],
                          input=stdin, capture_output=True, timeout=timeout)
    assert proc.returncode == 0, f"redis-cli {args} failed: {proc.stderr!r} {proc.stdout!r}"
    return proc.stdout.decode()


def test_cli_ping(clean):
    assert cli(clean, "PING") == "PONG\n"


def test_cli_set_get_incr_in_raw_mode(clean):
    assert cli(clean, "SET", "k", "hello world") == "OK\n"
    assert cli(clean, "GET", "k") == "hello world\n"
    assert cli(clean, "GET", "missing") == "\n"
    assert cli(clean, "INCR", "n") == "1\n"
    assert cli(clean, "MGET", "k", "missing", "n") == "hello world\n\n1\n"


def test_cli_formatted_output_with_no_raw(clean):
    cli(clean, "SET", "a", "1")
    assert cli(clean, "--no-raw", "MGET", "a", "b") == '1) "1"\n2) (nil)\n'
    assert cli(clean, "--no-raw", "GET", "missing") == "(nil)\n"
    assert cli(clean, "--no-raw", "INCR", "a") == "(integer) 2\n"
    assert cli(clean, "--no-raw", "NOSUCH") == \
        "(error) ERR unknown command 'NOSUCH', with args beginning with: \n"


def test_cli_prints_errors(clean):
    # in raw mode redis-cli prints an extra blank line after an error
    assert cli(clean, "GET") == "ERR wrong number of arguments for 'get' command\n\n"
    assert cli(clean, "foo", "a") == "ERR unknown command 'foo', with args beginning with: 'a' \n\n"


def test_cli_reads_commands_from_stdin(clean):
    out = cli(clean, stdin=b"SET a 1\nGET a\nINCR a\nECHO \"x y\"\n")
    assert out == "OK\n1\n2\nx y\n"


def test_cli_x_reads_the_last_argument_from_stdin(clean):
    assert cli(clean, "-x", "SET", "xk", stdin=b"line one\nline two") == "OK\n"
    assert cli(clean, "GET", "xk") == "line one\nline two\n"


def test_cli_repeat(clean):
    assert cli(clean, "-r", "5", "INCR", "c") == "1\n2\n3\n4\n5\n"


def test_cli_selects_a_database(clean):
    assert cli(clean, "-n", "3", "SET", "k", "in3") == "OK\n"
    assert cli(clean, "-n", "3", "DBSIZE") == "1\n"
    assert cli(clean, "DBSIZE") == "0\n"


def test_cli_resp3(clean):
    out = cli(clean, "-3", "--no-raw", "HELLO", "3").splitlines()
    assert out[:3] == ['1# "server" => "redis"', '2# "version" => "7.0.15"',
                       '3# "proto" => (integer) 3']
    assert out[4:] == ['5# "mode" => "standalone"', '6# "role" => "master"',
                       '7# "modules" => (empty array)']
    assert cli(clean, "-3", "--no-raw", "CONFIG", "GET", "maxmemory") == '1# "maxmemory" => "0"\n'
    assert cli(clean, "-3", "--no-raw", "GET", "missing") == "(nil)\n"


def test_cli_info(clean):
    out = cli(clean, "INFO", "server")
    assert "redis_version:7.0.15" in out


def test_cli_scan_with_pattern(clean):
    cli(clean, "MSET", "user:1", "a", "user:2", "b", "other", "c")
    out = cli(clean, "--scan", "--pattern", "user:*")
    assert sorted(out.split()) == ["user:1", "user:2"]


def test_cli_bigkeys(clean):
    cli(clean, "MSET", "a", "1", "bb", "22", "big", "x" * 1000)
    out = cli(clean, "--bigkeys")
    assert "Sampled 3 keys in the keyspace!" in out
    assert "Biggest string found '\"big\"' has 1000 bytes" in out
    assert "3 strings with 1003 bytes" in out


def test_cli_with_password(server_factory):
    s = server_factory("--requirepass", "pw123")
    assert cli(s, "--no-auth-warning", "-a", "pw123", "PING") == "PONG\n"
    assert cli(s, "PING").startswith("NOAUTH Authentication required.")


@pytest.mark.slow
def test_cli_pipe_mass_insertion_of_100000_keys(clean):
    n = 100_000
    parts = []
    for i in range(n):
        k = b"key:%d" % i
        v = b"value:%d" % (i * 7)
        parts.append(b"*3\r\n$3\r\nSET\r\n$%d\r\n%s\r\n$%d\r\n%s\r\n" % (len(k), k, len(v), v))
    proc = subprocess.run([REDIS_CLI, "-h", "127.0.0.1", "-p", str(clean.port), "--pipe"],
                          input=b"".join(parts), capture_output=True, timeout=90)
    out = proc.stdout.decode() + proc.stderr.decode()
    assert proc.returncode == 0, out
    assert "errors: 0, replies: 100000" in out, out
    with clean.raw() as c:
        assert parse_reply(c.call("DBSIZE")) == n
        for i in (0, 1, 4242, 50_000, 99_999):
            assert parse_reply(c.call("GET", f"key:{i}")) == f"value:{i * 7}".encode()
        got = parse_reply(c.call("MGET", *[f"key:{i}" for i in range(0, n, 997)]))
        assert got == [f"value:{i * 7}".encode() for i in range(0, n, 997)]


def test_cli_pipe_counts_errors(clean):
    data = b"SET a 1\r\nINCR a\r\nGET\r\nNOSUCH\r\n"
    proc = subprocess.run([REDIS_CLI, "-h", "127.0.0.1", "-p", str(clean.port), "--pipe"],
                          input=data, capture_output=True, timeout=30)
    out = proc.stdout.decode() + proc.stderr.decode()
    assert "errors: 2, replies: 4" in out, out


@pytest.mark.skipif(not os.path.exists(REDIS_BENCHMARK), reason="redis-benchmark not installed")
@pytest.mark.slow
def test_redis_benchmark_runs_cleanly(clean):
    proc = subprocess.run([REDIS_BENCHMARK, "-h", "127.0.0.1", "-p", str(clean.port),
                           "-t", "ping,set,get,incr,mset", "-n", "5000", "-c", "20", "-P", "4",
                           "-q"], capture_output=True, timeout=90)
    out = proc.stdout.decode() + proc.stderr.decode()
    assert proc.returncode == 0, out
    assert "Could not fetch server CONFIG" not in out
    assert "rror" not in out, out
    for name in ("PING_INLINE", "PING_MBULK", "SET", "GET", "INCR", "MSET (10 keys)"):
        assert f"{name}: " in out, out
