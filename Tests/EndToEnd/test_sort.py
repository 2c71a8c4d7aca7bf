"""SORT and SORT_RO on lists, sets and sorted sets: BY (patterns, hash fields, nosort), GET
(#, patterns, hash fields), LIMIT, ASC|DESC, ALPHA, STORE."""

import pytest

from conftest import (SYNTAX, WRONGTYPE, NOT_INT, bulks, err, integer)

pytestmark = pytest.mark.requires("sort", "rpush", "sadd", "zadd", "hset")

EMPTY = b"*0\r\n"
NOT_DOUBLE = err("ERR One or more scores can't be converted into double")


@pytest.fixture
def data(raw):
    raw.call("RPUSH", "l", "3", "1", "2", "10")
    raw.call("SADD", "s", "3", "1", "2", "10")
    raw.call("ZADD", "z", "1", "3", "2", "1", "3", "2", "4", "10")
    raw.call("MSET", "w_1", "30", "w_2", "20", "w_3", "10", "w_10", "40",
             "name_1", "one", "name_2", "two", "name_3", "three", "name_10", "ten")
    for i, v in ((1, "d"), (2, "c"), (3, "b"), (10, "a")):
        raw.call("HSET", f"h_{i}", "rank", v, "n", str(100 - i))
    return raw


def test_sort_numbers_of_every_type(data):
    for key in ("l", "s", "z"):
        assert data.call("SORT", key) == bulks("1", "2", "3", "10"), key
        assert data.call("SORT", key, "DESC") == bulks("10", "3", "2", "1"), key
        assert data.call("SORT_RO", key) == bulks("1", "2", "3", "10"), key


def test_sort_alpha(data):
    assert data.call("SORT", "l", "ALPHA") == bulks("1", "10", "2", "3")
    assert data.call("SORT", "l", "ALPHA", "DESC") == bulks("3", "2", "10", "1")
    data.call("RPUSH", "words", "pear", "apple", "fig")
    assert data.call("SORT", "words") == NOT_DOUBLE
    assert data.call("SORT", "words", "alpha") == bulks("apple", "fig", "pear")


def test_sort_limit(data):
    assert data.call("SORT", "l", "LIMIT", "1", "2") == bulks("2", "3")
    assert data.call("SORT", "l", "LIMIT", "0", "-1") == bulks("1", "2", "3", "10")
    assert data.call("SORT", "l", "LIMIT", "-1", "2") == bulks("1", "2")
    assert data.call("SORT", "l", "LIMIT", "3", "10") == bulks("10")
    assert data.call("SORT", "l", "LIMIT", "10", "1") == EMPTY
    assert data.call("SORT", "l", "LIMIT", "0", "0") == EMPTY
    assert data.call("SORT", "l", "DESC", "LIMIT", "0", "2") == bulks("10", "3")


def test_sort_by_pattern_and_hash_field(data):
    assert data.call("SORT", "l", "BY", "w_*") == bulks("3", "2", "1", "10")
    assert data.call("SORT", "s", "BY", "h_*->rank", "ALPHA") == bulks("10", "3", "2", "1")
    assert data.call("SORT", "z", "BY", "h_*->n") == bulks("10", "3", "2", "1")
    # missing weights count as 0; ties fall back to comparing the elements
    data.call("RPUSH", "l2", "5", "4")
    assert data.call("SORT", "l2", "BY", "missing_*") == bulks("4", "5")


def test_sort_by_nosort_keeps_the_natural_order(data):
    assert data.call("SORT", "l", "BY", "nosort") == bulks("3", "1", "2", "10")
    # a sorted set's natural order is by score (z: 3=1 1=2 2=3 10=4)
    assert data.call("SORT", "z", "BY", "nosort") == bulks("3", "1", "2", "10")
    assert data.call("SORT", "z", "BY", "nosort", "DESC") == bulks("10", "2", "1", "3")
    assert data.call("SORT", "z", "BY", "nosort", "LIMIT", "1", "2") == bulks("1", "2")


def test_sort_get(data):
    assert data.call("SORT", "l", "GET", "name_*") == bulks("one", "two", "three", "ten")
    assert data.call("SORT", "l", "GET", "#", "GET", "name_*", "LIMIT", "0", "2") == bulks(
        "1", "one", "2", "two")
    assert data.call("SORT", "l", "GET", "h_*->rank") == bulks("d", "c", "b", "a")
    assert data.call("SORT", "l", "GET", "nokey_*") == bulks(None, None, None, None)
    assert data.call("SORT", "l", "BY", "w_*", "GET", "name_*", "DESC") == bulks(
        "ten", "one", "two", "three")


def test_sort_store(data):
    data.call("SET", "dst", "old")
    assert data.call("SORT", "s", "STORE", "dst") == integer(4)
    assert data.call("TYPE", "dst") == b"+list\r\n"
    assert data.call("LRANGE", "dst", "0", "-1") == bulks("1", "2", "3", "10")
    assert data.call("SORT", "l", "GET", "name_*", "STORE", "{x}dst2") == integer(4)
    assert data.call("LRANGE", "{x}dst2", "0", "-1") == bulks("one", "two", "three", "ten")
    assert data.call("SORT", "nokey", "STORE", "dst") == integer(0)
    assert data.call("EXISTS", "dst") == integer(0)


def test_sort_of_a_missing_key(data):
    assert data.call("SORT", "nokey") == EMPTY
    assert data.call("SORT_RO", "nokey", "ALPHA") == EMPTY


def test_sort_errors(data):
    data.call("SET", "str", "v")
    assert data.call("SORT", "str") == WRONGTYPE
    data.call("HSET", "hash", "a", "1")
    assert data.call("SORT", "hash") == WRONGTYPE
    assert data.call("SORT", "l", "FOO") == SYNTAX
    assert data.call("SORT", "l", "LIMIT", "0") == SYNTAX
    assert data.call("SORT", "l", "LIMIT", "a", "1") == NOT_INT
    assert data.call("SORT", "l", "STORE") == SYNTAX
    assert data.call("SORT_RO", "l", "STORE", "dst") == SYNTAX
    assert data.call("SORT", "l", "BY") == SYNTAX
    data.call("RPUSH", "bad", "1", "x")
    assert data.call("SORT", "bad") == NOT_DOUBLE
