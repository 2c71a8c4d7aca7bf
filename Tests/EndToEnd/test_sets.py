"""Sets: SADD SREM SMEMBERS SISMEMBER SMISMEMBER SCARD SPOP SRANDMEMBER SMOVE SINTER SUNION SDIFF
and their STORE forms, SINTERCARD, SSCAN; SMOVE / S*STORE atomicity across shards."""

import pytest

from conftest import (NIL, NOT_INT, SYNTAX, WRONGTYPE, arity, array, bulk, bulks, err, integer,
                      parse_reply, RawConn, shard_of)
from test_concurrency import run_threads

pytestmark = pytest.mark.requires("sadd", "srem", "smembers", "scard", "sismember")

EMPTY = b"*0\r\n"


def members(raw, key) -> set:
    return set(parse_reply(raw.call("SMEMBERS", key)))


def bset(*items) -> set:
    return {i.encode() if isinstance(i, str) else i for i in items}


# ---------------------------------------------------------------- SADD / SREM / SCARD / SMEMBERS

def test_sadd_counts_new_members(raw):
    assert raw.call("SADD", "s", "a", "b", "a") == integer(2)
    assert raw.call("SADD", "s", "b", "c") == integer(1)
    assert raw.call("SCARD", "s") == integer(3)
    assert members(raw, "s") == bset("a", "b", "c")
    assert raw.call("SCARD", "nokey") == integer(0)
    assert raw.call("SMEMBERS", "nokey") == EMPTY
    assert raw.call("SADD", "s") == arity("sadd")


def test_integer_set_members(raw):
    assert raw.call("SADD", "s", "3", "1", "2", "-5", "1") == integer(4)
    assert raw.call("SMEMBERS", "s") == bulks("-5", "1", "2", "3")  # an intset is sorted
    assert raw.call("SISMEMBER", "s", "01") == integer(0)
    assert raw.call("SISMEMBER", "s", "1") == integer(1)


def test_srem_deletes_the_emptied_set(raw):
    raw.call("SADD", "s", "a", "b")
    assert raw.call("SREM", "s", "a", "x", "a") == integer(1)
    assert raw.call("SREM", "s", "b") == integer(1)
    assert raw.call("EXISTS", "s") == integer(0)
    assert raw.call("SREM", "nokey", "a") == integer(0)
    assert raw.call("SREM", "s") == arity("srem")


def test_sismember_and_smismember(raw):
    raw.call("SADD", "s", "a", "b")
    assert raw.call("SISMEMBER", "s", "a") == integer(1)
    assert raw.call("SISMEMBER", "s", "z") == integer(0)
    assert raw.call("SISMEMBER", "nokey", "a") == integer(0)
    assert raw.call("SMISMEMBER", "s", "a", "z", "b") == array(integer(1), integer(0), integer(1))
    assert raw.call("SMISMEMBER", "nokey", "a") == array(integer(0))
    assert raw.call("SMISMEMBER", "s") == arity("smismember")


def test_smembers_is_a_set_in_resp3(clean):
    with RawConn(clean.port) as c:
        c.call("HELLO", "3")
        c.call("SADD", "s", "a")
        assert c.call("SMEMBERS", "s") == b"~1\r\n$1\r\na\r\n"
        assert c.call("SMEMBERS", "nokey") == b"~0\r\n"
        assert c.call("SINTER", "s", "s") == b"~1\r\n$1\r\na\r\n"
        assert c.call("SUNION", "s", "nokey") == b"~1\r\n$1\r\na\r\n"
        assert c.call("SDIFF", "s", "s") == b"~0\r\n"


# ---------------------------------------------------------------- SPOP / SRANDMEMBER

def test_spop(raw):
    raw.call("SADD", "s", "a", "b", "c", "d")
    got = parse_reply(raw.call("SPOP", "s"))
    assert got in bset("a", "b", "c", "d")
    rest = parse_reply(raw.call("SPOP", "s", "2"))
    assert len(rest) == 2 and got not in rest
    assert raw.call("SCARD", "s") == integer(1)
    assert raw.call("SPOP", "s", "0") == EMPTY
    last = parse_reply(raw.call("SPOP", "s", "10"))
    assert bset(got, *rest, *last) == bset("a", "b", "c", "d")
    assert raw.call("EXISTS", "s") == integer(0)
    assert raw.call("SPOP", "s") == NIL
    assert raw.call("SPOP", "s", "3") == EMPTY


def test_spop_errors(raw):
    raw.call("SADD", "s", "a")
    assert raw.call("SPOP", "s", "-1") == err("ERR value is out of range, must be positive")
    assert raw.call("SPOP", "s", "abc") == err("ERR value is out of range, must be positive")
    assert raw.call("SPOP", "s", "1", "2") == SYNTAX
    assert raw.call("SCARD", "s") == integer(1)


def test_spop_with_count_of_a_large_set(r2):
    r2.sadd("s", *range(1000))
    popped = r2.spop("s", 300)
    assert len(set(popped)) == 300
    assert r2.scard("s") == 700
    assert not (set(popped) & set(r2.smembers("s")))


def test_srandmember(raw):
    assert raw.call("SRANDMEMBER", "nokey") == NIL
    assert raw.call("SRANDMEMBER", "nokey", "5") == EMPTY
    raw.call("SADD", "s", *[f"m{i}" for i in range(10)])
    assert parse_reply(raw.call("SRANDMEMBER", "s")).startswith(b"m")
    got = parse_reply(raw.call("SRANDMEMBER", "s", "4"))
    assert len(got) == 4 and len(set(got)) == 4
    assert set(parse_reply(raw.call("SRANDMEMBER", "s", "50"))) == members(raw, "s")
    assert len(parse_reply(raw.call("SRANDMEMBER", "s", "50"))) == 10
    assert len(parse_reply(raw.call("SRANDMEMBER", "s", "-50"))) == 50
    assert raw.call("SRANDMEMBER", "s", "0") == EMPTY
    assert raw.call("SCARD", "s") == integer(10)
    assert raw.call("SRANDMEMBER", "s", "x") == NOT_INT
    raw.call("SADD", "one", "x")
    assert raw.call("SRANDMEMBER", "one", "-3") == bulks("x", "x", "x")


# ---------------------------------------------------------------- SMOVE

def test_smove(raw):
    raw.call("SADD", "src", "a", "b")
    raw.call("SADD", "dst", "b")
    assert raw.call("SMOVE", "src", "dst", "a") == integer(1)
    assert raw.call("SMOVE", "src", "dst", "a") == integer(0)
    assert raw.call("SMOVE", "src", "dst", "b") == integer(1)
    assert raw.call("EXISTS", "src") == integer(0)
    assert members(raw, "dst") == bset("a", "b")
    assert raw.call("SMOVE", "nokey", "dst", "a") == integer(0)
    assert raw.call("SMOVE", "dst", "dst", "a") == integer(1)
    assert raw.call("SMOVE", "dst", "dst", "zz") == integer(0)
    raw.call("SET", "str", "v")
    assert raw.call("SMOVE", "dst", "str", "a") == WRONGTYPE
    assert raw.call("SMOVE", "str", "dst", "a") == WRONGTYPE
    assert members(raw, "dst") == bset("a", "b")


# ---------------------------------------------------------------- algebra

@pytest.fixture
def abc(raw):
    raw.call("SADD", "a", "1", "2", "3", "x")
    raw.call("SADD", "b", "2", "3", "4", "y")
    raw.call("SADD", "c", "3", "5", "x")
    return raw


def test_sinter_sunion_sdiff(abc):
    raw = abc
    assert set(parse_reply(raw.call("SINTER", "a", "b"))) == bset("2", "3")
    assert set(parse_reply(raw.call("SINTER", "a", "b", "c"))) == bset("3")
    assert raw.call("SINTER", "a", "nokey") == EMPTY
    assert set(parse_reply(raw.call("SUNION", "a", "b", "nokey"))) == bset(
        "1", "2", "3", "4", "x", "y")
    assert set(parse_reply(raw.call("SDIFF", "a", "b"))) == bset("1", "x")
    assert set(parse_reply(raw.call("SDIFF", "a", "b", "c"))) == bset("1")
    assert set(parse_reply(raw.call("SDIFF", "a", "nokey"))) == bset("1", "2", "3", "x")
    assert raw.call("SDIFF", "nokey", "a") == EMPTY
    assert raw.call("SINTER") == arity("sinter")


def test_store_forms_replace_the_destination(abc):
    raw = abc
    raw.call("SET", "dst", "string")
    assert raw.call("SINTERSTORE", "dst", "a", "b") == integer(2)
    assert raw.call("TYPE", "dst") == b"+set\r\n"
    assert members(raw, "dst") == bset("2", "3")
    assert raw.call("SUNIONSTORE", "dst", "a", "c") == integer(5)
    assert raw.call("SDIFFSTORE", "dst", "a", "b", "c") == integer(1)
    assert members(raw, "dst") == bset("1")
    assert raw.call("SUNIONSTORE", "a", "a", "b") == integer(6)  # destination among sources


def test_store_of_an_empty_result_deletes_the_destination(abc):
    raw = abc
    raw.call("SADD", "dst", "old")
    assert raw.call("SINTERSTORE", "dst", "a", "nokey") == integer(0)
    assert raw.call("EXISTS", "dst") == integer(0)
    raw.call("SET", "dst", "old")
    assert raw.call("SDIFFSTORE", "dst", "a", "a") == integer(0)
    assert raw.call("EXISTS", "dst") == integer(0)


def test_set_algebra_wrongtype(abc):
    raw = abc
    raw.call("SET", "str", "v")
    assert raw.call("SINTER", "a", "str") == WRONGTYPE
    assert raw.call("SUNION", "str", "a") == WRONGTYPE
    assert raw.call("SDIFF", "a", "str") == WRONGTYPE
    assert raw.call("SINTERSTORE", "dst", "a", "str") == WRONGTYPE
    assert raw.call("EXISTS", "dst") == integer(0)
    assert raw.call("SINTER", "nokey", "str") == WRONGTYPE


def test_sintercard(abc):
    raw = abc
    assert raw.call("SINTERCARD", "2", "a", "b") == integer(2)
    assert raw.call("SINTERCARD", "3", "a", "b", "c") == integer(1)
    assert raw.call("SINTERCARD", "2", "a", "b", "LIMIT", "1") == integer(1)
    assert raw.call("SINTERCARD", "2", "a", "b", "LIMIT", "0") == integer(2)
    assert raw.call("SINTERCARD", "2", "a", "nokey") == integer(0)
    assert raw.call("SINTERCARD", "0", "a") == err("ERR numkeys should be greater than 0")
    assert raw.call("SINTERCARD", "3", "a", "b") == err(
        "ERR Number of keys can't be greater than number of args")
    assert raw.call("SINTERCARD", "2", "a", "b", "LIMIT", "-1") == err(
        "ERR LIMIT can't be negative")
    assert raw.call("SINTERCARD", "2", "a", "b", "FOO", "1") == SYNTAX
    assert raw.call("SINTERCARD", "x", "a") == err("ERR numkeys should be greater than 0")


# ---------------------------------------------------------------- SSCAN

def test_sscan_returns_every_member(r2):
    r2.sadd("s", *[f"m{i}" for i in range(600)])
    seen = []
    cursor = 0
    while True:
        cursor, chunk = r2.sscan("s", cursor, count=40)
        seen += chunk
        if cursor == 0:
            break
    assert set(seen) == {f"m{i}".encode() for i in range(600)}


def test_sscan_match_on_an_intset(raw):
    raw.call("SADD", "s", "1", "10", "11", "2")
    cursor, got = parse_reply(raw.call("SSCAN", "s", "0", "MATCH", "1*"))
    assert cursor == b"0" and sorted(got) == [b"1", b"10", b"11"]
    assert raw.call("SSCAN", "nokey", "0") == array(bulk("0"), EMPTY)
    assert raw.call("SSCAN", "s", "0", "COUNT", "0") == SYNTAX


def test_set_commands_against_a_string(raw):
    raw.call("SET", "str", "v")
    for cmd in (["SADD", "str", "a"], ["SREM", "str", "a"], ["SMEMBERS", "str"],
                ["SISMEMBER", "str", "a"], ["SMISMEMBER", "str", "a"], ["SCARD", "str"],
                ["SPOP", "str"], ["SRANDMEMBER", "str"], ["SSCAN", "str", "0"]):
        assert raw.call(*cmd) == WRONGTYPE, cmd
    raw.call("SADD", "s", "a")
    assert raw.call("TYPE", "s") == b"+set\r\n"
    assert raw.call("GET", "s") == WRONGTYPE


def test_redis_py_round_trip(r3):
    assert r3.sadd("s", "a", "b") == 2
    assert r3.smembers("s") == {b"a", b"b"}
    assert r3.sinter("s", "nokey") == set()
    assert r3.smismember("s", ["a", "z"]) == [1, 0]


# ---------------------------------------------------------------- atomicity across shards

@pytest.mark.parametrize("src,dst", [("sa", "sb"), ("{t}sa", "{t}sb")])
def test_smove_between_shards_is_atomic(clean, src, dst):
    if "{" not in src:  # the untagged pair must really live on two shards
        assert shard_of(src) != shard_of(dst)
    init = clean.client()
    init.sadd(src, "token")
    stats = {"reads": 0}

    def mover(stop):
        c = clean.client()
        while not stop.is_set():
            c.smove(src, dst, "token")
            c.smove(dst, src, "token")

    def reader(stop):
        c = clean.client()
        while not stop.is_set():
            assert c.sunion(src, dst) == {b"token"}
            assert c.exists(src, dst) == 1
            stats["reads"] += 1

    run_threads([mover, mover, reader])
    assert stats["reads"] > 10


@pytest.mark.parametrize("s1,s2", [("s1", "s2"), ("{t}s1", "{t}s2")])
def test_store_forms_across_shards_see_one_moment(clean, s1, s2):
    """A token moves between two sets by SMOVE; the STORE forms reading both sets (and writing
    to a third, maybe on another shard) must never see it in both sets or in neither."""
    if "{" not in s1:  # the untagged pair must really live on two shards
        assert shard_of(s1) != shard_of(s2)
    c = clean.client()
    c.sadd(s1, "token", "a")
    c.sadd(s2, "b")

    def mover(stop):
        m = clean.client()
        while not stop.is_set():
            m.smove(s1, s2, "token")
            m.smove(s2, s1, "token")

    def storer(stop):
        st = clean.client()
        while not stop.is_set():
            assert st.sunionstore("u", s1, s2) == 3
            assert st.sinterstore("i", s1, s2) == 0
            diff = st.sdiffstore("d", s1, s2)
            assert diff in (1, 2), diff
            assert st.sintercard(2, [s1, s2]) == 0

    run_threads([mover, storer, storer])
    assert c.scard(s1) + c.scard(s2) == 3
