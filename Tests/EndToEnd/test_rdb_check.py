"""tessera-check-rdb against files a real redis-server 7.0 writes.

A real Redis holds every type in every encoding it has (streams included), SAVEs, and
tessera-check-rdb must report the file sound with the same key count per type as TYPE gives;
cut or corrupted copies must fail with an offset and a non-zero exit.
"""

from __future__ import annotations

import os
import subprocess
from collections import Counter
from pathlib import Path

import pytest
import redis

from conftest import REFERENCE_BIN, REPO_ROOT, ServerProcess

CHECK_BIN = os.environ.get(
    "TESSERA_CHECK_RDB", str(REPO_ROOT / ".build" / "release" / "tessera-check-rdb"))


def fill_every_encoding(client: redis.Redis) -> None:
    client.set("str:int", 12345)
    client.set("str:embstr", "hello")
    client.set("str:raw", "x" * 100)
    client.set("str:binary", bytes(range(256)))
    client.set("str:expiring", "soon", px=100_000_000)
    client.rpush("list:small", "a", "b", 1, 2)
    client.rpush("list:large", *[f"element-{i}" for i in range(3000)])
    client.sadd("set:intset", 1, 2, 3)
    client.sadd("set:hashtable", "a", "b")
    client.hset("hash:small", mapping={"f": "v", "n": 1})
    client.hset("hash:large", mapping={f"f{i}": f"v{i}" for i in range(600)})
    client.zadd("zset:small", {"a": 1, "b": 2.5})
    client.zadd("zset:large", {f"m{i}": i / 3 for i in range(200)})
    client.xadd("stream:one", {"a": "1"})
    client.execute_command("SELECT", "3")
    client.set("db3:key", "v")
    client.execute_command("SELECT", "0")


@pytest.fixture
def redis_dump(tmp_path: Path):
    if not os.path.exists(CHECK_BIN):
        pytest.fail(f"tessera-check-rdb not built: {CHECK_BIN} "
                    "(tools/build-release --product tessera-check-rdb)", pytrace=False)
    server = ServerProcess(REFERENCE_BIN).start()
    try:
        client = redis.Redis(port=server.port)
        fill_every_encoding(client)
        types = Counter(client.type(key).decode() for key in client.scan_iter())
        types["string"] += 1  # db3:key
        assert client.save()
        yield Path(server.dir) / "dump.rdb", types
    finally:
        server.stop()


def check(path: Path) -> subprocess.CompletedProcess:
    return subprocess.run([CHECK_BIN, str(path)], capture_output=True, text=True, timeout=60)


def test_a_redis_dump_checks_ok_with_its_keys_per_type(redis_dump):
    path, types = redis_dump
    result = check(path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "[offset 0] Checking RDB file" in result.stdout
    assert "\\o/ RDB looks OK! \\o/" in result.stdout
    assert "AUX FIELD redis-ver = '7.0.15'" in result.stdout
    for type_name, count in types.items():
        assert f"{count} keys of type {type_name}" in result.stdout


def test_a_cut_or_corrupted_dump_fails_with_an_offset(redis_dump, tmp_path: Path):
    path, _ = redis_dump
    data = path.read_bytes()
    cut = tmp_path / "cut.rdb"
    cut.write_bytes(data[: len(data) // 2])
    flipped = tmp_path / "flipped.rdb"
    flipped.write_bytes(data[:200] + bytes([data[200] ^ 0x10]) + data[201:])
    for bad in (cut, flipped):
        result = check(bad)
        assert result.returncode != 0
        assert "--- RDB ERROR DETECTED ---" in result.stdout
        assert "[offset " in result.stdout
