"""String commands: exact replies and exact error strings (Redis 7.0.15)."""

import time

import pytest

from conftest import (NIL, NOT_FLOAT, NOT_INT, OK, SYNTAX, WRONGTYPE, arity, array, bulk,
                      bulks, err, integer)

INVALID_EXPIRE_SET = err("ERR invalid expire time in 'set' command")


# ---------------------------------------------------------------- GET / SET

def test_get_of_missing_key_is_a_null_bulk(raw):
    assert raw.call("GET", "nokey") == NIL


def test_set_then_get_returns_the_value(raw):
    assert raw.call("SET", "k", "hello") == OK
    assert raw.call("GET", "k") == bulk("hello")


def test_set_and_get_preserve_binary_values_with_crlf_and_nul(raw):
    value = b"a\r\nb\x00c\xff" * 100
    assert raw.call("SET", b"bin\x00key", value) == OK
    assert raw.call("GET", b"bin\x00key") == bulk(value)


def test_set_and_get_an_empty_string(raw):
    assert raw.call("SET", "k", "") == OK
    assert raw.call("GET", "k") == b"$0\r\n\r\n"
    assert raw.call("STRLEN", "k") == integer(0)
    assert raw.call("EXISTS", "k") == integer(1)


def test_set_and_get_a_one_megabyte_value(raw):
    value = bytes(range(256)) * 4096
    assert raw.call("SET", "big", value) == OK
    assert raw.call("GET", "big") == bulk(value)
    assert raw.call("STRLEN", "big") == integer(len(value))


def test_set_overwrites_an_existing_value(raw):
    raw.call("SET", "k", "one")
    assert raw.call("SET", "k", "two") == OK
    assert raw.call("GET", "k") == bulk("two")


def test_get_with_wrong_number_of_arguments_is_an_arity_error(raw):
    assert raw.call("GET") == arity("get")
    assert raw.call("GET", "a", "b") == arity("get")


def test_set_with_wrong_number_of_arguments_is_an_arity_error(raw):
    assert raw.call("SET") == arity("set")
    assert raw.call("SET", "k") == arity("set")


def test_arity_error_names_the_command_in_lowercase(raw):
    assert raw.call("gEt") == arity("get")
    assert raw.call("SETEX", "k", "1") == arity("setex")


@pytest.mark.requires("lpush")
def test_get_fails_against_a_key_holding_a_list(raw):
    assert raw.call("LPUSH", "l", "x") == integer(1)
    assert raw.call("GET", "l") == WRONGTYPE


@pytest.mark.requires("lpush")
def test_set_overwrites_a_key_of_another_type(raw):
    raw.call("LPUSH", "l", "x")
    assert raw.call("SET", "l", "v") == OK
    assert raw.call("TYPE", "l") == b"+string\r\n"


def test_set_nx_only_sets_a_missing_key(raw):
    assert raw.call("SET", "k", "1", "NX") == OK
    assert raw.call("SET", "k", "2", "NX") == NIL
    assert raw.call("GET", "k") == bulk("1")


def test_set_xx_only_sets_an_existing_key(raw):
    assert raw.call("SET", "k", "1", "XX") == NIL
    assert raw.call("EXISTS", "k") == integer(0)
    raw.call("SET", "k", "1")
    assert raw.call("SET", "k", "2", "XX") == OK
    assert raw.call("GET", "k") == bulk("2")


def test_set_options_are_case_insensitive(raw):
    assert raw.call("set", "k", "1", "nx", "ex", "100") == OK
    assert 0 < int(raw.call("TTL", "k")[1:-2]) <= 100


def test_set_with_nx_and_xx_is_a_syntax_error(raw):
    assert raw.call("SET", "k", "1", "NX", "XX") == SYNTAX


def test_set_with_two_expire_options_is_a_syntax_error(raw):
    assert raw.call("SET", "k", "1", "EX", "10", "PX", "100") == SYNTAX
    assert raw.call("SET", "k", "1", "EX", "10", "KEEPTTL") == SYNTAX
    assert raw.call("SET", "k", "1", "KEEPTTL", "EXAT", "99999999999") == SYNTAX


def test_set_with_an_unknown_option_is_a_syntax_error(raw):
    assert raw.call("SET", "k", "1", "FOO") == SYNTAX
    assert raw.call("SET", "k", "1", "EX") == SYNTAX
    assert raw.call("EXISTS", "k") == integer(0)


def test_set_ex_sets_a_ttl_in_seconds(raw):
    assert raw.call("SET", "k", "v", "EX", "100") == OK
    ttl = int(raw.call("TTL", "k")[1:-2])
    assert 98 <= ttl <= 100


def test_set_px_sets_a_ttl_in_milliseconds(raw):
    assert raw.call("SET", "k", "v", "PX", "100000") == OK
    pttl = int(raw.call("PTTL", "k")[1:-2])
    assert 98000 <= pttl <= 100000


def test_set_exat_and_pxat_set_an_absolute_expiry(raw):
    at = int(time.time()) + 1000
    assert raw.call("SET", "k", "v", "EXAT", str(at)) == OK
    assert raw.call("EXPIRETIME", "k") == integer(at)
    assert raw.call("SET", "k2", "v", "PXAT", str(at * 1000 + 123)) == OK
    assert raw.call("PEXPIRETIME", "k2") == integer(at * 1000 + 123)


def test_set_with_a_past_exat_deletes_the_key(raw):
    raw.call("SET", "k", "old")
    assert raw.call("SET", "k", "v", "EXAT", "1") == OK
    assert raw.call("GET", "k") == NIL
    assert raw.call("EXISTS", "k") == integer(0)


def test_set_without_keepttl_clears_the_ttl(raw):
    raw.call("SET", "k", "v", "EX", "100")
    raw.call("SET", "k", "w")
    assert raw.call("TTL", "k") == integer(-1)


def test_set_keepttl_retains_the_ttl(raw):
    raw.call("SET", "k", "v", "EX", "100")
    assert raw.call("SET", "k", "w", "KEEPTTL") == OK
    assert 98 <= int(raw.call("TTL", "k")[1:-2]) <= 100
    assert raw.call("GET", "k") == bulk("w")


@pytest.mark.parametrize("opt,value", [("EX", "0"), ("EX", "-1"), ("PX", "0"), ("PX", "-5"),
                                       ("EXAT", "0"), ("PXAT", "-1"),
                                       ("EX", "9999999999999999"),
                                       ("PX", "9223372036854775807")])
def test_set_rejects_a_non_positive_or_overflowing_expire_time(raw, opt, value):
    assert raw.call("SET", "k", "v", opt, value) == INVALID_EXPIRE_SET
    assert raw.call("EXISTS", "k") == integer(0)


@pytest.mark.parametrize("value", ["abc", "1.5", "", " 1", "99999999999999999999"])
def test_set_ex_with_a_non_integer_is_not_an_integer_error(raw, value):
    assert raw.call("SET", "k", "v", "EX", value) == NOT_INT


def test_set_get_returns_the_old_value(raw):
    assert raw.call("SET", "k", "1", "GET") == NIL
    assert raw.call("SET", "k", "2", "GET") == bulk("1")
    assert raw.call("GET", "k") == bulk("2")


def test_set_get_with_nx_returns_the_old_value_and_does_not_overwrite(raw):
    raw.call("SET", "k", "1")
    assert raw.call("SET", "k", "2", "NX", "GET") == bulk("1")
    assert raw.call("GET", "k") == bulk("1")
    assert raw.call("SET", "new", "2", "NX", "GET") == NIL
    assert raw.call("GET", "new") == bulk("2")


def test_set_get_with_xx_on_a_missing_key_returns_nil_and_does_not_set(raw):
    assert raw.call("SET", "k", "2", "XX", "GET") == NIL
    assert raw.call("EXISTS", "k") == integer(0)


@pytest.mark.requires("lpush")
def test_set_get_against_a_list_is_wrongtype_and_does_not_overwrite(raw):
    raw.call("LPUSH", "l", "x")
    assert raw.call("SET", "l", "v", "GET") == WRONGTYPE
    assert raw.call("TYPE", "l") == b"+list\r\n"


# ---------------------------------------------------------------- SETNX / SETEX / PSETEX

def test_setnx_sets_only_when_missing(raw):
    assert raw.call("SETNX", "k", "1") == integer(1)
    assert raw.call("SETNX", "k", "2") == integer(0)
    assert raw.call("GET", "k") == bulk("1")


def test_setex_sets_value_and_ttl(raw):
    assert raw.call("SETEX", "k", "100", "v") == OK
    assert raw.call("GET", "k") == bulk("v")
    assert 98 <= int(raw.call("TTL", "k")[1:-2]) <= 100


def test_setex_rejects_zero_negative_and_non_integer_ttls(raw):
    assert raw.call("SETEX", "k", "0", "v") == err("ERR invalid expire time in 'setex' command")
    assert raw.call("SETEX", "k", "-10", "v") == err("ERR invalid expire time in 'setex' command")
    assert raw.call("SETEX", "k", "x", "v") == NOT_INT
    assert raw.call("EXISTS", "k") == integer(0)


def test_psetex_sets_value_and_ttl_in_milliseconds(raw):
    assert raw.call("PSETEX", "k", "100000", "v") == OK
    assert 98000 <= int(raw.call("PTTL", "k")[1:-2]) <= 100000
    assert raw.call("PSETEX", "k", "0", "v") == err("ERR invalid expire time in 'psetex' command")


# ---------------------------------------------------------------- GETSET / GETDEL / GETEX

def test_getset_returns_old_value_and_sets_new(raw):
    assert raw.call("GETSET", "k", "1") == NIL
    assert raw.call("GETSET", "k", "2") == bulk("1")
    assert raw.call("GET", "k") == bulk("2")


def test_getset_clears_the_ttl(raw):
    raw.call("SET", "k", "1", "EX", "100")
    raw.call("GETSET", "k", "2")
    assert raw.call("TTL", "k") == integer(-1)


def test_getdel_returns_the_value_and_deletes_the_key(raw):
    raw.call("SET", "k", "v")
    assert raw.call("GETDEL", "k") == bulk("v")
    assert raw.call("EXISTS", "k") == integer(0)
    assert raw.call("GETDEL", "k") == NIL


@pytest.mark.requires("lpush")
def test_getdel_fails_against_a_list_and_keeps_it(raw):
    raw.call("LPUSH", "l", "x")
    assert raw.call("GETDEL", "l") == WRONGTYPE
    assert raw.call("EXISTS", "l") == integer(1)


def test_getex_without_options_returns_the_value_and_keeps_ttl(raw):
    raw.call("SET", "k", "v", "EX", "100")
    assert raw.call("GETEX", "k") == bulk("v")
    assert 98 <= int(raw.call("TTL", "k")[1:-2]) <= 100


def test_getex_sets_and_removes_ttls(raw):
    raw.call("SET", "k", "v")
    assert raw.call("GETEX", "k", "EX", "100") == bulk("v")
    assert 98 <= int(raw.call("TTL", "k")[1:-2]) <= 100
    assert raw.call("GETEX", "k", "PX", "200000") == bulk("v")
    assert 198000 <= int(raw.call("PTTL", "k")[1:-2]) <= 200000
    at = int(time.time()) + 5000
    assert raw.call("GETEX", "k", "EXAT", str(at)) == bulk("v")
    assert raw.call("EXPIRETIME", "k") == integer(at)
    assert raw.call("GETEX", "k", "PXAT", str(at * 1000 + 7)) == bulk("v")
    assert raw.call("PEXPIRETIME", "k") == integer(at * 1000 + 7)
    assert raw.call("GETEX", "k", "PERSIST") == bulk("v")
    assert raw.call("TTL", "k") == integer(-1)


def test_getex_on_a_missing_key_is_nil(raw):
    assert raw.call("GETEX", "nokey", "EX", "10") == NIL


def test_getex_errors(raw):
    raw.call("SET", "k", "v")
    assert raw.call("GETEX", "k", "EX", "0") == err("ERR invalid expire time in 'getex' command")
    assert raw.call("GETEX", "k", "EX", "-1") == err("ERR invalid expire time in 'getex' command")
    assert raw.call("GETEX", "k", "EX", "abc") == NOT_INT
    assert raw.call("GETEX", "k", "PERSIST", "EX", "1") == SYNTAX
    assert raw.call("GETEX", "k", "EX", "1", "PX", "1") == SYNTAX
    assert raw.call("GETEX", "k", "FOO") == SYNTAX
    assert raw.call("GETEX", "k", "EX") == SYNTAX
    assert raw.call("GETEX") == arity("getex")
    assert raw.call("TTL", "k") == integer(-1)


def test_getex_with_a_past_exat_deletes_the_key_but_returns_the_value(raw):
    raw.call("SET", "k", "v")
    assert raw.call("GETEX", "k", "EXAT", "1") == bulk("v")
    assert raw.call("EXISTS", "k") == integer(0)


# ---------------------------------------------------------------- MGET / MSET / MSETNX

def test_mget_returns_nil_for_missing_keys(raw):
    raw.call("SET", "a", "1")
    raw.call("SET", "c", "3")
    assert raw.call("MGET", "a", "b", "c") == bulks("1", None, "3")


@pytest.mark.requires("lpush")
def test_mget_returns_nil_for_keys_of_another_type(raw):
    raw.call("SET", "a", "1")
    raw.call("LPUSH", "l", "x")
    assert raw.call("MGET", "a", "l") == bulks("1", None)


def test_mset_sets_all_pairs(raw):
    assert raw.call("MSET", "a", "1", "b", "2", "c", "3") == OK
    assert raw.call("MGET", "a", "b", "c") == bulks("1", "2", "3")


def test_mset_with_a_repeated_key_keeps_the_last_value(raw):
    assert raw.call("MSET", "a", "1", "a", "2") == OK
    assert raw.call("GET", "a") == bulk("2")


def test_mset_with_an_odd_number_of_arguments_is_an_arity_error(raw):
    assert raw.call("MSET", "a", "1", "b") == arity("mset")
    assert raw.call("MSET") == arity("mset")
    assert raw.call("MSET", "a") == arity("mset")
    assert raw.call("EXISTS", "a") == integer(0)


def test_msetnx_sets_nothing_if_any_key_exists(raw):
    raw.call("SET", "b", "old")
    assert raw.call("MSETNX", "a", "1", "b", "2") == integer(0)
    assert raw.call("MGET", "a", "b") == bulks(None, "old")
    assert raw.call("MSETNX", "x", "1", "y", "2") == integer(1)
    assert raw.call("MGET", "x", "y") == bulks("1", "2")


def test_msetnx_with_an_odd_number_of_arguments_is_an_arity_error(raw):
    assert raw.call("MSETNX", "a", "1", "b") == arity("msetnx")


def test_mset_clears_ttls(raw):
    raw.call("SET", "a", "1", "EX", "100")
    raw.call("MSET", "a", "2")
    assert raw.call("TTL", "a") == integer(-1)


# ---------------------------------------------------------------- INCR family

def test_incr_on_a_missing_key_starts_at_zero(raw):
    assert raw.call("INCR", "n") == integer(1)
    assert raw.call("INCR", "n") == integer(2)
    assert raw.call("GET", "n") == bulk("2")


def test_decr_incrby_decrby(raw):
    assert raw.call("DECR", "n") == integer(-1)
    assert raw.call("INCRBY", "n", "10") == integer(9)
    assert raw.call("DECRBY", "n", "20") == integer(-11)
    assert raw.call("INCRBY", "n", "-4") == integer(-15)


def test_incr_fails_against_a_key_holding_a_non_integer(raw):
    raw.call("SET", "k", "abc")
    assert raw.call("INCR", "k") == NOT_INT
    assert raw.call("GET", "k") == bulk("abc")


@pytest.mark.parametrize("value", ["1.5", " 1", "1 ", "01x", "", "+1", "0x10",
                                   "9223372036854775808", "-9223372036854775809"])
def test_incr_rejects_values_that_are_not_canonical_64_bit_integers(raw, value):
    raw.call("SET", "k", value)
    assert raw.call("INCR", "k") == NOT_INT


def test_incr_accepts_leading_zero_free_negative_and_extreme_values(raw):
    raw.call("SET", "k", "-5")
    assert raw.call("INCR", "k") == integer(-4)
    raw.call("SET", "k", "9223372036854775806")
    assert raw.call("INCR", "k") == integer(9223372036854775807)


def test_incr_overflow_is_an_error_and_leaves_the_value(raw):
    raw.call("SET", "k", "9223372036854775807")
    assert raw.call("INCR", "k") == err("ERR increment or decrement would overflow")
    assert raw.call("GET", "k") == bulk("9223372036854775807")
    raw.call("SET", "k", "-9223372036854775808")
    assert raw.call("DECR", "k") == err("ERR increment or decrement would overflow")
    assert raw.call("INCRBY", "k", "-1") == err("ERR increment or decrement would overflow")


def test_decrby_of_the_minimum_integer_is_rejected(raw):
    raw.call("SET", "k", "0")
    assert raw.call("DECRBY", "k", "-9223372036854775808") == \
        err("ERR decrement would overflow")


def test_incrby_with_a_non_integer_increment(raw):
    assert raw.call("INCRBY", "k", "abc") == NOT_INT
    assert raw.call("INCRBY", "k", "1.0") == NOT_INT
    assert raw.call("INCRBY", "k", "9223372036854775808") == NOT_INT
    assert raw.call("EXISTS", "k") == integer(0)


def test_incr_keeps_the_ttl(raw):
    raw.call("SET", "k", "1", "EX", "100")
    raw.call("INCR", "k")
    assert 98 <= int(raw.call("TTL", "k")[1:-2]) <= 100


@pytest.mark.requires("lpush")
def test_incr_fails_against_a_list(raw):
    raw.call("LPUSH", "l", "x")
    assert raw.call("INCR", "l") == WRONGTYPE
    assert raw.call("INCRBYFLOAT", "l", "1") == WRONGTYPE


def test_incr_arity(raw):
    assert raw.call("INCR") == arity("incr")
    assert raw.call("INCR", "a", "b") == arity("incr")
    assert raw.call("INCRBY", "a") == arity("incrby")
    assert raw.call("DECRBY", "a", "1", "2") == arity("decrby")


# ---------------------------------------------------------------- INCRBYFLOAT

@pytest.mark.parametrize("start,incr,expected", [
    (None, "1.5", "1.5"),
    ("10.5", "0.1", "10.6"),
    ("5", "-5", "0"),
    ("3", "2", "5"),
    ("1", "1e3", "1001"),
    ("0.1", "0.2", "0.3"),                     # long double arithmetic: not 0.30000000000000004
    ("5.0e3", "2.0e2", "5200"),
    ("-1", "0.5", "-0.5"),
    ("1", "-1.25", "-0.25"),
    ("0", "0.000001", "0.000001"),
    ("1234567890", "0.5", "1234567890.5"),
    ("1", "1.23456789012345678", "2.23456789012345678"),
    ("  1", "1", None),
])
def test_incrbyfloat_results_are_formatted_like_redis(raw, start, incr, expected):
    if start is not None:
        raw.call("SET", "f", start)
    reply = raw.call("INCRBYFLOAT", "f", incr)
    if expected is None:
        assert reply == NOT_FLOAT
    else:
        assert reply == bulk(expected)
        assert raw.call("GET", "f") == bulk(expected)


def test_incrbyfloat_rejects_non_floats(raw):
    assert raw.call("INCRBYFLOAT", "f", "abc") == NOT_FLOAT
    assert raw.call("INCRBYFLOAT", "f", "") == NOT_FLOAT
    assert raw.call("INCRBYFLOAT", "f", "1.5x") == NOT_FLOAT
    raw.call("SET", "s", "hello")
    assert raw.call("INCRBYFLOAT", "s", "1") == NOT_FLOAT


def test_incrbyfloat_rejects_infinity_and_nan(raw):
    assert raw.call("INCRBYFLOAT", "f", "inf") == \
        err("ERR increment would produce NaN or Infinity")
    assert raw.call("INCRBYFLOAT", "f", "nan") == NOT_FLOAT
    assert raw.call("EXISTS", "f") == integer(0)


def test_incrbyfloat_keeps_the_ttl(raw):
    raw.call("SET", "f", "1", "EX", "100")
    raw.call("INCRBYFLOAT", "f", "1.5")
    assert 98 <= int(raw.call("TTL", "f")[1:-2]) <= 100


# ---------------------------------------------------------------- APPEND / STRLEN

def test_append_creates_and_extends(raw):
    assert raw.call("APPEND", "k", "hello") == integer(5)
    assert raw.call("APPEND", "k", " world") == integer(11)
    assert raw.call("GET", "k") == bulk("hello world")


def test_append_to_an_integer_value(raw):
    raw.call("SET", "k", "10")
    raw.call("INCR", "k")
    assert raw.call("APPEND", "k", "5") == integer(3)
    assert raw.call("GET", "k") == bulk("115")


def test_strlen(raw):
    assert raw.call("STRLEN", "nokey") == integer(0)
    raw.call("SET", "k", "12345")
    assert raw.call("STRLEN", "k") == integer(5)
    raw.call("SET", "n", "-123")
    raw.call("INCRBY", "n", "0")
    assert raw.call("STRLEN", "n") == integer(4)


@pytest.mark.requires("lpush")
def test_append_and_strlen_fail_against_a_list(raw):
    raw.call("LPUSH", "l", "x")
    assert raw.call("APPEND", "l", "x") == WRONGTYPE
    assert raw.call("STRLEN", "l") == WRONGTYPE


# ---------------------------------------------------------------- GETRANGE / SUBSTR / SETRANGE

@pytest.mark.parametrize("start,end,expected", [
    (0, 3, "This"), (-3, -1, "ing"), (0, -1, "This is a string"), (10, 100, "string"),
    (5, 3, ""), (-100, 3, "This"), (100, 200, ""), (-1, -5, ""), (0, 0, "T"),
    (-1, -1, "g"), (3, -100, ""),
])
def test_getrange(raw, start, end, expected):
    raw.call("SET", "k", "This is a string")
    assert raw.call("GETRANGE", "k", str(start), str(end)) == bulk(expected)


def test_getrange_on_a_missing_key_is_empty(raw):
    assert raw.call("GETRANGE", "nokey", "0", "-1") == bulk("")


def test_getrange_of_an_integer_encoded_value(raw):
    raw.call("SET", "k", "1234")
    raw.call("INCRBY", "k", "0")
    assert raw.call("GETRANGE", "k", "1", "2") == bulk("23")


def test_getrange_with_non_integer_indexes(raw):
    raw.call("SET", "k", "abc")
    assert raw.call("GETRANGE", "k", "a", "1") == NOT_INT
    assert raw.call("GETRANGE", "k", "0") == arity("getrange")


def test_substr_is_an_alias_of_getrange(raw):
    raw.call("SET", "k", "Hello World")
    assert raw.call("SUBSTR", "k", "0", "4") == bulk("Hello")
    assert raw.call("SUBSTR", "k", "-5", "-1") == bulk("World")


def test_setrange_overwrites_and_pads_with_zero_bytes(raw):
    raw.call("SET", "k", "Hello World")
    assert raw.call("SETRANGE", "k", "6", "Redis") == integer(11)
    assert raw.call("GET", "k") == bulk("Hello Redis")
    assert raw.call("SETRANGE", "pad", "5", "x") == integer(6)
    assert raw.call("GET", "pad") == bulk(b"\x00\x00\x00\x00\x00x")


def test_setrange_with_an_empty_value(raw):
    assert raw.call("SETRANGE", "nokey", "5", "") == integer(0)
    assert raw.call("EXISTS", "nokey") == integer(0)
    raw.call("SET", "k", "abc")
    assert raw.call("SETRANGE", "k", "10", "") == integer(3)
    assert raw.call("GET", "k") == bulk("abc")


def test_setrange_offset_errors(raw):
    assert raw.call("SETRANGE", "k", "-1", "x") == err("ERR offset is out of range")
    assert raw.call("SETRANGE", "k", "536870912", "x") == \
        err("ERR string exceeds maximum allowed size (proto-max-bulk-len)")
    assert raw.call("SETRANGE", "k", "abc", "x") == NOT_INT


# ---------------------------------------------------------------- LCS

def test_lcs_returns_the_longest_common_subsequence(raw):
    raw.call("MSET", "key1", "ohmytext", "key2", "mynewtext")
    assert raw.call("LCS", "key1", "key2") == bulk("mytext")
    assert raw.call("LCS", "key1", "key2", "LEN") == integer(6)


def test_lcs_idx_reports_matches(raw):
    raw.call("MSET", "key1", "ohmytext", "key2", "mynewtext")
    expected = (b"*4\r\n$7\r\nmatches\r\n"
                b"*2\r\n*2\r\n*2\r\n:4\r\n:7\r\n*2\r\n:5\r\n:8\r\n"
                b"*2\r\n*2\r\n:2\r\n:3\r\n*2\r\n:0\r\n:1\r\n"
                b"$3\r\nlen\r\n:6\r\n")
    assert raw.call("LCS", "key1", "key2", "IDX") == expected
    expected_minlen = (b"*4\r\n$7\r\nmatches\r\n"
                       b"*1\r\n*2\r\n*2\r\n:4\r\n:7\r\n*2\r\n:5\r\n:8\r\n"
                       b"$3\r\nlen\r\n:6\r\n")
    assert raw.call("LCS", "key1", "key2", "IDX", "MINMATCHLEN", "4") == expected_minlen
    expected_withlen = (b"*4\r\n$7\r\nmatches\r\n"
                        b"*1\r\n*3\r\n*2\r\n:4\r\n:7\r\n*2\r\n:5\r\n:8\r\n:4\r\n"
                        b"$3\r\nlen\r\n:6\r\n")
    assert raw.call("LCS", "key1", "key2", "IDX", "MINMATCHLEN", "4", "WITHMATCHLEN") == \
        expected_withlen


def test_lcs_of_missing_keys_is_empty(raw):
    assert raw.call("LCS", "a", "b") == bulk("")
    assert raw.call("LCS", "a", "b", "LEN") == integer(0)


def test_lcs_errors(raw):
    raw.call("MSET", "a", "x", "b", "y")
    assert raw.call("LCS", "a", "b", "LEN", "IDX") == \
        err("ERR If you want both the length and indexes, please just use IDX.")
    assert raw.call("LCS", "a", "b", "FOO") == SYNTAX
    assert raw.call("LCS", "a", "b", "MINMATCHLEN") == SYNTAX
    assert raw.call("LCS", "a", "b", "MINMATCHLEN", "x") == NOT_INT
    assert raw.call("LCS", "a") == arity("lcs")


@pytest.mark.requires("lpush")
def test_lcs_against_a_list_reports_the_string_requirement(raw):
    raw.call("SET", "a", "x")
    raw.call("LPUSH", "l", "x")
    assert raw.call("LCS", "a", "l") == \
        err("ERR The specified keys must contain string values")


# ---------------------------------------------------------------- misc

def test_integers_round_trip_through_set_as_canonical_strings(raw):
    for v in ["0", "-0", "007", "123", "-9223372036854775808", "9223372036854775807",
              "18446744073709551616", "1e3", "3.0"]:
        raw.call("SET", "k", v)
        assert raw.call("GET", "k") == bulk(v)


def test_pipelined_commands_reply_in_order(raw):
    cmds = [("SET", f"p{i}", str(i)) for i in range(200)] + \
           [("GET", f"p{i}") for i in range(200)]
    replies = raw.pipeline(cmds)
    assert replies[:200] == [OK] * 200
    assert replies[200:] == [bulk(str(i)) for i in range(200)]


def test_redis_py_client_basic_string_usage(r2):
    assert r2.set("k", "v") is True
    assert r2.get("k") == b"v"
    assert r2.mget("k", "missing") == [b"v", None]
    assert r2.incrbyfloat("f", 2.5) == 2.5
    assert r2.getrange("k", 0, -1) == b"v"
    assert r2.set("k", "w", get=True) == b"v"
