"""SORT and SORT_RO on lists, sets and sorted sets: BY (patterns, hash fields, nosort), GET
(#, patterns, hash fields), LIMIT, ASC|DESC, ALPHA, STORE."""

import pytest

from conftest import (SYNTAX, WRONGTYPE, NOT_INT, NULL3, bulk, bulks, err, integer, shard_of)

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


def test_sort_by_nosort_stores_a_set_sorted(data):
    # a set has no order of its own: with STORE, Redis sorts it ALPHA so the result is stable
    data.call("SADD", "names", "pear", "apple", "fig", "kiwi", "plum")
    assert data.call("SORT", "names", "BY", "nosort", "STORE", "dst") == integer(5)
    assert data.call("LRANGE", "dst", "0", "-1") == bulks("apple", "fig", "kiwi", "pear", "plum")
    assert data.call("SORT", "names", "BY", "nosort", "DESC", "LIMIT", "1", "2", "STORE", "dst") == integer(2)
    assert data.call("LRANGE", "dst", "0", "-1") == bulks("pear", "kiwi")


def test_sort_by_nosort_on_a_list(data):
    assert data.call("SORT", "l", "BY", "nosort", "DESC") == bulks("10", "2", "1", "3")
    assert data.call("SORT", "l", "BY", "nosort", "DESC", "LIMIT", "1", "2") == bulks("2", "1")
    assert data.call("SORT", "l", "BY", "constant", "LIMIT", "3", "100") == bulks("10")
    # no * in BY: nothing is weighed, so words need no ALPHA
    data.call("RPUSH", "words", "pear", "apple")
    assert data.call("SORT", "words", "BY", "nosort") == bulks("pear", "apple")


def test_sort_converts_a_small_sorted_set(data):
    assert data.call("OBJECT", "ENCODING", "z") == bulk("listpack")
    assert data.call("SORT_RO", "z") == bulks("1", "2", "3", "10")
    assert data.call("OBJECT", "ENCODING", "z") == bulk("skiplist")


def test_sort_weights_read_like_strtod(data):
    data.call("MSET", "v_1", " 2", "v_2", "0x10", "v_3", "", "v_10", "-inf")
    assert data.call("SORT", "l", "BY", "v_*") == bulks("10", "3", "1", "2")
    data.call("SET", "v_3", "1e400")
    assert data.call("SORT", "l", "BY", "v_*") == NOT_DOUBLE
    data.call("SET", "v_3", "nan")
    assert data.call("SORT", "l", "BY", "v_*") == NOT_DOUBLE


def test_sort_alpha_by_puts_missing_values_first(data):
    data.call("MSET", "a_1", "b", "a_3", "a")
    assert data.call("SORT", "l", "BY", "a_*", "ALPHA") == bulks("2", "10", "3", "1")
    assert data.call("SORT", "l", "BY", "a_*", "ALPHA", "DESC") == bulks("1", "3", "2", "10")


def test_sort_get_without_star_or_of_another_type_is_null(data):
    assert data.call("SORT", "l", "GET", "name_", "LIMIT", "0", "2") == bulks(None, None)
    assert data.call("SORT", "l", "GET", "h_*", "LIMIT", "0", "1") == bulks(None)
    assert data.call("SORT", "l", "GET", "name_*->x", "LIMIT", "0", "1") == bulks(None)
    assert data.call("SORT", "l", "GET", "h_*->nofield", "LIMIT", "0", "1") == bulks(None)
    data.call("HELLO", "3")
    assert data.call("SORT", "l", "GET", "nokey_*", "LIMIT", "0", "1") == b"*1\r\n" + NULL3


def test_sort_store_with_missing_gets_stores_empty_strings(data):
    data.call("SET", "dst", "v", "EX", "100")
    assert data.call("SORT", "l", "GET", "#", "GET", "nokey_*", "LIMIT", "0", "2", "STORE", "dst") == integer(4)
    assert data.call("LRANGE", "dst", "0", "-1") == bulks("1", "", "2", "")
    assert data.call("TTL", "dst") == integer(-1)


def test_sort_patterns_and_store_across_shards(data):
    keys = [f"w_{i}" for i in (1, 2, 3, 10)]
    assert len({shard_of(k) for k in keys}) > 1
    dst = next(f"d{i}" for i in range(100) if shard_of(f"d{i}") != shard_of("l"))
    assert data.call("SORT", "l", "BY", "w_*", "GET", "name_*", "STORE", dst) == integer(4)
    assert data.call("LRANGE", dst, "0", "-1") == bulks("three", "two", "one", "ten")
    # a {tag} before the * keeps every pattern key in one slot
    data.call("MSET", "{t}1", "c", "{t}2", "b", "{t}3", "a", "{t}10", "d")
    assert data.call("SORT", "l", "BY", "{t}*", "ALPHA") == bulks("3", "2", "1", "10")


def test_sort_keys_as_command_getkeys_reports_them(data):
    assert data.call("COMMAND", "GETKEYS", "SORT", "l", "LIMIT", "0", "1", "STORE", "d") == bulks("l", "d")
    assert data.call("COMMAND", "GETKEYS", "SORT", "l", "GET", "store") == bulks("l")
    assert data.call("COMMAND", "GETKEYS", "SORT_RO", "l", "STORE", "d") == bulks("l")
