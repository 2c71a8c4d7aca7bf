"""Lists (non-blocking): LPUSH RPUSH LPUSHX RPUSHX LPOP RPOP LLEN LRANGE LINDEX LSET LINSERT LREM
LTRIM LPOS LMOVE RPOPLPUSH LMPOP, plus LMOVE/RPOPLPUSH atomicity across shards."""

import threading

import pytest

from conftest import (NIL, NIL_ARRAY, NOT_INT, OK, SYNTAX, WRONGTYPE, arity, array, bulk, bulks,
                      err, integer, RawConn, shard_of)
from test_concurrency import run_threads

pytestmark = pytest.mark.requires("lpush", "rpush", "lpop", "rpop", "llen", "lrange")

EMPTY = b"*0\r\n"


def fill(raw, key, *items):
    raw.call("DEL", key)
    if items:
        raw.call("RPUSH", key, *items)


# ---------------------------------------------------------------- push / pop / len

def test_push_order_and_counts(raw):
    assert raw.call("LPUSH", "l", "a", "b", "c") == integer(3)
    assert raw.call("RPUSH", "l", "x", "y") == integer(5)
    assert raw.call("LRANGE", "l", "0", "-1") == bulks("c", "b", "a", "x", "y")
    assert raw.call("LLEN", "l") == integer(5)
    assert raw.call("LLEN", "nokey") == integer(0)
    assert raw.call("LPUSH", "l") == arity("lpush")
    assert raw.call("RPUSH", "l") == arity("rpush")


def test_pushx_only_on_existing_lists(raw):
    assert raw.call("LPUSHX", "l", "a") == integer(0)
    assert raw.call("RPUSHX", "l", "a", "b") == integer(0)
    assert raw.call("EXISTS", "l") == integer(0)
    raw.call("RPUSH", "l", "m")
    assert raw.call("LPUSHX", "l", "a", "b") == integer(3)
    assert raw.call("RPUSHX", "l", "z") == integer(4)
    assert raw.call("LRANGE", "l", "0", "-1") == bulks("b", "a", "m", "z")


def test_pop_without_count(raw):
    fill(raw, "l", "a", "b", "c")
    assert raw.call("LPOP", "l") == bulk("a")
    assert raw.call("RPOP", "l") == bulk("c")
    assert raw.call("LPOP", "l") == bulk("b")
    assert raw.call("EXISTS", "l") == integer(0)
    assert raw.call("LPOP", "l") == NIL
    assert raw.call("RPOP", "nokey") == NIL


def test_pop_with_count(raw):
    fill(raw, "l", "a", "b", "c", "d", "e")
    assert raw.call("LPOP", "l", "2") == bulks("a", "b")
    assert raw.call("RPOP", "l", "2") == bulks("e", "d")
    assert raw.call("LPOP", "l", "0") == EMPTY
    assert raw.call("RPOP", "l", "10") == bulks("c")
    assert raw.call("EXISTS", "l") == integer(0)
    assert raw.call("LPOP", "nokey", "2") == NIL_ARRAY
    assert raw.call("LPOP", "nokey", "0") == NIL_ARRAY


def test_pop_count_errors(raw):
    fill(raw, "l", "a")
    assert raw.call("LPOP", "l", "-1") == err("ERR value is out of range, must be positive")
    assert raw.call("RPOP", "l", "abc") == err("ERR value is out of range, must be positive")
    assert raw.call("LPOP", "l", "1", "2") == arity("lpop")
    assert raw.call("LLEN", "l") == integer(1)


def test_pop_with_count_is_null_in_resp3(clean):
    with RawConn(clean.port) as c:
        c.call("HELLO", "3")
        assert c.call("LPOP", "nokey", "2") == b"_\r\n"
        assert c.call("LPOP", "nokey") == b"_\r\n"


# ---------------------------------------------------------------- LRANGE / LINDEX / LSET

def test_lrange_indexes(raw):
    fill(raw, "l", *"abcdef")
    assert raw.call("LRANGE", "l", "1", "3") == bulks("b", "c", "d")
    assert raw.call("LRANGE", "l", "-3", "-1") == bulks("d", "e", "f")
    assert raw.call("LRANGE", "l", "-100", "1") == bulks("a", "b")
    assert raw.call("LRANGE", "l", "4", "100") == bulks("e", "f")
    assert raw.call("LRANGE", "l", "3", "1") == EMPTY
    assert raw.call("LRANGE", "l", "10", "20") == EMPTY
    assert raw.call("LRANGE", "l", "-1", "-2") == EMPTY
    assert raw.call("LRANGE", "nokey", "0", "-1") == EMPTY
    assert raw.call("LRANGE", "l", "0", "abc") == NOT_INT
    assert raw.call("LRANGE", "l", "0") == arity("lrange")


def test_lindex(raw):
    fill(raw, "l", "a", "b", "c")
    assert raw.call("LINDEX", "l", "0") == bulk("a")
    assert raw.call("LINDEX", "l", "-1") == bulk("c")
    assert raw.call("LINDEX", "l", "3") == NIL
    assert raw.call("LINDEX", "l", "-4") == NIL
    assert raw.call("LINDEX", "nokey", "0") == NIL
    assert raw.call("LINDEX", "l", "x") == NOT_INT


def test_lset(raw):
    fill(raw, "l", "a", "b", "c")
    assert raw.call("LSET", "l", "1", "B") == OK
    assert raw.call("LSET", "l", "-1", "C") == OK
    assert raw.call("LRANGE", "l", "0", "-1") == bulks("a", "B", "C")
    assert raw.call("LSET", "l", "3", "x") == err("ERR index out of range")
    assert raw.call("LSET", "l", "-4", "x") == err("ERR index out of range")
    assert raw.call("LSET", "nokey", "0", "x") == err("ERR no such key")
    assert raw.call("LSET", "l", "a", "x") == NOT_INT


# ---------------------------------------------------------------- LINSERT / LREM / LTRIM

def test_linsert(raw):
    fill(raw, "l", "a", "c")
    assert raw.call("LINSERT", "l", "BEFORE", "c", "b") == integer(3)
    assert raw.call("LINSERT", "l", "after", "c", "d") == integer(4)
    assert raw.call("LINSERT", "l", "BEFORE", "zz", "x") == integer(-1)
    assert raw.call("LINSERT", "nokey", "BEFORE", "a", "x") == integer(0)
    assert raw.call("EXISTS", "nokey") == integer(0)
    assert raw.call("LINSERT", "l", "MIDDLE", "a", "x") == SYNTAX
    assert raw.call("LRANGE", "l", "0", "-1") == bulks("a", "b", "c", "d")


def test_lrem_directions(raw):
    fill(raw, "l", "x", "a", "x", "b", "x", "c", "x")
    assert raw.call("LREM", "l", "2", "x") == integer(2)
    assert raw.call("LRANGE", "l", "0", "-1") == bulks("a", "b", "x", "c", "x")
    assert raw.call("LREM", "l", "-1", "x") == integer(1)
    assert raw.call("LRANGE", "l", "0", "-1") == bulks("a", "b", "x", "c")
    assert raw.call("LREM", "l", "0", "x") == integer(1)
    assert raw.call("LREM", "l", "0", "nothing") == integer(0)
    assert raw.call("LREM", "nokey", "0", "x") == integer(0)
    assert raw.call("LREM", "l", "x", "a") == NOT_INT
    assert raw.call("LREM", "l", "0", "a") == integer(1)
    assert raw.call("LREM", "l", "0", "b") == integer(1)
    assert raw.call("LREM", "l", "0", "c") == integer(1)
    assert raw.call("EXISTS", "l") == integer(0)


def test_ltrim(raw):
    fill(raw, "l", *"abcdef")
    assert raw.call("LTRIM", "l", "1", "-2") == OK
    assert raw.call("LRANGE", "l", "0", "-1") == bulks("b", "c", "d", "e")
    assert raw.call("LTRIM", "l", "-100", "100") == OK
    assert raw.call("LLEN", "l") == integer(4)
    assert raw.call("LTRIM", "l", "2", "1") == OK
    assert raw.call("EXISTS", "l") == integer(0)
    assert raw.call("LTRIM", "nokey", "0", "1") == OK
    assert raw.call("LTRIM", "l", "a", "1") == NOT_INT


# ---------------------------------------------------------------- LPOS

def test_lpos(raw):
    fill(raw, "l", "a", "b", "c", "1", "2", "3", "c", "c")
    assert raw.call("LPOS", "l", "c") == integer(2)
    assert raw.call("LPOS", "l", "c", "RANK", "2") == integer(6)
    assert raw.call("LPOS", "l", "c", "RANK", "-1") == integer(7)
    assert raw.call("LPOS", "l", "c", "COUNT", "2") == array(integer(2), integer(6))
    assert raw.call("LPOS", "l", "c", "COUNT", "0") == array(integer(2), integer(6), integer(7))
    assert raw.call("LPOS", "l", "c", "RANK", "-1", "COUNT", "2") == array(integer(7), integer(6))
    assert raw.call("LPOS", "l", "c", "COUNT", "0", "MAXLEN", "7") == array(integer(2), integer(6))
    assert raw.call("LPOS", "l", "c", "MAXLEN", "2") == NIL
    assert raw.call("LPOS", "l", "zz") == NIL
    assert raw.call("LPOS", "l", "zz", "COUNT", "1") == EMPTY
    assert raw.call("LPOS", "nokey", "a") == NIL
    assert raw.call("LPOS", "nokey", "a", "COUNT", "1") == EMPTY


def test_lpos_errors(raw):
    fill(raw, "l", "a")
    assert raw.call("LPOS", "l", "a", "RANK", "0") == err(
        "ERR RANK can't be zero: use 1 to start from the first match, 2 from the second ... "
        "or use negative to start from the end of the list")
    assert raw.call("LPOS", "l", "a", "COUNT", "-1") == err("ERR COUNT can't be negative")
    assert raw.call("LPOS", "l", "a", "MAXLEN", "-1") == err("ERR MAXLEN can't be negative")
    assert raw.call("LPOS", "l", "a", "FOO", "1") == SYNTAX
    assert raw.call("LPOS", "l", "a", "RANK") == SYNTAX
    assert raw.call("LPOS", "l", "a", "RANK", "x") == NOT_INT


# ---------------------------------------------------------------- LMOVE / RPOPLPUSH / LMPOP

def test_lmove_every_direction(raw):
    fill(raw, "src", "a", "b", "c")
    fill(raw, "dst", "x")
    assert raw.call("LMOVE", "src", "dst", "LEFT", "RIGHT") == bulk("a")
    assert raw.call("LMOVE", "src", "dst", "RIGHT", "LEFT") == bulk("c")
    assert raw.call("LRANGE", "dst", "0", "-1") == bulks("c", "x", "a")
    assert raw.call("LMOVE", "src", "dst", "left", "left") == bulk("b")
    assert raw.call("EXISTS", "src") == integer(0)
    assert raw.call("LMOVE", "src", "dst", "LEFT", "LEFT") == NIL
    assert raw.call("LMOVE", "dst", "dst", "LEFT", "RIGHT") == bulk("b")
    assert raw.call("LRANGE", "dst", "0", "-1") == bulks("c", "x", "a", "b")
    assert raw.call("LMOVE", "dst", "dst", "UP", "LEFT") == SYNTAX


def test_rpoplpush(raw):
    fill(raw, "a", "1", "2", "3")
    assert raw.call("RPOPLPUSH", "a", "b") == bulk("3")
    assert raw.call("RPOPLPUSH", "a", "a") == bulk("2")
    assert raw.call("LRANGE", "a", "0", "-1") == bulks("2", "1")
    assert raw.call("RPOPLPUSH", "nokey", "b") == NIL
    assert raw.call("EXISTS", "nokey") == integer(0)


def test_lmove_to_a_wrong_type_destination_keeps_the_source(raw):
    fill(raw, "src", "a")
    raw.call("SET", "str", "v")
    assert raw.call("LMOVE", "src", "str", "LEFT", "LEFT") == WRONGTYPE
    assert raw.call("RPOPLPUSH", "src", "str") == WRONGTYPE
    assert raw.call("LRANGE", "src", "0", "-1") == bulks("a")


def test_lmpop(raw):
    fill(raw, "b", "1", "2", "3")
    assert raw.call("LMPOP", "2", "a", "b", "LEFT") == array(bulk("b"), bulks("1"))
    assert raw.call("LMPOP", "2", "a", "b", "RIGHT", "COUNT", "5") == array(
        bulk("b"), bulks("3", "2"))
    assert raw.call("EXISTS", "b") == integer(0)
    assert raw.call("LMPOP", "2", "a", "b", "LEFT") == NIL_ARRAY


def test_lmpop_errors(raw):
    assert raw.call("LMPOP", "0", "a", "LEFT") == err("ERR numkeys should be greater than 0")
    assert raw.call("LMPOP", "1", "a", "LEFT", "COUNT", "0") == err(
        "ERR count should be greater than 0")
    assert raw.call("LMPOP", "1", "a", "MIDDLE") == SYNTAX
    assert raw.call("LMPOP", "3", "a", "LEFT") == SYNTAX
    assert raw.call("LMPOP", "1", "a") == arity("lmpop")
    raw.call("SET", "s", "v")
    assert raw.call("LMPOP", "1", "s", "LEFT") == WRONGTYPE


# ---------------------------------------------------------------- types and clients

def test_list_commands_against_other_types(raw):
    raw.call("SET", "s", "v")
    for cmd in (["LPUSH", "s", "a"], ["RPUSHX", "s", "a"], ["LPOP", "s"], ["LLEN", "s"],
                ["LRANGE", "s", "0", "-1"], ["LINDEX", "s", "0"], ["LSET", "s", "0", "a"],
                ["LINSERT", "s", "BEFORE", "a", "b"], ["LREM", "s", "0", "a"],
                ["LTRIM", "s", "0", "1"], ["LPOS", "s", "a"], ["LMOVE", "s", "d", "LEFT", "LEFT"],
                ["RPOPLPUSH", "s", "d"]):
        assert raw.call(*cmd) == WRONGTYPE, cmd
    raw.call("RPUSH", "l", "a")
    assert raw.call("TYPE", "l") == b"+list\r\n"
    assert raw.call("GET", "l") == WRONGTYPE
    assert raw.call("INCR", "l") == WRONGTYPE


def test_long_lists_and_big_values(r2):
    big = b"x" * 100_000
    r2.rpush("l", *[str(i) for i in range(10_000)])
    r2.rpush("l", big)
    assert r2.llen("l") == 10_001
    assert r2.lindex("l", 5000) == b"5000"
    assert r2.lindex("l", -1) == big
    assert r2.lrange("l", 9998, 9999) == [b"9998", b"9999"]
    assert r2.lpos("l", "7777") == 7777


def test_redis_py_round_trip(r3):
    assert r3.rpush("l", "a", "b") == 2
    assert r3.lpop("l", 5) == [b"a", b"b"]
    assert r3.lpop("l", 5) is None
    assert r3.lmpop(1, "l", direction="LEFT") is None


# ---------------------------------------------------------------- atomicity across shards

@pytest.mark.parametrize("src,dst", [("la", "lb"), ("{t}la", "{t}lb")])
def test_lmove_between_shards_is_atomic(clean, src, dst):
    """One element shuttles between two lists; a reader of both never sees 0 or 2 copies.

    A list that holds the only element exists, an emptied one is deleted, so the multi-key
    EXISTS (atomic across shards like MGET) must always count exactly one key."""
    if "{" not in src:  # the untagged pair must really live on two shards
        assert shard_of(src) != shard_of(dst)
    init = clean.client()
    init.delete(src, dst)
    init.rpush(src, "token")
    stats = {"reads": 0}

    def mover(stop):
        c = clean.client()
        while not stop.is_set():
            c.lmove(src, dst, "LEFT", "RIGHT")
            c.rpoplpush(dst, src)
            c.lmove(dst, src, "RIGHT", "LEFT")

    def reader(stop):
        c = clean.client()
        while not stop.is_set():
            assert c.exists(src, dst) == 1
            stats["reads"] += 1

    run_threads([mover, mover, reader, reader])
    assert stats["reads"] > 10
    assert init.llen(src) + init.llen(dst) == 1


def test_lmove_between_shards_loses_no_elements(clean):
    c = clean.client()
    c.rpush("src", *range(2000))
    errors = []

    def drain():
        d = clean.client()
        try:
            while d.lmove("src", "dst", "RIGHT", "LEFT") is not None:
                pass
        except Exception as e:  # noqa: BLE001
            errors.append(e)

    threads = [threading.Thread(target=drain) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert not errors
    assert c.exists("src") == 0
    assert sorted(int(x) for x in c.lrange("dst", 0, -1)) == list(range(2000))
