"""Bitmaps on string values: SETBIT GETBIT BITCOUNT (BYTE|BIT) BITPOS BITOP BITFIELD BITFIELD_RO."""

import pytest

from conftest import (NIL, NOT_INT, SYNTAX, WRONGTYPE, array, arity, bulk, err, integer)

pytestmark = pytest.mark.requires("setbit", "getbit", "bitcount", "bitpos", "bitop")

BAD_OFFSET = err("ERR bit offset is not an integer or out of range")
BAD_TYPE = err("ERR Invalid bitfield type. Use something like i16 u8. "
               "Note that u64 is not supported but i64 is.")


# ---------------------------------------------------------------- SETBIT / GETBIT

def test_setbit_grows_the_string_and_returns_the_old_bit(raw):
    assert raw.call("SETBIT", "b", "7", "1") == integer(0)
    assert raw.call("GET", "b") == bulk(b"\x01")
    assert raw.call("SETBIT", "b", "7", "1") == integer(1)
    assert raw.call("SETBIT", "b", "0", "1") == integer(0)
    assert raw.call("GET", "b") == bulk(b"\x81")
    assert raw.call("SETBIT", "b", "23", "1") == integer(0)
    assert raw.call("GET", "b") == bulk(b"\x81\x00\x01")
    assert raw.call("SETBIT", "b", "7", "0") == integer(1)
    assert raw.call("STRLEN", "b") == integer(3)
    assert raw.call("TYPE", "b") == b"+string\r\n"


def test_getbit(raw):
    raw.call("SET", "s", "`")  # 0110 0000
    assert [raw.call("GETBIT", "s", str(i)) for i in range(8)] == [
        integer(b) for b in (0, 1, 1, 0, 0, 0, 0, 0)]
    assert raw.call("GETBIT", "s", "1000") == integer(0)
    assert raw.call("GETBIT", "nokey", "0") == integer(0)


def test_setbit_errors(raw):
    assert raw.call("SETBIT", "b", "-1", "1") == BAD_OFFSET
    assert raw.call("SETBIT", "b", "4294967296", "1") == BAD_OFFSET
    assert raw.call("SETBIT", "b", "x", "1") == BAD_OFFSET
    assert raw.call("SETBIT", "b", "0", "2") == err("ERR bit is not an integer or out of range")
    assert raw.call("SETBIT", "b", "0", "x") == err("ERR bit is not an integer or out of range")
    assert raw.call("GETBIT", "b", "-1") == BAD_OFFSET
    assert raw.call("SETBIT", "b", "0") == arity("setbit")
    assert raw.call("EXISTS", "b") == integer(0)


@pytest.mark.slow
def test_setbit_at_the_largest_offset(raw):
    assert raw.call("SETBIT", "b", "4294967295", "1") == integer(0)
    assert raw.call("STRLEN", "b") == integer(512 * 1024 * 1024)
    assert raw.call("GETBIT", "b", "4294967295") == integer(1)
    assert raw.call("BITCOUNT", "b") == integer(1)
    raw.call("DEL", "b")


@pytest.mark.requires("sadd")
def test_bit_commands_against_a_set(raw):
    raw.call("SADD", "set", "a")
    for cmd in (["SETBIT", "set", "0", "1"], ["GETBIT", "set", "0"], ["BITCOUNT", "set"],
                ["BITPOS", "set", "1"], ["BITOP", "AND", "d", "set"],
                ["BITFIELD", "set", "GET", "u8", "0"], ["BITFIELD_RO", "set", "GET", "u8", "0"]):
        assert raw.call(*cmd) == WRONGTYPE, cmd
    assert raw.call("BITOP", "OR", "set", "nokey") == integer(0)  # destination is overwritten
    assert raw.call("EXISTS", "set") == integer(0)


# ---------------------------------------------------------------- BITCOUNT

def test_bitcount_byte_and_bit_ranges(raw):
    raw.call("SET", "s", "foobar")
    assert raw.call("BITCOUNT", "s") == integer(26)
    assert raw.call("BITCOUNT", "s", "0", "0") == integer(4)
    assert raw.call("BITCOUNT", "s", "1", "1") == integer(6)
    assert raw.call("BITCOUNT", "s", "1", "1", "BYTE") == integer(6)
    assert raw.call("BITCOUNT", "s", "5", "30", "BIT") == integer(17)
    assert raw.call("BITCOUNT", "s", "-2", "-1") == integer(7)
    assert raw.call("BITCOUNT", "s", "-100", "100") == integer(26)
    assert raw.call("BITCOUNT", "s", "3", "1") == integer(0)
    assert raw.call("BITCOUNT", "s", "-1", "-1", "bit") == integer(0)
    assert raw.call("BITCOUNT", "nokey") == integer(0)


def test_bitcount_errors(raw):
    raw.call("SET", "s", "foobar")
    assert raw.call("BITCOUNT", "s", "0") == SYNTAX
    assert raw.call("BITCOUNT", "s", "0", "1", "WORD") == SYNTAX
    assert raw.call("BITCOUNT", "s", "0", "1", "BIT", "x") == SYNTAX
    assert raw.call("BITCOUNT", "s", "a", "1") == NOT_INT


# ---------------------------------------------------------------- BITPOS

def test_bitpos(raw):
    raw.call("SET", "s", b"\xff\xf0\x00")
    assert raw.call("BITPOS", "s", "0") == integer(12)
    assert raw.call("BITPOS", "s", "1") == integer(0)
    assert raw.call("BITPOS", "s", "1", "2") == integer(-1)
    assert raw.call("BITPOS", "s", "0", "2") == integer(16)
    assert raw.call("BITPOS", "s", "1", "1", "-1") == integer(8)
    assert raw.call("BITPOS", "s", "1", "7", "15", "BIT") == integer(7)
    assert raw.call("BITPOS", "s", "0", "0", "11", "BIT") == integer(-1)
    assert raw.call("BITPOS", "s", "0", "0", "1") == integer(12)
    raw.call("SET", "ones", b"\xff\xff")
    assert raw.call("BITPOS", "ones", "0") == integer(16)  # past the end without a range
    assert raw.call("BITPOS", "ones", "0", "0", "-1") == integer(-1)  # not with one
    assert raw.call("BITPOS", "nokey", "0") == integer(0)
    assert raw.call("BITPOS", "nokey", "1") == integer(-1)
    assert raw.call("BITPOS", "s", "2") == err("ERR The bit argument must be 1 or 0.")
    assert raw.call("BITPOS", "s", "1", "0", "1", "FOO") == SYNTAX


# ---------------------------------------------------------------- BITOP

def test_bitop(raw):
    raw.call("SET", "a", b"\xf0\x0f")
    raw.call("SET", "b", b"\xff")
    assert raw.call("BITOP", "AND", "d", "a", "b") == integer(2)
    assert raw.call("GET", "d") == bulk(b"\xf0\x00")
    assert raw.call("BITOP", "OR", "d", "a", "b") == integer(2)
    assert raw.call("GET", "d") == bulk(b"\xff\x0f")
    assert raw.call("BITOP", "xor", "d", "a", "b") == integer(2)
    assert raw.call("GET", "d") == bulk(b"\x0f\x0f")
    assert raw.call("BITOP", "NOT", "d", "a") == integer(2)
    assert raw.call("GET", "d") == bulk(b"\x0f\xf0")
    assert raw.call("BITOP", "AND", "d", "nokey", "nokey2") == integer(0)
    assert raw.call("EXISTS", "d") == integer(0)
    assert raw.call("BITOP", "OR", "d", "a", "nokey") == integer(2)
    assert raw.call("GET", "d") == bulk(b"\xf0\x0f")


def test_bitop_errors(raw):
    raw.call("SET", "a", "x")
    assert raw.call("BITOP", "NOT", "d", "a", "a") == err(
        "ERR BITOP NOT must be called with a single source key.")
    assert raw.call("BITOP", "NAND", "d", "a") == SYNTAX
    assert raw.call("BITOP", "AND", "d") == arity("bitop")


def test_bitop_across_shards_with_tags(raw):
    raw.call("SET", "{x}a", b"\x01")
    raw.call("SET", "{y}b", b"\x02")
    assert raw.call("BITOP", "OR", "{z}d", "{x}a", "{y}b") == integer(1)
    assert raw.call("GET", "{z}d") == bulk(b"\x03")


# ---------------------------------------------------------------- BITFIELD

@pytest.mark.requires("bitfield")
def test_bitfield_get_set_incrby(raw):
    assert raw.call("BITFIELD", "b", "SET", "u8", "0", "255", "GET", "u8", "0") == array(
        integer(0), integer(255))
    assert raw.call("BITFIELD", "b", "GET", "i8", "0", "GET", "u4", "4",
                    "GET", "i64", "0") == array(integer(-1), integer(15),
                                                integer(-72057594037927936))
    assert raw.call("BITFIELD", "b", "INCRBY", "u8", "#1", "10") == array(integer(10))
    assert raw.call("GET", "b") == bulk(b"\xff\x0a")
    assert raw.call("BITFIELD", "b", "SET", "i16", "#1", "-2") == array(integer(0))  # bits 16..31
    assert raw.call("GET", "b") == bulk(b"\xff\x0a\xff\xfe")
    assert raw.call("BITFIELD", "b") == b"*0\r\n"
    assert raw.call("BITFIELD", "nokey", "GET", "u8", "100") == array(integer(0))
    assert raw.call("EXISTS", "nokey") == integer(0)


@pytest.mark.requires("bitfield")
def test_bitfield_overflow_modes(raw):
    assert raw.call("BITFIELD", "b", "SET", "u8", "0", "250",
                    "INCRBY", "u8", "0", "10",
                    "OVERFLOW", "SAT", "INCRBY", "u8", "0", "100",
                    "OVERFLOW", "FAIL", "INCRBY", "u8", "0", "255",
                    "OVERFLOW", "WRAP", "INCRBY", "u8", "0", "-5") == array(
        integer(0), integer(4), integer(104), NIL, integer(99))
    assert raw.call("BITFIELD", "s", "OVERFLOW", "SAT", "SET", "i8", "0", "200",
                    "INCRBY", "i8", "0", "-500") == array(integer(0), integer(-128))
    assert raw.call("BITFIELD", "s", "SET", "i64", "0", "9223372036854775807",
                    "INCRBY", "i64", "0", "1") == array(integer(-128 << 56), integer(
                        -9223372036854775808))


@pytest.mark.requires("bitfield")
def test_bitfield_errors(raw):
    raw.call("SET", "b", "x")
    assert raw.call("BITFIELD", "b", "GET", "u64", "0") == BAD_TYPE
    assert raw.call("BITFIELD", "b", "GET", "i65", "0") == BAD_TYPE
    assert raw.call("BITFIELD", "b", "GET", "x8", "0") == BAD_TYPE
    assert raw.call("BITFIELD", "b", "GET", "u8", "-1") == BAD_OFFSET
    assert raw.call("BITFIELD", "b", "GET", "u8", "#x") == BAD_OFFSET
    assert raw.call("BITFIELD", "b", "OVERFLOW", "FOO") == err(
        "ERR Invalid OVERFLOW type specified")
    assert raw.call("BITFIELD", "b", "SET", "u8", "0", "x") == NOT_INT
    assert raw.call("BITFIELD", "b", "INCRBY", "u8", "0", "x") == NOT_INT
    assert raw.call("BITFIELD", "b", "GET", "u8") == SYNTAX
    assert raw.call("BITFIELD", "b", "FOO") == SYNTAX
    assert raw.call("GET", "b") == bulk("x")


@pytest.mark.requires("bitfield_ro")
def test_bitfield_ro(raw):
    raw.call("SET", "b", b"\x80")
    assert raw.call("BITFIELD_RO", "b", "GET", "u1", "0", "GET", "i8", "0") == array(
        integer(1), integer(-128))
    assert raw.call("BITFIELD_RO", "b", "SET", "u8", "0", "1") == err(
        "ERR BITFIELD_RO only supports the GET subcommand")
    assert raw.call("BITFIELD_RO", "b", "INCRBY", "u8", "0", "1") == err(
        "ERR BITFIELD_RO only supports the GET subcommand")
    assert raw.call("BITFIELD_RO", "nokey", "GET", "u8", "0") == array(integer(0))


def test_redis_py_round_trip(r2):
    assert r2.setbit("b", 3, 1) == 0
    assert r2.getbit("b", 3) == 1
    assert r2.bitcount("b") == 1
    assert r2.bitpos("b", 1) == 3
    assert r2.get("b") == b"\x10"
    assert r2.set("b", "v") is True
    assert r2.get("b") == b"v"
