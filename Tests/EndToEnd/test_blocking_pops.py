"""Blocking pops: BLPOP BRPOP BLMOVE BRPOPLPUSH BLMPOP BZPOPMIN BZPOPMAX BZMPOP, from many
clients, with timeouts (fractional, 0 = forever), FIFO service of clients blocked on one key,
exactly one receiver per element, keys on several shards, CLIENT UNBLOCK, chained and self
moves, and disconnected blocked clients. No MULTI anywhere.

A blocked client is a RawConn that sent its command and reads the reply later; `wait_blocked`
polls INFO's blocked_clients so that each test knows the server has parked the client."""

import threading
import time

import pytest

from conftest import (NIL_ARRAY, WRONGTYPE, arity, array, bulk, bulks, encode_command, err, integer,
                      parse_reply, RawConn, shard_of)
from test_concurrency import run_threads

pytestmark = pytest.mark.requires("blpop", "brpop", "rpush", "lpush")

TIMEOUT_NEGATIVE = err("ERR timeout is negative")
TIMEOUT_NOT_FLOAT = err("ERR timeout is not a float or out of range")


def blocked_clients(port: int) -> int:
    with RawConn(port) as c:
        info = parse_reply(c.call("INFO", "clients")).decode()
    for line in info.splitlines():
        if line.startswith("blocked_clients:"):
            return int(line.split(":")[1])
    raise AssertionError(f"no blocked_clients in INFO clients: {info!r}")


def wait_blocked(port: int, n: int, timeout: float = 5.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if blocked_clients(port) == n:
            return
        time.sleep(0.01)
    raise AssertionError(f"expected {n} blocked clients, INFO says {blocked_clients(port)}")


def block(server, *cmd) -> RawConn:
    """A new connection that sends `cmd` (a blocking command) without reading the reply."""
    c = RawConn(server.port)
    c.send(encode_command(*cmd))
    return c


def elapsed(fn):
    t0 = time.monotonic()
    out = fn()
    return out, time.monotonic() - t0


# ---------------------------------------------------------------- immediate answers

def test_blpop_brpop_answer_at_once_when_a_list_has_elements(raw):
    raw.call("RPUSH", "b", "1", "2", "3")
    assert raw.call("BLPOP", "a", "b", "0") == bulks("b", "1")
    assert raw.call("BRPOP", "a", "b", "0") == bulks("b", "3")
    assert raw.call("BLPOP", "b", "0.1") == bulks("b", "2")
    assert raw.call("EXISTS", "b") == integer(0)


@pytest.mark.requires("bzpopmin")
def test_blocking_pops_on_a_wrong_type_key(raw):
    raw.call("SET", "s", "v")
    assert raw.call("BLPOP", "nokey", "s", "0") == WRONGTYPE
    assert raw.call("BZPOPMIN", "s", "0") == WRONGTYPE


@pytest.mark.requires("bzpopmin", "bzpopmax", "blmove", "brpoplpush", "blmpop")
def test_timeout_arguments(raw):
    for cmd in ("BLPOP", "BRPOP", "BZPOPMIN", "BZPOPMAX"):
        assert raw.call(cmd, "k", "-1") == TIMEOUT_NEGATIVE, cmd
        assert raw.call(cmd, "k", "abc") == TIMEOUT_NOT_FLOAT, cmd
    assert raw.call("BLMOVE", "a", "b", "LEFT", "LEFT", "-0.5") == TIMEOUT_NEGATIVE
    assert raw.call("BRPOPLPUSH", "a", "b", "x") == TIMEOUT_NOT_FLOAT
    assert raw.call("BLMPOP", "-1", "1", "a", "LEFT") == TIMEOUT_NEGATIVE
    assert raw.call("BLPOP", "k") == arity("blpop")
    assert raw.call("BLMOVE", "a", "b", "UP", "LEFT", "0") == err("ERR syntax error")


# ---------------------------------------------------------------- timeouts

def _needs(cmd, *names):
    return pytest.param(cmd, marks=pytest.mark.requires(*names), id=cmd[0])


@pytest.mark.parametrize("cmd", [
    _needs(["BLPOP", "a", "b"], "blpop"), _needs(["BRPOP", "a"], "brpop"),
    _needs(["BLMPOP", None, "2", "a", "b", "LEFT"], "blmpop"),
    _needs(["BZPOPMIN", "z"], "bzpopmin"), _needs(["BZPOPMAX", "z", "y"], "bzpopmax"),
    _needs(["BZMPOP", None, "1", "z", "MAX"], "bzmpop"),
])
def test_fractional_timeout_answers_a_null_array(clean, cmd):
    args = [cmd[0], "0.2", *cmd[2:]] if cmd[1] is None else [*cmd, "0.2"]
    with RawConn(clean.port) as c:
        reply, took = elapsed(lambda: c.call(*args))
        assert reply == NIL_ARRAY
        assert 0.15 <= took < 3.0, took
        c.call("HELLO", "3")
        assert c.call(*args) == b"_\r\n"


@pytest.mark.requires("blmove", "brpoplpush")
def test_blmove_and_brpoplpush_time_out_with_a_null_array_too(raw):
    # 7.0 answers every blocking timeout with a null array, even where the immediate
    # reply is a bulk string
    reply, took = elapsed(lambda: raw.call("BLMOVE", "a", "b", "LEFT", "RIGHT", "0.1"))
    assert reply == NIL_ARRAY and took >= 0.08
    assert raw.call("BRPOPLPUSH", "a", "b", "0.1") == NIL_ARRAY
    assert raw.call("LMOVE", "a", "b", "LEFT", "RIGHT") == b"$-1\r\n"


def test_zero_timeout_blocks_until_a_push(clean):
    c = block(clean, "BLPOP", "l", "0")
    wait_blocked(clean.port, 1)
    time.sleep(0.3)
    assert c.read_available(0.05) == b""  # still waiting
    with RawConn(clean.port) as p:
        assert p.call("RPUSH", "l", "x") == integer(1)
        assert c.read_reply() == bulks("l", "x")
        assert p.call("EXISTS", "l") == integer(0)
    wait_blocked(clean.port, 0)
    c.close()


# ---------------------------------------------------------------- who gets what

def test_clients_blocked_on_one_key_are_served_first_come_first_served(clean):
    conns = []
    for i in range(4):
        conns.append(block(clean, "BLPOP", "l", "5"))
        wait_blocked(clean.port, i + 1)
    with RawConn(clean.port) as p:
        assert p.call("RPUSH", "l", "a", "b", "c") == integer(3)
        assert [c.read_reply() for c in conns[:3]] == [bulks("l", v) for v in "abc"]
        wait_blocked(clean.port, 1)
        assert p.call("LPUSH", "l", "d") == integer(1)
        assert conns[3].read_reply() == bulks("l", "d")
    for c in conns:
        c.close()


def test_a_push_served_at_once_leaves_no_list(clean):
    c = block(clean, "BRPOP", "l", "5")
    wait_blocked(clean.port, 1)
    with RawConn(clean.port) as p:
        assert p.call("LPUSH", "l", "x") == integer(1)
        assert c.read_reply() == bulks("l", "x")
        assert p.call("EXISTS", "l") == integer(0)
        assert p.call("LLEN", "l") == integer(0)
    c.close()


def test_a_client_blocked_on_keys_of_several_shards_is_served_by_the_first_push(clean):
    keys = [f"key:{i}" for i in range(8)] + ["{a}x", "{b}y"]  # spread over every shard
    for target in (keys[5], keys[-1], keys[0]):
        c = block(clean, "BLPOP", *keys, "5")
        wait_blocked(clean.port, 1)
        with RawConn(clean.port) as p:
            assert p.call("RPUSH", target, "v") == integer(1)
            assert c.read_reply() == bulks(target, "v")
            wait_blocked(clean.port, 0)
            # the client is no longer waiting on the other keys
            assert p.call("RPUSH", keys[1], "w") == integer(1)
            assert p.call("LPOP", keys[1]) == bulk("w")
        c.close()


def test_every_element_reaches_exactly_one_client(clean):
    """Many poppers blocked on three keys (on different shards), many pushers: every pushed
    element is popped exactly once."""
    keys = ["q1", "q2", "{z}q3"]
    n_pushers, per_pusher, n_poppers = 4, 250, 6
    got, errors = [], []
    lock = threading.Lock()

    def popper():
        c = clean.client()
        try:
            while True:
                r = c.blpop(keys, timeout=10)  # ends on "stop"; the timeout is a safety net
                if r is None:
                    return
                if r[1] == b"stop":
                    return
                with lock:
                    got.append(r[1])
        except Exception as e:  # noqa: BLE001
            errors.append(e)

    def pusher(pid):
        c = clean.client()
        for i in range(per_pusher):
            c.rpush(keys[i % len(keys)], f"{pid}:{i}")

    poppers = [threading.Thread(target=popper, daemon=True) for _ in range(n_poppers)]
    for t in poppers:
        t.start()
    wait_blocked(clean.port, n_poppers)
    pushers = [threading.Thread(target=pusher, args=(p,), daemon=True) for p in range(n_pushers)]
    for t in pushers:
        t.start()
    for t in pushers:
        t.join(60)
    c = clean.client()
    for _ in range(n_poppers):
        c.rpush(keys[0], "stop")
    for t in poppers:
        t.join(60)
        assert not t.is_alive()
    assert not errors, errors
    want = sorted(f"{p}:{i}".encode() for p in range(n_pushers) for i in range(per_pusher))
    assert sorted(got) == want
    assert c.exists(*keys) == 0


# ---------------------------------------------------------------- moves

@pytest.mark.requires("blmove", "brpoplpush")
def test_blmove_and_brpoplpush_wake_on_push(clean):
    c1 = block(clean, "BLMOVE", "src", "{other}dst", "RIGHT", "LEFT", "5")
    c2 = block(clean, "BRPOPLPUSH", "src2", "dst2", "5")
    wait_blocked(clean.port, 2)
    with RawConn(clean.port) as p:
        p.call("RPUSH", "src", "a", "b")
        assert c1.read_reply() == bulk("b")  # RIGHT pops the tail
        assert p.call("LRANGE", "{other}dst", "0", "-1") == bulks("b")
        assert p.call("LRANGE", "src", "0", "-1") == bulks("a")
        p.call("RPUSH", "src2", "x")
        assert c2.read_reply() == bulk("x")
        assert p.call("LRANGE", "dst2", "0", "-1") == bulks("x")
        assert p.call("EXISTS", "src2") == integer(0)
    c1.close()
    c2.close()


@pytest.mark.requires("blmove")
def test_blmove_onto_the_same_list(clean):
    c = block(clean, "BLMOVE", "l", "l", "LEFT", "RIGHT", "5")
    wait_blocked(clean.port, 1)
    with RawConn(clean.port) as p:
        assert p.call("RPUSH", "l", "a", "b", "c") == integer(3)
        assert c.read_reply() == bulk("a")
        assert p.call("LRANGE", "l", "0", "-1") == bulks("b", "c", "a")
    c.close()


@pytest.mark.requires("brpoplpush")
def test_self_referential_brpoplpush(clean):
    """A client blocked moving a list onto itself is woken by the push and leaves the element
    where it was."""
    c = block(clean, "BRPOPLPUSH", "l", "l", "5")
    wait_blocked(clean.port, 1)
    with RawConn(clean.port) as p:
        assert p.call("RPUSH", "l", "foo") == integer(1)
        assert c.read_reply() == bulk("foo")
        assert p.call("LRANGE", "l", "0", "-1") == bulks("foo")
    c.close()


@pytest.mark.requires("blmove")
def test_circular_blmoves_both_wake(clean):
    """client1 waits on a -> b and client2 on b -> a: one push to a goes round the circle,
    both clients are served and the element ends where it started."""
    c1 = block(clean, "BLMOVE", "a", "b", "RIGHT", "LEFT", "5")
    wait_blocked(clean.port, 1)
    c2 = block(clean, "BLMOVE", "b", "a", "RIGHT", "LEFT", "5")
    wait_blocked(clean.port, 2)
    with RawConn(clean.port) as p:
        p.call("RPUSH", "a", "foo")
        assert c1.read_reply() == bulk("foo")
        assert c2.read_reply() == bulk("foo")
        assert p.call("LRANGE", "a", "0", "-1") == bulks("foo")
        assert p.call("EXISTS", "b") == integer(0)
        wait_blocked(clean.port, 0)
    c1.close()
    c2.close()


@pytest.mark.requires("blmove", "lmove")
def test_lmove_onto_itself_while_a_client_waits_on_another_key(clean):
    """A self LMOVE rotates the list and must not wake (or feed) a client blocked elsewhere."""
    c = block(clean, "BLPOP", "other", "0.5")
    wait_blocked(clean.port, 1)
    with RawConn(clean.port) as p:
        p.call("RPUSH", "l", "x", "y")
        assert p.call("LMOVE", "l", "l", "LEFT", "RIGHT") == bulk("x")
        assert p.call("LRANGE", "l", "0", "-1") == bulks("y", "x")
        assert c.read_reply() == NIL_ARRAY
    c.close()


@pytest.mark.requires("blmove")
def test_chained_blmoves_pass_an_element_along(clean):
    """client1 waits on a -> b, client2 on b -> c: a push to a ends in c (the element that
    client1 moves into b wakes client2 at once, as in Redis)."""
    c1 = block(clean, "BLMOVE", "a", "b", "LEFT", "LEFT", "5")
    wait_blocked(clean.port, 1)
    c2 = block(clean, "BLMOVE", "b", "{c}c", "LEFT", "LEFT", "5")
    wait_blocked(clean.port, 2)
    with RawConn(clean.port) as p:
        p.call("RPUSH", "a", "token")
        assert c1.read_reply() == bulk("token")
        assert c2.read_reply() == bulk("token")
        assert p.call("EXISTS", "a", "b") == integer(0)
        assert p.call("LRANGE", "{c}c", "0", "-1") == bulks("token")
    c1.close()
    c2.close()


@pytest.mark.requires("blmove")
def test_blmove_to_a_wrong_type_destination(clean):
    with RawConn(clean.port) as p:
        p.call("SET", "str", "v")
        c = block(clean, "BLMOVE", "l", "str", "LEFT", "LEFT", "5")
        wait_blocked(clean.port, 1)
        p.call("RPUSH", "l", "x")
        assert c.read_reply() == WRONGTYPE
        assert p.call("LRANGE", "l", "0", "-1") == bulks("x")  # the element stays
    c.close()


@pytest.mark.slow
@pytest.mark.requires("blmove")
@pytest.mark.parametrize("a,b", [("la", "lb"), ("{t}la", "{t}lb")])
def test_blmove_between_shards_is_atomic(clean, a, b):
    """A token shuttles between two lists by BLMOVE from two clients; a reader never sees it
    in both lists or in neither (EXISTS over both is atomic like MGET)."""
    if "{" not in a:  # the untagged pair must really live on two shards
        assert shard_of(a) != shard_of(b)
    init = clean.client()
    init.rpush(a, "token")
    stats = {"reads": 0, "moves": 0}

    def mover(src, dst):
        def run(stop):
            c = clean.client()
            while not stop.is_set():
                if c.blmove(src, dst, 0.1, "LEFT", "RIGHT") is not None:
                    stats["moves"] += 1
        return run

    def reader(stop):
        c = clean.client()
        while not stop.is_set():
            assert c.exists(a, b) == 1
            stats["reads"] += 1

    run_threads([mover(a, b), mover(b, a), reader])
    assert stats["moves"] > 10 and stats["reads"] > 10


# ---------------------------------------------------------------- BLMPOP / BZ*

@pytest.mark.requires("blmpop")
def test_blmpop(clean):
    with RawConn(clean.port) as p:
        p.call("RPUSH", "b", "1", "2", "3")
        assert p.call("BLMPOP", "0", "2", "a", "b", "RIGHT", "COUNT", "2") == array(
            bulk("b"), bulks("3", "2"))
        c = block(clean, "BLMPOP", "5", "2", "a", "{x}b", "LEFT", "COUNT", "10")
        wait_blocked(clean.port, 1)
        p.call("RPUSH", "{x}b", "p", "q")
        assert c.read_reply() == array(bulk("{x}b"), bulks("p", "q"))
        assert p.call("BLMPOP", "0", "0", "a", "LEFT") == err(
            "ERR numkeys should be greater than 0")
        assert p.call("BLMPOP", "0", "1", "a", "LEFT", "COUNT", "0") == err(
            "ERR count should be greater than 0")
        c.close()


@pytest.mark.requires("zadd", "bzpopmin", "bzpopmax")
def test_bzpopmin_bzpopmax(clean):
    with RawConn(clean.port) as p:
        p.call("ZADD", "z", "1", "a", "2", "b", "0.1", "c")
        assert p.call("BZPOPMIN", "nokey", "z", "0") == bulks("z", "c", "0.10000000000000001")
        assert p.call("BZPOPMAX", "z", "0") == bulks("z", "b", "2")
        p.call("DEL", "z")
        c1 = block(clean, "BZPOPMIN", "z1", "{q}z2", "5")
        wait_blocked(clean.port, 1)
        c2 = block(clean, "BZPOPMAX", "{q}z2", "5")
        wait_blocked(clean.port, 2)
        assert p.call("ZADD", "{q}z2", "5", "x", "6", "y") == integer(2)
        assert c1.read_reply() == bulks("{q}z2", "x", "5")
        assert c2.read_reply() == bulks("{q}z2", "y", "6")
        assert p.call("EXISTS", "{q}z2") == integer(0)
        c1.close()
        c2.close()


@pytest.mark.requires("zadd", "bzpopmin")
def test_bzpopmin_resp3_reply(clean):
    with RawConn(clean.port) as p:
        p.call("HELLO", "3")
        p.call("ZADD", "z", "1.5", "a")
        assert p.call("BZPOPMIN", "z", "0") == b"*3\r\n$1\r\nz\r\n$1\r\na\r\n,1.5\r\n"


@pytest.mark.requires("zadd", "bzmpop")
def test_bzmpop(clean):
    with RawConn(clean.port) as p:
        p.call("ZADD", "z", "1", "a", "2", "b", "3", "c")
        assert p.call("BZMPOP", "0", "1", "z", "MAX", "COUNT", "2") == array(
            bulk("z"), array(bulks("c", "3"), bulks("b", "2")))
        p.call("DEL", "z")
        c = block(clean, "BZMPOP", "5", "2", "y", "z", "MIN")
        wait_blocked(clean.port, 1)
        p.call("ZADD", "z", "7", "m")
        assert c.read_reply() == array(bulk("z"), array(bulks("m", "7")))
        assert p.call("BZMPOP", "0", "1", "z", "FOO") == err("ERR syntax error")
        c.close()


# ---------------------------------------------------------------- CLIENT UNBLOCK

def _client_id(c: RawConn) -> int:
    return parse_reply(c.call("CLIENT", "ID"))


def test_client_unblock_timeout_and_error(clean):
    with RawConn(clean.port) as p:
        c = RawConn(clean.port)
        cid = _client_id(c)
        c.send(encode_command("BLPOP", "l", "0"))
        wait_blocked(clean.port, 1)
        assert p.call("CLIENT", "UNBLOCK", str(cid), "TIMEOUT") == integer(1)
        assert c.read_reply() == NIL_ARRAY
        wait_blocked(clean.port, 0)
        assert p.call("CLIENT", "UNBLOCK", str(cid)) == integer(0)  # not blocked any more

        c.send(encode_command("BRPOP", "l", "0"))
        wait_blocked(clean.port, 1)
        assert p.call("CLIENT", "UNBLOCK", str(cid), "ERROR") == integer(1)
        assert c.read_reply() == err("UNBLOCKED client unblocked via CLIENT UNBLOCK")
        assert p.call("CLIENT", "UNBLOCK", str(cid), "FOO") == err("ERR CLIENT UNBLOCK reason "
                                                                     "should be TIMEOUT or ERROR")
        assert p.call("CLIENT", "UNBLOCK", "999999") == integer(0)
        # the connection still works and the key was not touched
        assert c.call("PING") == b"+PONG\r\n"
        p.call("RPUSH", "l", "x")
        assert p.call("LLEN", "l") == integer(1)
        c.close()


# ---------------------------------------------------------------- disconnects

def test_a_disconnected_blocked_client_leaves_no_trace(clean):
    ghosts = [block(clean, "BLPOP", "l", "{x}other", "0") for _ in range(3)]
    wait_blocked(clean.port, 3)
    for g in ghosts:
        g.close()
    wait_blocked(clean.port, 0)
    with RawConn(clean.port) as p:
        assert p.call("RPUSH", "l", "x") == integer(1)
        assert p.call("LRANGE", "l", "0", "-1") == bulks("x")  # nobody took it
        live = block(clean, "BLPOP", "{x}other", "5")
        wait_blocked(clean.port, 1)
        p.call("RPUSH", "{x}other", "y")
        assert live.read_reply() == bulks("{x}other", "y")
        live.close()


def test_disconnect_while_many_are_blocked_keeps_order_for_the_rest(clean):
    conns = []
    for i in range(4):
        conns.append(block(clean, "BLPOP", "l", "5"))
        wait_blocked(clean.port, i + 1)
    conns[1].close()
    wait_blocked(clean.port, 3)
    with RawConn(clean.port) as p:
        p.call("RPUSH", "l", "a", "b", "c")
        assert conns[0].read_reply() == bulks("l", "a")
        assert conns[2].read_reply() == bulks("l", "b")
        assert conns[3].read_reply() == bulks("l", "c")
    for c in conns:
        c.close()


def test_blocked_client_timeout_does_not_eat_a_later_push(clean):
    c = block(clean, "BLPOP", "l", "0.1")
    assert c.read_reply() == NIL_ARRAY
    with RawConn(clean.port) as p:
        assert p.call("RPUSH", "l", "x") == integer(1)
        assert p.call("LLEN", "l") == integer(1)
    c.close()


def test_many_clients_with_short_timeouts(clean):
    conns = [block(clean, "BLPOP", f"t{i}", "0.3") for i in range(20)]
    t0 = time.monotonic()
    for c in conns:
        assert c.read_reply() == NIL_ARRAY
        c.close()
    assert time.monotonic() - t0 < 5
    wait_blocked(clean.port, 0)
