"""RDB files move between Tessera and Redis 7.0 both ways (issue 6): a dump of every type and
encoding, in two databases, with expiries, written by one server loads into the other with the
same DEBUG DIGEST, and redis-check-rdb accepts the file Tessera wrote."""
from __future__ import annotations

import os
import shutil
import subprocess

import pytest

from conftest import DEFAULT_SHARDS, REFERENCE_BIN, SERVER_BIN, RawConn, ServerProcess
from test_digest import data_commands

DEBUG = ("--enable-debug-command", "yes")
CHECK_RDB = shutil.which("redis-check-rdb") or "/usr/bin/redis-check-rdb"


def fill(c: RawConn):
    for db in (0, 3):
        for cmd in data_commands(db):
            assert not c.call(*cmd).startswith(b"-"), cmd
    assert c.call("SELECT", 0) == b"+OK\r\n"


def saved_dump(binary: str, shards: int | None) -> tuple[str, bytes, bytes]:
    """Fills a fresh server, SAVEs, and returns the dump's path (copied out), the DEBUG DIGEST
    and DBSIZE of db 0."""
    server = ServerProcess(binary, extra_args=DEBUG, shards=shards).start()
    try:
        with RawConn(server.port) as c:
            fill(c)
            digest, size = c.call("DEBUG", "DIGEST"), c.call("DBSIZE")
            assert c.call("SAVE") == b"+OK\r\n"
        copy = os.path.join(server.dir, "..", f"interop-{os.getpid()}-{server.port}.rdb")
        shutil.copy(os.path.join(server.dir, "dump.rdb"), copy)
        return os.path.abspath(copy), digest, size
    finally:
        server.stop()


def loaded_digest(binary: str, shards: int | None, dump: str) -> tuple[bytes, bytes]:
    """Starts a server whose dir holds `dump` as dump.rdb; its DEBUG DIGEST and db 0's DBSIZE."""
    server = ServerProcess(binary, extra_args=DEBUG, shards=shards)
    shutil.copy(dump, os.path.join(server.dir, "dump.rdb"))
    server.start()
    try:
        with RawConn(server.port) as c:
            return c.call("DEBUG", "DIGEST"), c.call("DBSIZE")
    finally:
        server.stop()


def test_a_dump_tessera_writes_passes_redis_check_rdb_and_loads_into_redis_unchanged():
    dump, digest, size = saved_dump(SERVER_BIN, DEFAULT_SHARDS)
    try:
        check = subprocess.run([CHECK_RDB, dump], capture_output=True, text=True, timeout=60)
        assert check.returncode == 0, check.stdout + check.stderr
        assert "RDB looks OK" in check.stdout
        assert digest != b"+" + b"0" * 40 + b"\r\n"
        assert loaded_digest(REFERENCE_BIN, None, dump) == (digest, size)
    finally:
        os.unlink(dump)


def test_a_dump_redis_writes_loads_into_tessera_unchanged():
    dump, digest, size = saved_dump(REFERENCE_BIN, None)
    try:
        assert loaded_digest(SERVER_BIN, DEFAULT_SHARDS, dump) == (digest, size)
        # Keys spread over a different number of shards make the same data set.
        assert loaded_digest(SERVER_BIN, 3, dump) == (digest, size)
    finally:
        os.unlink(dump)


@pytest.mark.parametrize("compression", ["yes", "no"])
def test_tessera_reads_back_its_own_dump_with_and_without_compression(compression):
    server = ServerProcess(SERVER_BIN, extra_args=DEBUG + ("--rdbcompression", compression),
                           shards=DEFAULT_SHARDS).start()
    try:
        with RawConn(server.port) as c:
            fill(c)
            digest = c.call("DEBUG", "DIGEST")
            assert c.call("DEBUG", "RELOAD") == b"+OK\r\n"
            assert c.call("DEBUG", "DIGEST") == digest
    finally:
        server.stop()
