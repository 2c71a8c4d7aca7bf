"""Generic keyspace commands: DEL UNLINK EXISTS TOUCH TYPE RENAME RENAMENX COPY MOVE
SELECT DBSIZE KEYS SCAN RANDOMKEY FLUSHDB FLUSHALL SWAPDB (Redis 7.0.15)."""

import pytest

from conftest import (NIL, NOT_INT, OK, SYNTAX, arity, bulk, bulks, err, integer, parse_reply,
                      simple)

DB_RANGE = err("ERR DB index is out of range")
NO_SUCH_KEY = err("ERR no such key")
SAME_OBJECT = err("ERR source and destination objects are the same")


# ---------------------------------------------------------------- DEL / UNLINK / EXISTS / TOUCH

def test_del_returns_the_number_of_keys_removed(raw):
    raw.call("MSET", "a", "1", "b", "2", "c", "3")
    assert raw.call("DEL", "a", "b", "nokey") == integer(2)
    assert raw.call("MGET", "a", "b", "c") == bulks(None, None, "3")


def test_del_counts_a_repeated_key_once(raw):
    raw.call("SET", "a", "1")
    assert raw.call("DEL", "a", "a", "a") == integer(1)


def test_unlink_behaves_like_del(raw):
    raw.call("MSET", "a", "1", "b", "2")
    assert raw.call("UNLINK", "a", "b", "nokey") == integer(2)
    assert raw.call("DBSIZE") == integer(0)


def test_exists_counts_repeated_keys_each_time(raw):
    raw.call("SET", "a", "1")
    assert raw.call("EXISTS", "a", "a", "nokey", "a") == integer(3)
    assert raw.call("EXISTS", "nokey") == integer(0)


def test_touch_counts_existing_keys(raw):
    raw.call("MSET", "a", "1", "b", "2")
    assert raw.call("TOUCH", "a", "b", "nokey") == integer(2)


@pytest.mark.parametrize("cmd", ["DEL", "UNLINK", "EXISTS", "TOUCH"])
def test_multi_key_commands_need_at_least_one_key(raw, cmd):
    assert raw.call(cmd) == arity(cmd.lower())


# ---------------------------------------------------------------- TYPE

def test_type_of_string_and_missing_keys(raw):
    raw.call("SET", "s", "v")
    assert raw.call("TYPE", "s") == simple("string")
    assert raw.call("TYPE", "nokey") == simple("none")


@pytest.mark.requires("lpush")
def test_type_of_a_list(raw):
    raw.call("LPUSH", "l", "x")
    assert raw.call("TYPE", "l") == simple("list")


# ---------------------------------------------------------------- RENAME / RENAMENX

def test_rename_moves_the_value(raw):
    raw.call("SET", "a", "1")
    assert raw.call("RENAME", "a", "b") == OK
    assert raw.call("MGET", "a", "b") == bulks(None, "1")


def test_rename_overwrites_the_destination(raw):
    raw.call("MSET", "a", "1", "b", "2")
    assert raw.call("RENAME", "a", "b") == OK
    assert raw.call("GET", "b") == bulk("1")
    assert raw.call("DBSIZE") == integer(1)


def test_rename_of_a_missing_key_is_an_error(raw):
    assert raw.call("RENAME", "nokey", "b") == NO_SUCH_KEY
    assert raw.call("RENAME", "nokey", "nokey") == NO_SUCH_KEY
    assert raw.call("RENAMENX", "nokey", "b") == NO_SUCH_KEY


def test_rename_to_itself_is_ok_when_the_key_exists(raw):
    raw.call("SET", "a", "1")
    assert raw.call("RENAME", "a", "a") == OK
    assert raw.call("GET", "a") == bulk("1")
    assert raw.call("RENAMENX", "a", "a") == integer(0)


def test_rename_carries_the_ttl_and_drops_the_destination_ttl(raw):
    raw.call("SET", "a", "1", "EX", "100")
    raw.call("SET", "b", "2", "EX", "5000")
    raw.call("RENAME", "a", "b")
    assert 98 <= int(raw.call("TTL", "b")[1:-2]) <= 100
    raw.call("SET", "c", "3")
    raw.call("SET", "d", "4", "EX", "5000")
    raw.call("RENAME", "c", "d")
    assert raw.call("TTL", "d") == integer(-1)


def test_renamenx_only_renames_to_a_missing_key(raw):
    raw.call("MSET", "a", "1", "b", "2")
    assert raw.call("RENAMENX", "a", "b") == integer(0)
    assert raw.call("MGET", "a", "b") == bulks("1", "2")
    assert raw.call("RENAMENX", "a", "c") == integer(1)
    assert raw.call("MGET", "a", "c") == bulks(None, "1")


def test_rename_arity(raw):
    assert raw.call("RENAME", "a") == arity("rename")
    assert raw.call("RENAMENX", "a", "b", "c") == arity("renamenx")


# ---------------------------------------------------------------- COPY

def test_copy_duplicates_the_value(raw):
    raw.call("SET", "a", "1")
    assert raw.call("COPY", "a", "b") == integer(1)
    assert raw.call("MGET", "a", "b") == bulks("1", "1")
    raw.call("APPEND", "b", "2")
    assert raw.call("MGET", "a", "b") == bulks("1", "12")


def test_copy_does_not_overwrite_without_replace(raw):
    raw.call("MSET", "a", "1", "b", "2")
    assert raw.call("COPY", "a", "b") == integer(0)
    assert raw.call("GET", "b") == bulk("2")
    assert raw.call("COPY", "a", "b", "REPLACE") == integer(1)
    assert raw.call("GET", "b") == bulk("1")


def test_copy_of_a_missing_key_returns_zero(raw):
    assert raw.call("COPY", "nokey", "b") == integer(0)
    assert raw.call("EXISTS", "b") == integer(0)


def test_copy_to_itself_is_an_error(raw):
    raw.call("SET", "a", "1")
    assert raw.call("COPY", "a", "a") == SAME_OBJECT
    assert raw.call("COPY", "a", "a", "DB", "0") == SAME_OBJECT


def test_copy_to_another_db(raw):
    raw.call("SET", "a", "1")
    assert raw.call("COPY", "a", "a", "DB", "3") == integer(1)
    assert raw.call("SELECT", "3") == OK
    assert raw.call("GET", "a") == bulk("1")
    assert raw.call("SELECT", "0") == OK


def test_copy_keeps_the_ttl(raw):
    raw.call("SET", "a", "1", "EX", "100")
    raw.call("COPY", "a", "b")
    assert 98 <= int(raw.call("TTL", "b")[1:-2]) <= 100


def test_copy_option_errors(raw):
    raw.call("SET", "a", "1")
    assert raw.call("COPY", "a", "b", "DB", "16") == DB_RANGE
    assert raw.call("COPY", "a", "b", "DB", "-1") == DB_RANGE
    assert raw.call("COPY", "a", "b", "DB", "x") == NOT_INT
    assert raw.call("COPY", "a", "b", "DB") == SYNTAX
    assert raw.call("COPY", "a", "b", "FOO") == SYNTAX
    assert raw.call("COPY", "a") == arity("copy")


# ---------------------------------------------------------------- MOVE / SELECT

def test_move_moves_a_key_to_another_db(raw):
    raw.call("SET", "a", "1", "EX", "100")
    assert raw.call("MOVE", "a", "1") == integer(1)
    assert raw.call("EXISTS", "a") == integer(0)
    raw.call("SELECT", "1")
    assert raw.call("GET", "a") == bulk("1")
    assert 98 <= int(raw.call("TTL", "a")[1:-2]) <= 100
    raw.call("SELECT", "0")


def test_move_does_not_overwrite_an_existing_target(raw):
    raw.call("SET", "a", "src")
    raw.call("SELECT", "1")
    raw.call("SET", "a", "dst")
    raw.call("SELECT", "0")
    assert raw.call("MOVE", "a", "1") == integer(0)
    assert raw.call("GET", "a") == bulk("src")


def test_move_of_a_missing_key_returns_zero(raw):
    assert raw.call("MOVE", "nokey", "1") == integer(0)


def test_move_errors(raw):
    raw.call("SET", "a", "1")
    assert raw.call("MOVE", "a", "0") == SAME_OBJECT
    assert raw.call("MOVE", "a", "16") == DB_RANGE
    assert raw.call("MOVE", "a", "x") == NOT_INT


def test_databases_are_independent(raw):
    raw.call("SET", "k", "db0")
    assert raw.call("SELECT", "15") == OK
    assert raw.call("GET", "k") == NIL
    raw.call("SET", "k", "db15")
    assert raw.call("DBSIZE") == integer(1)
    raw.call("SELECT", "0")
    assert raw.call("GET", "k") == bulk("db0")


def test_select_errors(raw):
    assert raw.call("SELECT", "16") == DB_RANGE
    assert raw.call("SELECT", "-1") == DB_RANGE
    assert raw.call("SELECT", "abc") == NOT_INT
    assert raw.call("SELECT") == arity("select")


# ---------------------------------------------------------------- DBSIZE / FLUSHDB / FLUSHALL / SWAPDB

def test_dbsize_counts_keys_in_the_selected_db(raw):
    assert raw.call("DBSIZE") == integer(0)
    raw.call("MSET", "a", "1", "b", "2", "c", "3")
    assert raw.call("DBSIZE") == integer(3)
    raw.call("DEL", "a")
    assert raw.call("DBSIZE") == integer(2)


def test_flushdb_clears_only_the_selected_db(raw):
    raw.call("SET", "a", "1")
    raw.call("SELECT", "1")
    raw.call("SET", "b", "1")
    assert raw.call("FLUSHDB") == OK
    assert raw.call("DBSIZE") == integer(0)
    raw.call("SELECT", "0")
    assert raw.call("DBSIZE") == integer(1)


def test_flushall_clears_every_db(raw):
    raw.call("SET", "a", "1")
    raw.call("SELECT", "2")
    raw.call("SET", "b", "1")
    assert raw.call("FLUSHALL") == OK
    assert raw.call("DBSIZE") == integer(0)
    raw.call("SELECT", "0")
    assert raw.call("DBSIZE") == integer(0)


def test_flush_accepts_sync_and_async_and_rejects_other_options(raw):
    assert raw.call("FLUSHDB", "ASYNC") == OK
    assert raw.call("FLUSHDB", "sync") == OK
    assert raw.call("FLUSHALL", "ASYNC") == OK
    assert raw.call("FLUSHDB", "FOO") == SYNTAX
    assert raw.call("FLUSHALL", "FOO") == SYNTAX


def test_swapdb_swaps_contents(raw):
    raw.call("SET", "a", "in0")
    raw.call("SELECT", "1")
    raw.call("SET", "b", "in1")
    assert raw.call("SWAPDB", "0", "1") == OK
    assert raw.call("MGET", "a", "b") == bulks("in0", None)
    raw.call("SELECT", "0")
    assert raw.call("MGET", "a", "b") == bulks(None, "in1")
    assert raw.call("SWAPDB", "0", "16") == DB_RANGE
    assert raw.call("SWAPDB", "0", "x") == err("ERR invalid second DB index")
    assert raw.call("SWAPDB", "x", "0") == err("ERR invalid first DB index")


# ---------------------------------------------------------------- KEYS / SCAN / RANDOMKEY

def test_keys_glob_patterns(raw):
    raw.call("MSET", "hello", "1", "hallo", "1", "hxllo", "1", "hllo", "1", "heeeello", "1",
             "h*llo", "1")

    def keys(p):
        return sorted(parse_reply(raw.call("KEYS", p)))

    assert keys("h?llo") == [b"h*llo", b"hallo", b"hello", b"hxllo"]
    assert keys("h*llo") == [b"h*llo", b"hallo", b"heeeello", b"hello", b"hllo", b"hxllo"]
    assert keys("h[ae]llo") == [b"hallo", b"hello"]
    assert keys("h[^e]llo") == [b"h*llo", b"hallo", b"hxllo"]
    assert keys("h[a-b]llo") == [b"hallo"]
    assert keys("h\\*llo") == [b"h*llo"]
    assert keys("nomatch*") == []
    assert len(keys("*")) == 6


def test_scan_iterates_over_all_keys(raw):
    names = {f"key:{i}".encode() for i in range(500)}
    raw.call("MSET", *[x for n in names for x in (n, b"v")])
    seen = set()
    cursor = b"0"
    for _ in range(10000):
        cur, batch = parse_reply(raw.call("SCAN", cursor, "COUNT", "50"))
        seen.update(batch)
        cursor = cur
        if cursor == b"0":
            break
    assert seen == names


def test_scan_with_match_and_type(raw):
    raw.call("MSET", "user:1", "a", "user:2", "b", "item:1", "c")
    seen = set()
    cursor = b"0"
    while True:
        cursor, batch = parse_reply(raw.call("SCAN", cursor, "MATCH", "user:*", "TYPE", "string"))
        seen.update(batch)
        if cursor == b"0":
            break
    assert seen == {b"user:1", b"user:2"}


def test_scan_errors(raw):
    assert raw.call("SCAN", "x") == err("ERR invalid cursor")
    assert raw.call("SCAN", "0", "COUNT", "x") == NOT_INT
    assert raw.call("SCAN", "0", "COUNT", "0") == SYNTAX
    assert raw.call("SCAN", "0", "MATCH") == SYNTAX
    assert raw.call("SCAN", "0", "FOO", "bar") == SYNTAX


def test_randomkey(raw):
    assert raw.call("RANDOMKEY") == NIL
    raw.call("MSET", "a", "1", "b", "2")
    for _ in range(20):
        assert raw.call("RANDOMKEY") in (bulk("a"), bulk("b"))
