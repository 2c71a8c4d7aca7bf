"""Loads many keys into a server fast and identically for every server: pre-encoded RESP,
thousands of commands per write, replies counted rather than parsed."""
from __future__ import annotations

from typing import Callable

from .resp import encode_command
from .servers import RunningServer

BATCH = 10_000

# Key names as redis-benchmark -r and tessera-load write them: "key:" and 12 digits.
KEY_FORMAT = b"key:%012d"


class LoadFailure(RuntimeError):
    pass


def load(server: RunningServer, count: int, command_for: Callable[[int], bytes]) -> None:
    """Sends command_for(i) for i in 0..<count, BATCH at a time; every reply must be one line."""
    for start in range(0, count, BATCH):
        end = min(start + BATCH, count)
        payload = b"".join(command_for(i) for i in range(start, end))
        errors = server.send_counting_line_replies(payload, end - start)
        if errors:
            raise LoadFailure(f"{server.name}: {errors} error replies while loading keys {start}..{end - 1}")


def set_strings(value_size: int, expire_seconds: int | None = None) -> Callable[[int], bytes]:
    """SET key:<i> <value_size bytes> [EX expire_seconds]."""
    value = b"x" * value_size
    suffix = (b"EX", str(expire_seconds).encode()) if expire_seconds else ()
    head = b"*%d\r\n$3\r\nSET\r\n$16\r\n" % (3 + len(suffix))
    tail = b"\r\n$%d\r\n%s\r\n" % (value_size, value) + b"".join(
        b"$%d\r\n%s\r\n" % (len(part), part) for part in suffix)
    return lambda i: head + KEY_FORMAT % i + tail


def set_hashes(fields: int) -> Callable[[int], bytes]:
    """HSET h:<i> f0 v0 f1 v1 ... with `fields` short fields."""
    pairs = [token for n in range(fields) for token in (f"f{n}", f"v{n}")]
    return lambda i: encode_command("HSET", f"h:{i}", *pairs)


def add_sets(members: int) -> Callable[[int], bytes]:
    """SADD s:<i> 0 1 ... with `members` small integers (an intset on both servers)."""
    return lambda i: encode_command("SADD", f"s:{i}", *[str(n) for n in range(members)])


def add_sorted_sets(members: int) -> Callable[[int], bytes]:
    """ZADD z:<i> 0 m0 1 m1 ... with `members` short members (a listpack on both servers)."""
    pairs = [token for n in range(members) for token in (str(n), f"m{n}")]
    return lambda i: encode_command("ZADD", f"z:{i}", *pairs)
