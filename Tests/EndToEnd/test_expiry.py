"""Expiration: EXPIRE PEXPIRE EXPIREAT PEXPIREAT (NX XX GT LT), TTL PTTL EXPIRETIME
PEXPIRETIME PERSIST, lazy and active expiry (Redis 7.0.15)."""

import time

import pytest

from conftest import NIL, NOT_INT, OK, arity, bulk, bulks, err, integer, parse_reply

NX_XX_GT_LT = err("ERR NX and XX, GT or LT options at the same time are not compatible")
GT_AND_LT = err("ERR GT and LT options at the same time are not compatible")


def ttl(raw, key, cmd="TTL"):
    return parse_reply(raw.call(cmd, key))


# ---------------------------------------------------------------- setting TTLs

def test_expire_sets_a_ttl_and_returns_one(raw):
    raw.call("SET", "k", "v")
    assert raw.call("EXPIRE", "k", "100") == integer(1)
    assert 98 <= ttl(raw, "k") <= 100
    assert 98000 <= ttl(raw, "k", "PTTL") <= 100000


def test_expire_on_a_missing_key_returns_zero(raw):
    assert raw.call("EXPIRE", "nokey", "100") == integer(0)
    assert raw.call("PEXPIRE", "nokey", "100") == integer(0)
    assert raw.call("EXPIREAT", "nokey", "99999999999") == integer(0)
    assert raw.call("PEXPIREAT", "nokey", "99999999999") == integer(0)


def test_pexpire_sets_a_ttl_in_milliseconds(raw):
    raw.call("SET", "k", "v")
    assert raw.call("PEXPIRE", "k", "50000") == integer(1)
    assert 48000 <= ttl(raw, "k", "PTTL") <= 50000


def test_expireat_and_pexpireat_set_absolute_times(raw):
    at = int(time.time()) + 1000
    raw.call("MSET", "a", "1", "b", "2")
    assert raw.call("EXPIREAT", "a", str(at)) == integer(1)
    assert raw.call("EXPIRETIME", "a") == integer(at)
    assert raw.call("PEXPIRETIME", "a") == integer(at * 1000)
    assert raw.call("PEXPIREAT", "b", str(at * 1000 + 999)) == integer(1)
    assert raw.call("PEXPIRETIME", "b") == integer(at * 1000 + 999)
    # EXPIRETIME rounds the millisecond deadline to the nearest second
    assert raw.call("EXPIRETIME", "b") == integer(at + 1)
    assert raw.call("PEXPIREAT", "b", str(at * 1000 + 499)) == integer(1)
    assert raw.call("EXPIRETIME", "b") == integer(at)


@pytest.mark.parametrize("cmd,arg", [("EXPIRE", "0"), ("EXPIRE", "-10"), ("PEXPIRE", "-1"),
                                     ("EXPIREAT", "1"), ("PEXPIREAT", "1000"),
                                     ("EXPIRE", "-9223372036854775"), ("PEXPIREAT", "-1")])
def test_expire_with_a_time_in_the_past_deletes_the_key(raw, cmd, arg):
    raw.call("SET", "k", "v")
    assert raw.call(cmd, "k", arg) == integer(1)
    assert raw.call("EXISTS", "k") == integer(0)
    assert raw.call("GET", "k") == NIL


@pytest.mark.parametrize("cmd,arg", [
    ("EXPIRE", "9223372036854775"), ("EXPIRE", "9223372036854775807"),
    ("EXPIRE", "-9223372036854775808"), ("PEXPIRE", "9223372036854775807"),
    ("PEXPIRE", "9223372036854775000"), ("EXPIREAT", "9223372036854776"),
    ("EXPIREAT", "-9223372036854776"),
])
def test_expire_times_that_overflow_are_rejected(raw, cmd, arg):
    raw.call("SET", "k", "v")
    assert raw.call(cmd, "k", arg) == err(f"ERR invalid expire time in '{cmd.lower()}' command")
    assert raw.call("TTL", "k") == integer(-1)


def test_very_large_but_valid_absolute_expire_times_are_accepted(raw):
    raw.call("SET", "k", "v")
    assert raw.call("PEXPIREAT", "k", "9223372036854775807") == integer(1)
    assert raw.call("PEXPIRETIME", "k") == integer(9223372036854775807)
    assert raw.call("EXPIREAT", "k", "9223372036854775") == integer(1)
    assert raw.call("EXPIRETIME", "k") == integer(9223372036854775)


def test_expire_with_a_non_integer_time(raw):
    raw.call("SET", "k", "v")
    for cmd in ("EXPIRE", "PEXPIRE", "EXPIREAT", "PEXPIREAT"):
        assert raw.call(cmd, "k", "abc") == NOT_INT
        assert raw.call(cmd, "k", "1.5") == NOT_INT
        assert raw.call(cmd, "k", "") == NOT_INT
    assert raw.call("TTL", "k") == integer(-1)


def test_expire_arity(raw):
    assert raw.call("EXPIRE", "k") == arity("expire")
    assert raw.call("PEXPIREAT") == arity("pexpireat")
    assert raw.call("TTL") == arity("ttl")
    assert raw.call("PTTL", "a", "b") == arity("pttl")
    assert raw.call("PERSIST") == arity("persist")
    assert raw.call("EXPIRETIME") == arity("expiretime")


# ---------------------------------------------------------------- NX XX GT LT

def test_expire_nx_only_sets_when_there_is_no_ttl(raw):
    raw.call("SET", "k", "v")
    assert raw.call("EXPIRE", "k", "100", "NX") == integer(1)
    assert raw.call("EXPIRE", "k", "200", "NX") == integer(0)
    assert 98 <= ttl(raw, "k") <= 100


def test_expire_xx_only_sets_when_there_is_a_ttl(raw):
    raw.call("SET", "k", "v")
    assert raw.call("EXPIRE", "k", "100", "XX") == integer(0)
    assert raw.call("TTL", "k") == integer(-1)
    raw.call("EXPIRE", "k", "100")
    assert raw.call("EXPIRE", "k", "200", "XX") == integer(1)
    assert 198 <= ttl(raw, "k") <= 200


def test_expire_gt_treats_a_persistent_key_as_infinite_ttl(raw):
    raw.call("SET", "k", "v")
    assert raw.call("EXPIRE", "k", "100", "GT") == integer(0)
    assert raw.call("TTL", "k") == integer(-1)


def test_expire_lt_on_a_persistent_key_sets_the_ttl(raw):
    raw.call("SET", "k", "v")
    assert raw.call("EXPIRE", "k", "100", "LT") == integer(1)
    assert 98 <= ttl(raw, "k") <= 100


def test_expire_gt_and_lt_compare_with_the_current_ttl(raw):
    raw.call("SET", "k", "v", "EX", "100")
    assert raw.call("EXPIRE", "k", "50", "GT") == integer(0)
    assert raw.call("EXPIRE", "k", "200", "GT") == integer(1)
    assert raw.call("EXPIRE", "k", "300", "LT") == integer(0)
    assert raw.call("EXPIRE", "k", "150", "lt") == integer(1)
    assert 148 <= ttl(raw, "k") <= 150
    assert raw.call("PEXPIRE", "k", "500000", "XX", "GT") == integer(1)
    assert raw.call("PEXPIRE", "k", "100", "XX", "GT") == integer(0)


def test_expire_gt_with_a_past_time_on_a_volatile_key_is_not_applied(raw):
    raw.call("SET", "k", "v", "EX", "100")
    assert raw.call("EXPIRE", "k", "-1", "GT") == integer(0)
    assert raw.call("EXISTS", "k") == integer(1)
    assert raw.call("EXPIRE", "k", "-1", "LT") == integer(1)
    assert raw.call("EXISTS", "k") == integer(0)


def test_expire_incompatible_options(raw):
    raw.call("SET", "k", "v")
    assert raw.call("EXPIRE", "k", "10", "NX", "XX") == NX_XX_GT_LT
    assert raw.call("EXPIRE", "k", "10", "NX", "GT") == NX_XX_GT_LT
    assert raw.call("PEXPIRE", "k", "10", "LT", "NX") == NX_XX_GT_LT
    assert raw.call("EXPIREAT", "k", "10", "GT", "LT") == GT_AND_LT
    assert raw.call("EXPIRE", "k", "10", "FOO") == err("ERR Unsupported option FOO")
    assert raw.call("EXPIRE", "k", "10", "nx", "bar") == err("ERR Unsupported option bar")
    assert raw.call("TTL", "k") == integer(-1)


def test_expire_accepts_repeated_compatible_options(raw):
    raw.call("SET", "k", "v", "EX", "100")
    assert raw.call("EXPIRE", "k", "200", "GT", "GT") == integer(1)
    assert raw.call("EXPIRE", "k", "300", "XX", "GT") == integer(1)


# ---------------------------------------------------------------- TTL family

def test_ttl_of_missing_and_persistent_keys(raw):
    raw.call("SET", "k", "v")
    for cmd in ("TTL", "PTTL", "EXPIRETIME", "PEXPIRETIME"):
        assert raw.call(cmd, "nokey") == integer(-2)
        assert raw.call(cmd, "k") == integer(-1)


def test_ttl_rounds_to_the_nearest_second(raw):
    raw.call("SET", "k", "v", "PX", "2999")
    assert raw.call("TTL", "k") == integer(3)  # 2.5 s .. 2.999 s left: rounds to 3
    raw.call("SET", "k", "v", "PX", "100000")
    assert raw.call("TTL", "k") == integer(100)


def test_persist_removes_the_ttl(raw):
    raw.call("SET", "k", "v", "EX", "100")
    assert raw.call("PERSIST", "k") == integer(1)
    assert raw.call("TTL", "k") == integer(-1)
    assert raw.call("PERSIST", "k") == integer(0)
    assert raw.call("PERSIST", "nokey") == integer(0)


# ---------------------------------------------------------------- which writes keep the TTL

def test_overwriting_with_set_removes_the_ttl_but_append_and_setrange_keep_it(raw):
    raw.call("SET", "k", "v", "EX", "100")
    raw.call("APPEND", "k", "x")
    raw.call("SETRANGE", "k", "0", "y")
    assert 98 <= ttl(raw, "k") <= 100
    raw.call("SET", "k", "z")
    assert raw.call("TTL", "k") == integer(-1)


def test_del_and_recreate_has_no_ttl(raw):
    raw.call("SET", "k", "v", "EX", "100")
    raw.call("DEL", "k")
    raw.call("SET", "k", "v")
    assert raw.call("TTL", "k") == integer(-1)


# ---------------------------------------------------------------- actual expiry

def test_a_key_is_gone_once_its_ttl_elapses(raw):
    raw.call("SET", "k", "v", "PX", "600")
    raw.call("SET", "keep", "v")
    assert raw.call("GET", "k") == bulk("v")
    time.sleep(0.8)
    assert raw.call("GET", "k") == NIL
    assert raw.call("EXISTS", "k") == integer(0)
    assert raw.call("TTL", "k") == integer(-2)
    assert raw.call("GET", "keep") == bulk("v")


def test_expired_keys_are_invisible_to_every_read(raw):
    raw.call("MSET", "a", "1", "b", "2", "c", "3")
    raw.call("PEXPIRE", "a", "50")
    raw.call("PEXPIRE", "b", "50")
    time.sleep(0.2)
    assert raw.call("MGET", "a", "b", "c") == bulks(None, None, "3")
    assert raw.call("EXISTS", "a", "b", "c") == integer(1)
    assert raw.call("TYPE", "a") == b"+none\r\n"
    assert parse_reply(raw.call("KEYS", "*")) == [b"c"]
    assert raw.call("STRLEN", "b") == integer(0)
    assert raw.call("RENAME", "a", "z") == err("ERR no such key")
    assert raw.call("COPY", "b", "z") == integer(0)
    assert raw.call("TTL", "a") == integer(-2)


def test_writes_treat_an_expired_key_as_missing(raw):
    raw.call("SET", "k", "old", "PX", "50")
    raw.call("SET", "n", "41", "PX", "50")
    raw.call("SET", "s", "abc", "PX", "50")
    time.sleep(0.2)
    assert raw.call("SET", "k", "new", "NX") == OK
    assert raw.call("TTL", "k") == integer(-1)
    assert raw.call("INCR", "n") == integer(1)
    assert raw.call("APPEND", "s", "x") == integer(1)
    assert raw.call("SETNX", "gone", "1") == integer(1)


def test_expired_keys_are_eventually_removed_without_being_accessed(raw):
    raw.call("MSET", *[x for i in range(200) for x in (f"e{i}", "v")])
    for i in range(200):
        raw.call("PEXPIRE", f"e{i}", "100")
    raw.call("SET", "keep", "v")
    deadline = time.monotonic() + 10
    size = None
    while time.monotonic() < deadline:
        time.sleep(0.2)
        size = raw.call("DBSIZE")
        if size == integer(1):
            break
    assert size == integer(1), "active expiry did not remove expired keys within 10 s"


def test_expiry_in_another_db(raw):
    raw.call("SELECT", "5")
    raw.call("SET", "k", "v", "PX", "100")
    time.sleep(0.25)
    assert raw.call("GET", "k") == NIL
    raw.call("SELECT", "0")


def test_redis_py_client_ttl_helpers(r2):
    r2.set("k", "v", ex=100)
    assert 98 <= r2.ttl("k") <= 100
    assert r2.expire("k", 500, gt=True) is True
    assert r2.persist("k") is True
    assert r2.ttl("k") == -1
