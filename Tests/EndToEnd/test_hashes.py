"""Hashes: HSET HSETNX HGET HMGET HMSET HDEL HLEN HSTRLEN HEXISTS HKEYS HVALS HGETALL HINCRBY
HINCRBYFLOAT HRANDFIELD HSCAN, with Redis 7.0's replies and errors byte for byte."""

import pytest

from conftest import (NIL, NOT_FLOAT, NOT_INT, OK, WRONGTYPE, RawConn, arity, bulk, bulks,
                      err, integer, parse_reply)

pytestmark = pytest.mark.requires("hset", "hget", "hdel", "hlen", "hgetall")


def pairs(reply: bytes) -> dict:
    flat = parse_reply(reply)
    return dict(zip(flat[::2], flat[1::2]))


# ---------------------------------------------------------------- HSET / HSETNX / HMSET / HGET

def test_hset_counts_only_new_fields(raw):
    assert raw.call("HSET", "h", "a", "1", "b", "2") == integer(2)
    assert raw.call("HSET", "h", "a", "10", "c", "3") == integer(1)
    assert raw.call("HGET", "h", "a") == bulk("10")
    assert raw.call("HGET", "h", "nofield") == NIL
    assert raw.call("HGET", "nokey", "a") == NIL


def test_hset_with_a_repeated_field_keeps_the_last_value(raw):
    assert raw.call("HSET", "h", "a", "1", "a", "2") == integer(1)
    assert raw.call("HGET", "h", "a") == bulk("2")


def test_hset_and_hmset_arity(raw):
    assert raw.call("HSET", "h", "a") == arity("hset")
    assert raw.call("HSET", "h", "a", "1", "b") == arity("hset")
    assert raw.call("HMSET", "h", "a") == arity("hmset")
    assert raw.call("HMSET", "h", "a", "1", "b") == arity("hmset")
    assert raw.call("HGET", "h") == arity("hget")
    assert raw.call("EXISTS", "h") == integer(0)


def test_hmset_answers_ok(raw):
    assert raw.call("HMSET", "h", "a", "1", "b", "2") == OK
    assert raw.call("HMGET", "h", "a", "nofield", "b") == bulks("1", None, "2")
    assert raw.call("HMGET", "nokey", "a", "b") == bulks(None, None)


def test_hsetnx_sets_only_missing_fields(raw):
    assert raw.call("HSETNX", "h", "a", "1") == integer(1)
    assert raw.call("HSETNX", "h", "a", "2") == integer(0)
    assert raw.call("HGET", "h", "a") == bulk("1")
    assert raw.call("HSETNX", "h", "a") == arity("hsetnx")


def test_binary_and_empty_fields_and_values(raw):
    assert raw.call("HSET", "h", "", "", b"\x00\xff", b"v\r\nw") == integer(2)
    assert raw.call("HGET", "h", "") == bulk("")
    assert raw.call("HGET", "h", b"\x00\xff") == bulk(b"v\r\nw")
    assert raw.call("HSTRLEN", "h", b"\x00\xff") == integer(4)


# ---------------------------------------------------------------- HDEL / HLEN / HEXISTS / HSTRLEN

def test_hdel_counts_removed_fields_and_deletes_the_emptied_key(raw):
    raw.call("HSET", "h", "a", "1", "b", "2", "c", "3")
    assert raw.call("HDEL", "h", "a", "a", "nofield") == integer(1)
    assert raw.call("HLEN", "h") == integer(2)
    assert raw.call("HDEL", "h", "b", "c") == integer(2)
    assert raw.call("EXISTS", "h") == integer(0)
    assert raw.call("HLEN", "h") == integer(0)
    assert raw.call("HDEL", "nokey", "a") == integer(0)
    assert raw.call("HDEL", "h") == arity("hdel")


def test_hexists_and_hstrlen(raw):
    raw.call("HSET", "h", "a", "hello", "n", "-123")
    assert raw.call("HEXISTS", "h", "a") == integer(1)
    assert raw.call("HEXISTS", "h", "b") == integer(0)
    assert raw.call("HEXISTS", "nokey", "a") == integer(0)
    assert raw.call("HSTRLEN", "h", "a") == integer(5)
    assert raw.call("HSTRLEN", "h", "n") == integer(4)
    assert raw.call("HSTRLEN", "h", "b") == integer(0)
    assert raw.call("HSTRLEN", "nokey", "b") == integer(0)


# ---------------------------------------------------------------- HKEYS / HVALS / HGETALL

def test_hkeys_hvals_hgetall_agree_as_sets(raw):
    fields = {f"f{i}".encode(): f"v{i}".encode() for i in range(20)}
    raw.call("HSET", "h", *[x for kv in fields.items() for x in kv])
    assert sorted(parse_reply(raw.call("HKEYS", "h"))) == sorted(fields)
    assert sorted(parse_reply(raw.call("HVALS", "h"))) == sorted(fields.values())
    assert pairs(raw.call("HGETALL", "h")) == fields
    # the three walk the hash in the same order
    keys = parse_reply(raw.call("HKEYS", "h"))
    vals = parse_reply(raw.call("HVALS", "h"))
    assert list(zip(keys, vals)) == list(pairs(raw.call("HGETALL", "h")).items())


def test_hkeys_hvals_hgetall_of_a_missing_key_are_empty(raw):
    assert raw.call("HKEYS", "nokey") == b"*0\r\n"
    assert raw.call("HVALS", "nokey") == b"*0\r\n"
    assert raw.call("HGETALL", "nokey") == b"*0\r\n"


def test_small_hash_keeps_insertion_order(raw):
    raw.call("HSET", "h", "z", "1", "a", "2", "m", "3")
    assert raw.call("HKEYS", "h") == bulks("z", "a", "m")
    assert raw.call("HGETALL", "h") == bulks("z", "1", "a", "2", "m", "3")


def test_hgetall_is_a_map_in_resp3(r3):
    r3.hset("h", mapping={"a": "1", "b": "2"})
    assert r3.hgetall("h") == {b"a": b"1", b"b": b"2"}
    assert r3.hgetall("nokey") == {}


def test_hgetall_resp3_wire_form(clean):
    with RawConn(clean.port) as c:
        c.call("HELLO", "3")
        c.call("HSET", "h", "a", "1")
        assert c.call("HGETALL", "h") == b"%1\r\n$1\r\na\r\n$1\r\n1\r\n"
        assert c.call("HGETALL", "nokey") == b"%0\r\n"


# ---------------------------------------------------------------- HINCRBY / HINCRBYFLOAT

def test_hincrby_creates_and_increments(raw):
    assert raw.call("HINCRBY", "h", "n", "5") == integer(5)
    assert raw.call("HINCRBY", "h", "n", "-7") == integer(-2)
    assert raw.call("HGET", "h", "n") == bulk("-2")


def test_hincrby_errors(raw):
    raw.call("HSET", "h", "s", "abc", "big", "9223372036854775807", "sp", " 1")
    assert raw.call("HINCRBY", "h", "s", "1") == err("ERR hash value is not an integer")
    assert raw.call("HINCRBY", "h", "sp", "1") == err("ERR hash value is not an integer")
    assert raw.call("HINCRBY", "h", "big", "1") == err(
        "ERR increment or decrement would overflow")
    assert raw.call("HINCRBY", "h", "n", "1.5") == NOT_INT
    assert raw.call("HINCRBY", "h", "n", "99999999999999999999") == NOT_INT
    assert raw.call("HINCRBY", "h", "n") == arity("hincrby")
    raw.call("HSET", "neg", "n", "-9223372036854775808")
    assert raw.call("HINCRBY", "neg", "n", "-1") == err(
        "ERR increment or decrement would overflow")
    assert raw.call("HGET", "neg", "n") == bulk("-9223372036854775808")


def test_hincrbyfloat_formats_like_redis(raw):
    assert raw.call("HINCRBYFLOAT", "h", "f", "10.5") == bulk("10.5")
    assert raw.call("HINCRBYFLOAT", "h", "f", "0.1") == bulk("10.6")
    assert raw.call("HINCRBYFLOAT", "h", "f", "-5") == bulk("5.6")
    assert raw.call("HINCRBYFLOAT", "h", "g", "5.0e3") == bulk("5000")
    assert raw.call("HINCRBYFLOAT", "h", "g", "2.0e2") == bulk("5200")
    raw.call("HSET", "h", "i", "3")
    assert raw.call("HINCRBYFLOAT", "h", "i", "1") == bulk("4")


def test_hincrbyfloat_rejects_nan_and_infinity(raw):
    raw.call("HSET", "h", "f", "1", "s", "abc")
    assert raw.call("HINCRBYFLOAT", "h", "f", "inf") == err("ERR value is NaN or Infinity")
    assert raw.call("HINCRBYFLOAT", "h", "f", "nan") == NOT_FLOAT
    assert raw.call("HINCRBYFLOAT", "h", "f", "abc") == NOT_FLOAT
    assert raw.call("HINCRBYFLOAT", "h", "s", "1") == err("ERR hash value is not a float")
    assert raw.call("HGET", "h", "f") == bulk("1")


# ---------------------------------------------------------------- HRANDFIELD

@pytest.mark.requires("hrandfield")
def test_hrandfield_without_count(raw):
    assert raw.call("HRANDFIELD", "nokey") == NIL
    raw.call("HSET", "h", "a", "1", "b", "2", "c", "3")
    assert parse_reply(raw.call("HRANDFIELD", "h")) in (b"a", b"b", b"c")


@pytest.mark.requires("hrandfield")
def test_hrandfield_positive_count_gives_distinct_fields(raw):
    raw.call("HSET", "h", *[x for i in range(10) for x in (f"f{i}", f"v{i}")])
    got = parse_reply(raw.call("HRANDFIELD", "h", "5"))
    assert len(got) == 5 and len(set(got)) == 5
    assert all(f.startswith(b"f") for f in got)
    got = parse_reply(raw.call("HRANDFIELD", "h", "100"))
    assert sorted(got) == sorted(f"f{i}".encode() for i in range(10))
    flat = parse_reply(raw.call("HRANDFIELD", "h", "3", "WITHVALUES"))
    assert len(flat) == 6
    for f, v in zip(flat[::2], flat[1::2]):
        assert v == b"v" + f[1:]


@pytest.mark.requires("hrandfield")
def test_hrandfield_negative_count_may_repeat(raw):
    raw.call("HSET", "h", "a", "1")
    assert raw.call("HRANDFIELD", "h", "-5") == bulks(*["a"] * 5)
    assert raw.call("HRANDFIELD", "h", "-2", "WITHVALUES") == bulks("a", "1", "a", "1")
    assert raw.call("HRANDFIELD", "h", "0") == b"*0\r\n"
    assert raw.call("HRANDFIELD", "nokey", "5") == b"*0\r\n"
    assert raw.call("HRANDFIELD", "nokey", "-5") == b"*0\r\n"


@pytest.mark.requires("hrandfield")
def test_hrandfield_errors(raw):
    raw.call("HSET", "h", "a", "1")
    assert raw.call("HRANDFIELD", "h", "abc") == NOT_INT
    assert raw.call("HRANDFIELD", "h", "1", "WITHSCORES") == err("ERR syntax error")
    assert raw.call("HRANDFIELD", "h", "1", "WITHVALUES", "x") == err("ERR syntax error")


@pytest.mark.requires("hrandfield")
def test_hrandfield_withvalues_is_pairs_in_resp3(clean):
    with RawConn(clean.port) as c:
        c.call("HELLO", "3")
        c.call("HSET", "h", "a", "1")
        assert c.call("HRANDFIELD", "h", "1", "WITHVALUES") == (
            b"*1\r\n*2\r\n$1\r\na\r\n$1\r\n1\r\n")


# ---------------------------------------------------------------- HSCAN

@pytest.mark.requires("hscan")
def test_hscan_returns_every_field_once(r2):
    r2.hset("h", mapping={f"f{i}": str(i) for i in range(1000)})
    seen = {}
    cursor = 0
    while True:
        cursor, chunk = r2.hscan("h", cursor, count=50)
        seen.update(chunk)
        if cursor == 0:
            break
    assert seen == {f"f{i}".encode(): str(i).encode() for i in range(1000)}


@pytest.mark.requires("hscan")
def test_hscan_match_and_small_hash(raw):
    raw.call("HSET", "h", "foo", "1", "bar", "2", "food", "3")
    cursor, flat = parse_reply(raw.call("HSCAN", "h", "0", "MATCH", "foo*"))
    assert cursor == b"0"
    assert dict(zip(flat[::2], flat[1::2])) == {b"foo": b"1", b"food": b"3"}
    assert raw.call("HSCAN", "nokey", "0") == b"*2\r\n$1\r\n0\r\n*0\r\n"
    assert raw.call("HSCAN", "h", "abc") == err("ERR invalid cursor")
    assert raw.call("HSCAN", "h", "0", "COUNT", "0") == err("ERR syntax error")
    assert raw.call("HSCAN", "h", "0", "FOO") == err("ERR syntax error")


# ---------------------------------------------------------------- types

def test_hash_commands_against_a_string_are_wrongtype(raw):
    raw.call("SET", "s", "v")
    for cmd in (["HSET", "s", "a", "1"], ["HGET", "s", "a"], ["HDEL", "s", "a"], ["HLEN", "s"],
                ["HGETALL", "s"], ["HKEYS", "s"], ["HVALS", "s"], ["HEXISTS", "s", "a"],
                ["HSTRLEN", "s", "a"], ["HINCRBY", "s", "a", "1"],
                ["HINCRBYFLOAT", "s", "a", "1"], ["HMGET", "s", "a"], ["HSETNX", "s", "a", "1"],
                ["HMSET", "s", "a", "1"]):
        assert raw.call(*cmd) == WRONGTYPE, cmd
    raw.call("HSET", "h", "a", "1")
    assert raw.call("GET", "h") == WRONGTYPE
    assert raw.call("TYPE", "h") == b"+hash\r\n"
    assert raw.call("SET", "h", "x") == OK


def test_hash_values_that_look_like_numbers_stay_as_written(raw):
    raw.call("HSET", "h", "a", "007", "b", "1e3", "c", "-0", "d", "9223372036854775808")
    assert raw.call("HMGET", "h", "a", "b", "c", "d") == bulks(
        "007", "1e3", "-0", "9223372036854775808")
    assert raw.call("HINCRBY", "h", "a", "1") == err("ERR hash value is not an integer")
    assert raw.call("HINCRBYFLOAT", "h", "b", "1") == bulk("1001")


def test_hash_redis_py_round_trip(r2):
    assert r2.hset("h", mapping={"a": "1", "b": "2"}) == 2
    assert r2.hgetall("h") == {b"a": b"1", b"b": b"2"}
    assert r2.hincrbyfloat("h", "a", 0.5) == 1.5
    assert r2.hlen("h") == 2
