"""Sorted sets: ZADD (NX XX GT LT CH INCR) ZINCRBY ZREM ZCARD ZSCORE ZMSCORE ZRANK ZREVRANK, the
ZRANGE family (BYSCORE BYLEX REV LIMIT WITHSCORES) and ZRANGESTORE, ZCOUNT ZLEXCOUNT, ZPOPMIN/MAX,
ZMPOP, ZREMRANGEBY*, ZUNION ZINTER ZDIFF (+STORE, WEIGHTS, AGGREGATE), ZINTERCARD, ZRANDMEMBER,
ZSCAN. Scores print as Redis 7.0 does (%.17g: 0.1 -> 0.10000000000000001 in RESP2, doubles in
RESP3)."""

import pytest

from conftest import (NIL, NIL_ARRAY, NOT_FLOAT, NOT_INT, SYNTAX, WRONGTYPE, arity, array, bulk,
                      bulks, err, integer, parse_reply, RawConn, shard_of)
from test_concurrency import run_threads

pytestmark = pytest.mark.requires("zadd", "zrange", "zscore", "zcard", "zrem")

EMPTY = b"*0\r\n"


@pytest.fixture
def z(raw):
    """z: a=1 b=2 c=3 d=4 e=5."""
    raw.call("ZADD", "z", "1", "a", "2", "b", "3", "c", "4", "d", "5", "e")
    return raw


@pytest.fixture
def lex(raw):
    """lex: members a..g, all with score 0."""
    raw.call("ZADD", "lex", *[x for m in "abcdefg" for x in ("0", m)])
    return raw


# ---------------------------------------------------------------- score formatting

def test_scores_print_like_redis_7_0(raw):
    raw.call("ZADD", "z", "0.1", "a", "1", "b", "inf", "c", "-inf", "d", "1e20", "e",
             "3.0", "f", "1.5", "g", "12345678901234567890", "h", "-0.0", "i", "2.5e-5", "j")
    assert raw.call("ZRANGE", "z", "0", "-1", "WITHSCORES") == bulks(
        "d", "-inf", "i", "0", "j", "2.5000000000000001e-05", "a", "0.10000000000000001",
        "b", "1", "g", "1.5", "f", "3", "h", "1.2345678901234567e+19", "e", "1e+20", "c", "inf")
    assert raw.call("ZSCORE", "z", "a") == bulk("0.10000000000000001")
    assert raw.call("ZSCORE", "z", "c") == bulk("inf")
    assert raw.call("ZSCORE", "z", "d") == bulk("-inf")
    assert raw.call("ZSCORE", "z", "h") == bulk("1.2345678901234567e+19")
    assert raw.call("ZSCORE", "z", "i") == bulk("0")
    assert raw.call("ZSCORE", "z", "j") == bulk("2.5000000000000001e-05")
    assert raw.call("ZRANGE", "z", "0", "2", "WITHSCORES") == bulks(
        "d", "-inf", "i", "0", "j", "2.5000000000000001e-05")
    assert raw.call("ZSCORE", "z", "nomember") == NIL
    assert raw.call("ZSCORE", "nokey", "a") == NIL


def test_scores_are_doubles_in_resp3(clean):
    with RawConn(clean.port) as c:
        c.call("HELLO", "3")
        c.call("ZADD", "z", "0.1", "a", "2", "b", "inf", "c")
        # Redis 7.0 prints RESP3 doubles with %.17g too
        assert c.call("ZSCORE", "z", "a") == b",0.10000000000000001\r\n"
        assert c.call("ZSCORE", "z", "b") == b",2\r\n"
        assert c.call("ZSCORE", "z", "c") == b",inf\r\n"
        assert c.call("ZSCORE", "z", "x") == b"_\r\n"
        assert c.call("ZMSCORE", "z", "a", "x") == b"*2\r\n,0.10000000000000001\r\n_\r\n"
        assert c.call("ZRANGE", "z", "0", "0", "WITHSCORES") == (
            b"*1\r\n*2\r\n$1\r\na\r\n,0.10000000000000001\r\n")
        assert c.call("ZRANGEBYSCORE", "z", "2", "2", "WITHSCORES") == (
            b"*1\r\n*2\r\n$1\r\nb\r\n,2\r\n")
        assert c.call("ZUNION", "1", "z", "WITHSCORES").startswith(b"*3\r\n*2\r\n")
        assert c.call("ZRANDMEMBER", "nokey") == b"_\r\n"
        assert c.call("ZPOPMIN", "nokey") == b"*0\r\n"
        assert c.call("ZINCRBY", "z", "1", "b") == b",3\r\n"
        assert c.call("ZADD", "z", "INCR", "1", "b") == b",4\r\n"
        assert c.call("ZPOPMIN", "z") == b"*2\r\n$1\r\na\r\n,0.10000000000000001\r\n"
        assert c.call("ZPOPMIN", "z", "1") == b"*1\r\n*2\r\n$1\r\nb\r\n,4\r\n"


def test_redis_py_resp3_withscores(r3):
    r3.zadd("z", {"a": 0.1, "b": 2})
    assert r3.zrange("z", 0, -1, withscores=True) == [[b"a", 0.1], [b"b", 2.0]]
    assert r3.zscore("z", "a") == 0.1


# ---------------------------------------------------------------- ZADD

def test_zadd_counts_and_updates(raw):
    assert raw.call("ZADD", "z", "1", "a", "2", "b") == integer(2)
    assert raw.call("ZADD", "z", "3", "a", "4", "c") == integer(1)
    assert raw.call("ZADD", "z", "CH", "5", "a", "4", "c", "1", "d") == integer(2)
    assert raw.call("ZADD", "z", "1", "x", "2", "x") == integer(1)
    assert raw.call("ZSCORE", "z", "x") == bulk("2")
    assert raw.call("ZCARD", "z") == integer(5)
    assert raw.call("ZCARD", "nokey") == integer(0)


def test_zadd_nx_xx_gt_lt(raw):
    raw.call("ZADD", "z", "5", "a")
    assert raw.call("ZADD", "z", "NX", "1", "a", "1", "b") == integer(1)
    assert raw.call("ZSCORE", "z", "a") == bulk("5")
    assert raw.call("ZADD", "z", "XX", "7", "a", "1", "c") == integer(0)
    assert raw.call("ZSCORE", "z", "a") == bulk("7")
    assert raw.call("ZSCORE", "z", "c") == NIL
    assert raw.call("ZADD", "z", "GT", "CH", "6", "a", "8", "b", "1", "new") == integer(2)
    assert raw.call("ZMSCORE", "z", "a", "b", "new") == bulks("7", "8", "1")
    assert raw.call("ZADD", "z", "LT", "CH", "9", "a", "0", "b") == integer(1)
    assert raw.call("ZMSCORE", "z", "a", "b") == bulks("7", "0")
    assert raw.call("ZADD", "z", "XX", "GT", "CH", "100", "a", "1", "zz") == integer(1)
    assert raw.call("ZSCORE", "z", "zz") == NIL


def test_zadd_incr(raw):
    assert raw.call("ZADD", "z", "INCR", "1.5", "a") == bulk("1.5")
    assert raw.call("ZADD", "z", "INCR", "1", "a") == bulk("2.5")
    assert raw.call("ZADD", "z", "NX", "INCR", "1", "a") == NIL
    assert raw.call("ZADD", "z", "XX", "INCR", "1", "b") == NIL
    assert raw.call("ZADD", "z", "GT", "INCR", "-1", "a") == NIL
    assert raw.call("ZADD", "z", "INCR", "inf", "a") == bulk("inf")
    assert raw.call("ZADD", "z", "INCR", "-inf", "a") == err(
        "ERR resulting score is not a number (NaN)")


def test_zadd_errors(raw):
    assert raw.call("ZADD", "z", "XX", "NX", "1", "a") == err(
        "ERR XX and NX options at the same time are not compatible")
    gtlt = err("ERR GT, LT, and/or NX options at the same time are not compatible")
    assert raw.call("ZADD", "z", "GT", "LT", "1", "a") == gtlt
    assert raw.call("ZADD", "z", "GT", "NX", "1", "a") == gtlt
    assert raw.call("ZADD", "z", "INCR", "1", "a", "2", "b") == err(
        "ERR INCR option supports a single increment-element pair")
    assert raw.call("ZADD", "z", "nan", "a") == NOT_FLOAT
    assert raw.call("ZADD", "z", "abc", "a") == NOT_FLOAT
    assert raw.call("ZADD", "z", "1", "a", "x", "b") == NOT_FLOAT
    assert raw.call("ZADD", "z", "1", "a", "2") == SYNTAX
    assert raw.call("ZADD", "z", "1") == arity("zadd")
    assert raw.call("ZADD", "z") == arity("zadd")
    assert raw.call("EXISTS", "z") == integer(0)


def test_zincrby(raw):
    assert raw.call("ZINCRBY", "z", "2", "a") == bulk("2")
    assert raw.call("ZINCRBY", "z", "0.1", "a") == bulk("2.1000000000000001")
    assert raw.call("ZINCRBY", "z", "inf", "a") == bulk("inf")
    assert raw.call("ZINCRBY", "z", "-inf", "a") == err(
        "ERR resulting score is not a number (NaN)")
    assert raw.call("ZINCRBY", "z", "nan", "a") == NOT_FLOAT
    assert raw.call("ZINCRBY", "z", "x", "a") == NOT_FLOAT
    assert raw.call("ZINCRBY", "z", "1") == arity("zincrby")


# ---------------------------------------------------------------- ZREM / ZMSCORE / ZRANK

def test_zrem_deletes_the_emptied_key(z):
    raw = z
    assert raw.call("ZREM", "z", "a", "a", "nomember") == integer(1)
    assert raw.call("ZREM", "z", "b", "c", "d", "e") == integer(4)
    assert raw.call("EXISTS", "z") == integer(0)
    assert raw.call("ZREM", "nokey", "a") == integer(0)
    assert raw.call("ZREM", "z") == arity("zrem")


def test_zmscore(z):
    assert z.call("ZMSCORE", "z", "a", "x", "e") == bulks("1", None, "5")
    assert z.call("ZMSCORE", "nokey", "a", "b") == bulks(None, None)
    assert z.call("ZMSCORE", "z") == arity("zmscore")


def test_zrank_and_zrevrank(z):
    assert z.call("ZRANK", "z", "a") == integer(0)
    assert z.call("ZRANK", "z", "e") == integer(4)
    assert z.call("ZREVRANK", "z", "a") == integer(4)
    assert z.call("ZRANK", "z", "x") == NIL
    assert z.call("ZREVRANK", "nokey", "a") == NIL


def test_zrank_of_a_large_set(r2):
    r2.zadd("z", {f"m{i:05}": i for i in range(5000)})
    assert r2.zrank("z", "m04321") == 4321
    assert r2.zrevrank("z", "m00000") == 4999


def test_equal_scores_order_by_member(raw):
    raw.call("ZADD", "z", "1", "b", "1", "a", "1", "c", "0", "z")
    assert raw.call("ZRANGE", "z", "0", "-1") == bulks("z", "a", "b", "c")


# ---------------------------------------------------------------- ZRANGE by rank

def test_zrange_by_rank(z):
    raw = z
    assert raw.call("ZRANGE", "z", "0", "-1") == bulks(*"abcde")
    assert raw.call("ZRANGE", "z", "-2", "-1") == bulks("d", "e")
    assert raw.call("ZRANGE", "z", "-100", "1") == bulks("a", "b")
    assert raw.call("ZRANGE", "z", "3", "100") == bulks("d", "e")
    assert raw.call("ZRANGE", "z", "3", "1") == EMPTY
    assert raw.call("ZRANGE", "z", "5", "10") == EMPTY
    assert raw.call("ZRANGE", "z", "0", "1", "REV") == bulks("e", "d")
    assert raw.call("ZRANGE", "z", "0", "0", "WITHSCORES") == bulks("a", "1")
    assert raw.call("ZREVRANGE", "z", "0", "1", "WITHSCORES") == bulks("e", "5", "d", "4")
    assert raw.call("ZRANGE", "nokey", "0", "-1") == EMPTY
    assert raw.call("ZRANGE", "z", "0", "x") == NOT_INT


# ---------------------------------------------------------------- ZRANGE BYSCORE

def test_zrange_byscore(z):
    raw = z
    assert raw.call("ZRANGE", "z", "2", "4", "BYSCORE") == bulks("b", "c", "d")
    assert raw.call("ZRANGE", "z", "(2", "(4", "BYSCORE") == bulks("c")
    assert raw.call("ZRANGE", "z", "-inf", "+inf", "BYSCORE", "LIMIT", "1", "2") == bulks("b", "c")
    assert raw.call("ZRANGE", "z", "-inf", "inf", "BYSCORE", "LIMIT", "3", "-1") == bulks("d", "e")
    assert raw.call("ZRANGE", "z", "-inf", "inf", "BYSCORE", "LIMIT", "10", "5") == EMPTY
    assert raw.call("ZRANGE", "z", "-inf", "inf", "BYSCORE", "LIMIT", "0", "0") == EMPTY
    assert raw.call("ZRANGE", "z", "4", "2", "BYSCORE", "REV") == bulks("d", "c", "b")
    assert raw.call("ZRANGE", "z", "(5", "(1", "BYSCORE", "REV", "WITHSCORES") == bulks(
        "d", "4", "c", "3", "b", "2")
    assert raw.call("ZRANGE", "z", "4", "2", "BYSCORE") == EMPTY
    assert raw.call("ZRANGEBYSCORE", "z", "2", "3", "WITHSCORES") == bulks("b", "2", "c", "3")
    assert raw.call("ZRANGEBYSCORE", "z", "-inf", "inf", "LIMIT", "4", "10") == bulks("e")
    assert raw.call("ZREVRANGEBYSCORE", "z", "+inf", "4") == bulks("e", "d")
    assert raw.call("ZREVRANGEBYSCORE", "z", "3", "-inf", "LIMIT", "1", "1") == bulks("b")


def test_zrange_byscore_errors(z):
    raw = z
    bad = err("ERR min or max is not a float")
    assert raw.call("ZRANGE", "z", "x", "1", "BYSCORE") == bad
    assert raw.call("ZRANGEBYSCORE", "z", "1", "((2") == bad
    assert raw.call("ZRANGEBYSCORE", "z", "nan", "1") == bad
    assert raw.call("ZRANGE", "z", "0", "1", "LIMIT", "0", "1") == err(
        "ERR syntax error, LIMIT is only supported in combination with either BYSCORE or BYLEX")
    assert raw.call("ZRANGE", "z", "0", "1", "BYSCORE", "LIMIT", "0") == SYNTAX
    assert raw.call("ZRANGE", "z", "0", "1", "BYSCORE", "LIMIT", "x", "1") == NOT_INT
    assert raw.call("ZRANGE", "z", "0", "1", "BYSCORE", "BYLEX") == SYNTAX
    assert raw.call("ZRANGE", "z", "0", "1", "FOO") == SYNTAX
    assert raw.call("ZRANGEBYSCORE", "z", "0", "1", "WITHSCORES", "FOO") == SYNTAX


# ---------------------------------------------------------------- BYLEX

def test_zrange_bylex(lex):
    raw = lex
    assert raw.call("ZRANGE", "lex", "[b", "[d", "BYLEX") == bulks("b", "c", "d")
    assert raw.call("ZRANGE", "lex", "(b", "(d", "BYLEX") == bulks("c")
    assert raw.call("ZRANGE", "lex", "-", "+", "BYLEX", "LIMIT", "2", "2") == bulks("c", "d")
    assert raw.call("ZRANGE", "lex", "[d", "[b", "BYLEX", "REV") == bulks("d", "c", "b")
    assert raw.call("ZRANGE", "lex", "+", "-", "BYLEX") == EMPTY
    assert raw.call("ZRANGEBYLEX", "lex", "[e", "+") == bulks("e", "f", "g")
    assert raw.call("ZREVRANGEBYLEX", "lex", "+", "(e", "LIMIT", "0", "1") == bulks("g")
    assert raw.call("ZLEXCOUNT", "lex", "[b", "(e") == integer(3)
    assert raw.call("ZLEXCOUNT", "lex", "-", "+") == integer(7)
    assert raw.call("ZLEXCOUNT", "nokey", "-", "+") == integer(0)


def test_bylex_errors(lex):
    raw = lex
    bad = err("ERR min or max not valid string range item")
    assert raw.call("ZRANGEBYLEX", "lex", "b", "[d") == bad
    assert raw.call("ZLEXCOUNT", "lex", "[a", "d") == bad
    assert raw.call("ZRANGE", "lex", "[a", "[d", "BYLEX", "WITHSCORES") == err(
        "ERR syntax error, WITHSCORES not supported in combination with BYLEX")


# ---------------------------------------------------------------- ZCOUNT / ZRANGESTORE

def test_zcount(z):
    assert z.call("ZCOUNT", "z", "2", "4") == integer(3)
    assert z.call("ZCOUNT", "z", "(2", "+inf") == integer(3)
    assert z.call("ZCOUNT", "z", "5", "1") == integer(0)
    assert z.call("ZCOUNT", "nokey", "-inf", "inf") == integer(0)
    assert z.call("ZCOUNT", "z", "a", "1") == err("ERR min or max is not a float")


def test_zrangestore(z):
    raw = z
    assert raw.call("ZRANGESTORE", "dst", "z", "1", "3") == integer(3)
    assert raw.call("ZRANGE", "dst", "0", "-1", "WITHSCORES") == bulks("b", "2", "c", "3", "d", "4")
    assert raw.call("ZRANGESTORE", "dst", "z", "(1", "4", "BYSCORE",
                    "LIMIT", "1", "1") == integer(1)
    assert raw.call("ZRANGE", "dst", "0", "-1") == bulks("c")
    assert raw.call("ZRANGESTORE", "dst", "z", "10", "20") == integer(0)
    assert raw.call("EXISTS", "dst") == integer(0)
    raw.call("SET", "str", "v")
    assert raw.call("ZRANGESTORE", "dst", "str", "0", "1") == WRONGTYPE
    assert raw.call("ZRANGESTORE", "str", "z", "0", "1") == integer(2)
    assert raw.call("TYPE", "str") == b"+zset\r\n"
    assert raw.call("ZRANGESTORE", "dst", "z", "0", "1", "WITHSCORES") == SYNTAX


# ---------------------------------------------------------------- pops

def test_zpopmin_zpopmax(z):
    raw = z
    assert raw.call("ZPOPMIN", "z") == bulks("a", "1")
    assert raw.call("ZPOPMAX", "z", "2") == bulks("e", "5", "d", "4")
    assert raw.call("ZPOPMIN", "z", "0") == EMPTY
    assert raw.call("ZPOPMIN", "z", "10") == bulks("b", "2", "c", "3")
    assert raw.call("EXISTS", "z") == integer(0)
    assert raw.call("ZPOPMIN", "z") == EMPTY
    assert raw.call("ZPOPMAX", "nokey", "3") == EMPTY
    raw.call("ZADD", "y", "1", "a")
    assert raw.call("ZPOPMIN", "y", "-1") == err("ERR value is out of range, must be positive")
    assert raw.call("ZPOPMIN", "y", "x") == err("ERR value is out of range, must be positive")
    assert raw.call("ZPOPMIN", "y", "1", "2") == SYNTAX


def test_zmpop(z):
    raw = z
    assert raw.call("ZMPOP", "2", "nokey", "z", "MIN") == array(bulk("z"), array(bulks("a", "1")))
    assert raw.call("ZMPOP", "1", "z", "MAX", "COUNT", "2") == array(
        bulk("z"), array(bulks("e", "5"), bulks("d", "4")))
    assert raw.call("ZMPOP", "1", "z", "MIN", "COUNT", "10") == array(
        bulk("z"), array(bulks("b", "2"), bulks("c", "3")))
    assert raw.call("EXISTS", "z") == integer(0)
    assert raw.call("ZMPOP", "1", "z", "MIN") == NIL_ARRAY
    assert raw.call("ZMPOP", "0", "z", "MIN") == err("ERR numkeys should be greater than 0")
    assert raw.call("ZMPOP", "1", "z", "MIN", "COUNT", "0") == err(
        "ERR count should be greater than 0")
    assert raw.call("ZMPOP", "1", "z", "FOO") == SYNTAX


# ---------------------------------------------------------------- ZREMRANGEBY*

def test_zremrangebyrank_score_lex(raw):
    raw.call("ZADD", "z", "1", "a", "2", "b", "3", "c", "4", "d", "5", "e")
    assert raw.call("ZREMRANGEBYRANK", "z", "0", "1") == integer(2)
    assert raw.call("ZREMRANGEBYRANK", "z", "-1", "-1") == integer(1)
    assert raw.call("ZREMRANGEBYRANK", "z", "5", "10") == integer(0)
    assert raw.call("ZRANGE", "z", "0", "-1") == bulks("c", "d")
    assert raw.call("ZREMRANGEBYSCORE", "z", "(3", "inf") == integer(1)
    assert raw.call("ZREMRANGEBYSCORE", "z", "-inf", "inf") == integer(1)
    assert raw.call("EXISTS", "z") == integer(0)
    raw.call("ZADD", "lex", "0", "a", "0", "b", "0", "c")
    assert raw.call("ZREMRANGEBYLEX", "lex", "[a", "(c") == integer(2)
    assert raw.call("ZREMRANGEBYLEX", "lex", "-", "+") == integer(1)
    assert raw.call("EXISTS", "lex") == integer(0)
    assert raw.call("ZREMRANGEBYSCORE", "nokey", "-inf", "inf") == integer(0)
    assert raw.call("ZREMRANGEBYSCORE", "z", "x", "1") == err("ERR min or max is not a float")
    assert raw.call("ZREMRANGEBYLEX", "z", "a", "b") == err(
        "ERR min or max not valid string range item")


# ---------------------------------------------------------------- ZUNION / ZINTER / ZDIFF

@pytest.fixture
def zz(raw):
    raw.call("ZADD", "z1", "1", "a", "2", "b", "3", "c")
    raw.call("ZADD", "z2", "10", "b", "20", "c", "30", "d")
    raw.call("SADD", "s", "a", "d")
    return raw


def test_zunion_zinter_zdiff(zz):
    raw = zz
    assert raw.call("ZUNION", "2", "z1", "z2", "WITHSCORES") == bulks(
        "a", "1", "b", "12", "c", "23", "d", "30")
    assert raw.call("ZINTER", "2", "z1", "z2", "WITHSCORES") == bulks("b", "12", "c", "23")
    assert raw.call("ZDIFF", "2", "z1", "z2", "WITHSCORES") == bulks("a", "1")
    assert raw.call("ZDIFF", "1", "nokey") == EMPTY
    assert raw.call("ZINTER", "2", "z1", "nokey") == EMPTY


def test_weights_and_aggregate(zz):
    raw = zz
    assert raw.call("ZUNION", "2", "z1", "z2", "WEIGHTS", "2", "0.5", "WITHSCORES") == bulks(
        "a", "2", "b", "9", "d", "15", "c", "16")
    assert raw.call("ZINTER", "2", "z1", "z2", "AGGREGATE", "MAX", "WITHSCORES") == bulks(
        "b", "10", "c", "20")
    assert raw.call("ZUNION", "2", "z1", "z2", "AGGREGATE", "min", "WITHSCORES") == bulks(
        "a", "1", "b", "2", "c", "3", "d", "30")
    # a plain set counts as a sorted set with scores 1
    assert raw.call("ZUNION", "2", "z1", "s", "WITHSCORES") == bulks(
        "d", "1", "a", "2", "b", "2", "c", "3")
    assert raw.call("ZINTER", "2", "z1", "s", "WEIGHTS", "1", "5", "WITHSCORES") == bulks("a", "6")
    # inf * 0 is 0 in Redis, and inf + -inf is 0
    raw.call("ZADD", "i1", "inf", "x")
    raw.call("ZADD", "i2", "-inf", "x")
    assert raw.call("ZUNION", "2", "i1", "i2", "WITHSCORES") == bulks("x", "0")
    assert raw.call("ZUNION", "1", "i1", "WEIGHTS", "0", "WITHSCORES") == bulks("x", "0")


def test_store_forms(zz):
    raw = zz
    assert raw.call("ZUNIONSTORE", "dst", "2", "z1", "z2") == integer(4)
    assert raw.call("ZRANGE", "dst", "0", "-1", "WITHSCORES") == bulks(
        "a", "1", "b", "12", "c", "23", "d", "30")
    assert raw.call("ZINTERSTORE", "dst", "2", "z1", "z2", "WEIGHTS", "1", "-1") == integer(2)
    assert raw.call("ZRANGE", "dst", "0", "-1", "WITHSCORES") == bulks("c", "-17", "b", "-8")
    assert raw.call("ZDIFFSTORE", "dst", "2", "z2", "z1") == integer(1)
    assert raw.call("ZRANGE", "dst", "0", "-1", "WITHSCORES") == bulks("d", "30")
    assert raw.call("ZINTERSTORE", "dst", "2", "z1", "nokey") == integer(0)
    assert raw.call("EXISTS", "dst") == integer(0)
    assert raw.call("ZUNIONSTORE", "z1", "2", "z1", "z2") == integer(4)


def test_zinterstore_and_zunionstore_errors(zz):
    raw = zz
    assert raw.call("ZUNIONSTORE", "d", "0", "z1") == err(
        "ERR at least 1 input key is needed for 'zunionstore' command")
    assert raw.call("ZINTER", "0", "z1") == err(
        "ERR at least 1 input key is needed for 'zinter' command")
    assert raw.call("ZUNIONSTORE", "d", "3", "z1", "z2") == SYNTAX
    assert raw.call("ZUNIONSTORE", "d", "2", "z1", "z2", "WEIGHTS", "1") == SYNTAX
    assert raw.call("ZUNIONSTORE", "d", "1", "z1", "WEIGHTS", "x") == err(
        "ERR weight value is not a float")
    assert raw.call("ZUNIONSTORE", "d", "1", "z1", "AGGREGATE", "AVG") == SYNTAX
    assert raw.call("ZUNIONSTORE", "d", "1", "z1", "WITHSCORES") == SYNTAX
    assert raw.call("ZDIFF", "1", "z1", "WEIGHTS", "1") == SYNTAX
    assert raw.call("ZUNIONSTORE", "d", "x", "z1") == NOT_INT
    raw.call("SET", "str", "v")
    assert raw.call("ZUNIONSTORE", "d", "2", "z1", "str") == WRONGTYPE
    assert raw.call("EXISTS", "d") == integer(0)


def test_zintercard(zz):
    raw = zz
    assert raw.call("ZINTERCARD", "2", "z1", "z2") == integer(2)
    assert raw.call("ZINTERCARD", "2", "z1", "z2", "LIMIT", "1") == integer(1)
    assert raw.call("ZINTERCARD", "2", "z1", "s") == integer(1)
    assert raw.call("ZINTERCARD", "1", "nokey") == integer(0)
    assert raw.call("ZINTERCARD", "0", "z1") == err(
        "ERR at least 1 input key is needed for 'zintercard' command")
    assert raw.call("ZINTERCARD", "x", "z1") == NOT_INT
    assert raw.call("ZINTERCARD", "2", "z1", "z2", "LIMIT", "-1") == err(
        "ERR LIMIT can't be negative")


# ---------------------------------------------------------------- ZRANDMEMBER / ZSCAN

def test_zrandmember(z):
    raw = z
    assert parse_reply(raw.call("ZRANDMEMBER", "z")) in [m.encode() for m in "abcde"]
    got = parse_reply(raw.call("ZRANDMEMBER", "z", "3"))
    assert len(set(got)) == 3
    assert sorted(parse_reply(raw.call("ZRANDMEMBER", "z", "10"))) == [m.encode() for m in "abcde"]
    assert len(parse_reply(raw.call("ZRANDMEMBER", "z", "-10"))) == 10
    flat = parse_reply(raw.call("ZRANDMEMBER", "z", "2", "WITHSCORES"))
    for m, s in zip(flat[::2], flat[1::2]):
        assert int(s) == b"abcde".index(m) + 1
    assert raw.call("ZRANDMEMBER", "nokey") == NIL
    assert raw.call("ZRANDMEMBER", "nokey", "3") == EMPTY
    assert raw.call("ZRANDMEMBER", "z", "0") == EMPTY
    assert raw.call("ZRANDMEMBER", "z", "x") == NOT_INT
    assert raw.call("ZRANDMEMBER", "z", "1", "WITHVALUES") == SYNTAX


def test_zscan(r2):
    r2.zadd("z", {f"m{i}": i / 10 for i in range(500)})
    seen = {}
    cursor = 0
    while True:
        cursor, chunk = r2.zscan("z", cursor, count=30)
        seen.update(chunk)
        if cursor == 0:
            break
    assert seen == {f"m{i}".encode(): i / 10 for i in range(500)}


def test_zscan_small_set_reply(raw):
    raw.call("ZADD", "z", "0.1", "a")
    assert raw.call("ZSCAN", "z", "0") == array(bulk("0"), bulks("a", "0.10000000000000001"))
    assert raw.call("ZSCAN", "nokey", "0") == array(bulk("0"), EMPTY)


def test_zscan_prints_negative_zero_of_a_skiplist_like_d2string(raw):
    # A listpack stores -0 as the integer 0; a skiplist keeps the double's sign.
    raw.call("ZADD", "zb", "-1", "g", "2", "m" * 70)
    assert raw.call("ZUNIONSTORE", "zu", "1", "zb", "WEIGHTS", "0") == b":2\r\n"
    assert raw.call("OBJECT", "ENCODING", "zu") == bulk("skiplist")
    assert raw.call("ZSCORE", "zu", "g") == bulk("-0")
    cursor_and_pairs = raw.call("ZSCAN", "zu", "0", "COUNT", "10")
    assert bulk("g") + bulk("-0") in cursor_and_pairs


def test_zset_commands_against_other_types(raw):
    raw.call("SET", "str", "v")
    for cmd in (["ZADD", "str", "1", "a"], ["ZSCORE", "str", "a"], ["ZCARD", "str"],
                ["ZRANGE", "str", "0", "-1"], ["ZRANK", "str", "a"], ["ZREM", "str", "a"],
                ["ZINCRBY", "str", "1", "a"], ["ZPOPMIN", "str"], ["ZCOUNT", "str", "0", "1"],
                ["ZRANDMEMBER", "str"], ["ZMSCORE", "str", "a"], ["ZSCAN", "str", "0"]):
        assert raw.call(*cmd) == WRONGTYPE, cmd
    raw.call("ZADD", "z", "1", "a")
    assert raw.call("TYPE", "z") == b"+zset\r\n"
    assert raw.call("SMEMBERS", "z") == WRONGTYPE


# ---------------------------------------------------------------- atomicity across shards

@pytest.mark.parametrize("za,zb", [("za", "zb"), ("{t}za", "{t}zb")])
def test_zunionstore_and_zinterstore_across_shards_see_one_moment(clean, za, zb):
    """A writer bumps generation g in za, then in zb, so at any moment gen(za) - gen(zb) is 0 or
    1. ZUNIONSTORE/ZINTERSTORE with WEIGHTS 1 -1 compute exactly that difference; a reader that
    saw the two keys at different moments would get another number."""
    if "{" not in za:  # the untagged pair must really live on two shards
        assert shard_of(za) != shard_of(zb)
    c = clean.client()
    c.zadd(za, {"g": 0})
    c.zadd(zb, {"g": 0})
    stats = {"reads": 0}

    def writer(stop):
        w = clean.client()
        g = 0
        while not stop.is_set():
            g += 1
            w.zadd(za, {"g": g})
            w.zadd(zb, {"g": g})

    def reader(n):
        def run(stop):
            r = clean.client()
            dst = f"dst{n}"  # not tagged: usually on another shard than the sources
            while not stop.is_set():
                assert r.zunionstore(dst, {za: 1, zb: -1}) == 1
                assert r.zscore(dst, "g") in (0.0, 1.0)
                assert r.zinterstore(dst, {za: -1, zb: 1}, aggregate="SUM") == 1
                assert r.zscore(dst, "g") in (0.0, -1.0)
                stats["reads"] += 1
        return run

    run_threads([writer, reader(1), reader(2)])
    assert stats["reads"] > 10


@pytest.mark.parametrize("src,dst", [("src", "copy"), ("{t}src", "{t}copy")])
def test_zrangestore_and_zdiffstore_between_shards_copy_one_moment(clean, src, dst):
    """The writer rewrites every member of src with one generation per ZADD; a copy made by
    ZRANGESTORE or ZDIFFSTORE into a key on another shard is always uniform."""
    if "{" not in src:  # the untagged pair must really live on two shards
        assert shard_of(src) != shard_of(dst)
    c = clean.client()
    c.zadd(src, {f"m{i}": 0 for i in range(10)})
    stats = {"reads": 0}

    def writer(stop):
        w = clean.client()
        g = 0
        while not stop.is_set():
            g += 1
            w.zadd(src, {f"m{i}": g for i in range(10)})

    def copier(stop):
        r = clean.client()
        while not stop.is_set():
            assert r.zrangestore(dst, src, 0, -1) == 10
            scores = {s for _, s in r.zrange(dst, 0, -1, withscores=True)}
            assert len(scores) == 1, scores
            assert r.zdiffstore(dst, [src, "nokey"]) == 10
            scores = {s for _, s in r.zrange(dst, 0, -1, withscores=True)}
            assert len(scores) == 1, scores
            stats["reads"] += 1

    run_threads([writer, copier])
    assert stats["reads"] > 5
