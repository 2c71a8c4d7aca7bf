"""RESP3 (HELLO 3): wire types of replies, and redis-py with protocol=3 (Redis 7.0.15)."""

import pytest

from conftest import NULL3, OK, WRONGTYPE, arity, bulk, err, integer, parse_reply, simple


@pytest.fixture
def raw3(raw):
    reply = raw.call("HELLO", "3")
    assert reply.startswith(b"%7\r\n"), f"HELLO 3 did not switch to RESP3: {reply!r}"
    return raw


# ---------------------------------------------------------------- raw wire format

def test_null_replies_are_the_resp3_null_type(raw3):
    assert raw3.call("GET", "nokey") == NULL3
    assert raw3.call("SET", "a", "1") == OK
    assert raw3.call("SET", "a", "2", "NX") == NULL3
    assert raw3.call("SET", "new", "2", "XX") == NULL3
    assert raw3.call("SET", "fresh", "1", "GET") == NULL3
    assert raw3.call("GETDEL", "nokey") == NULL3
    assert raw3.call("GETEX", "nokey") == NULL3
    assert raw3.call("GETSET", "gs", "1") == NULL3
    assert raw3.call("RANDOMKEY") in (bulk("a"), bulk("new"), bulk("fresh"), bulk("gs"))
    assert raw3.call("CLIENT", "GETNAME") == NULL3


def test_mget_uses_resp3_nulls_inside_arrays(raw3):
    raw3.call("SET", "a", "1")
    assert raw3.call("MGET", "a", "nokey") == b"*2\r\n$1\r\n1\r\n_\r\n"


def test_config_get_is_a_map(raw3):
    assert raw3.call("CONFIG", "GET", "maxmemory") == b"%1\r\n$9\r\nmaxmemory\r\n$1\r\n0\r\n"
    assert raw3.call("CONFIG", "GET", "nosuch") == b"%0\r\n"
    got = parse_reply(raw3.call("CONFIG", "GET", "maxmemory", "hz"))
    assert got == {b"maxmemory": b"0", b"hz": b"10"}


def test_incrbyfloat_is_still_a_bulk_string(raw3):
    assert raw3.call("INCRBYFLOAT", "f", "1.5") == bulk("1.5")
    assert raw3.call("INCRBYFLOAT", "f", "1") == bulk("2.5")


def test_integers_simple_strings_and_errors_are_unchanged(raw3):
    assert raw3.call("INCR", "n") == integer(1)
    assert raw3.call("PING") == simple("PONG")
    assert raw3.call("TYPE", "n") == simple("string")
    assert raw3.call("GET") == arity("get")
    assert raw3.call("INCR", "nope", "x") == arity("incr")
    raw3.call("SET", "s", "x")
    assert raw3.call("INCR", "s") == err("ERR value is not an integer or out of range")


def test_lcs_idx_is_a_map(raw3):
    raw3.call("MSET", "key1", "ohmytext", "key2", "mynewtext")
    assert raw3.call("LCS", "key1", "key2", "IDX", "MINMATCHLEN", "4", "WITHMATCHLEN") == (
        b"%2\r\n$7\r\nmatches\r\n*1\r\n*3\r\n*2\r\n:4\r\n:7\r\n*2\r\n:5\r\n:8\r\n:4\r\n"
        b"$3\r\nlen\r\n:6\r\n")
    assert raw3.call("LCS", "nokey1", "nokey2", "IDX") == \
        b"%2\r\n$7\r\nmatches\r\n*0\r\n$3\r\nlen\r\n:0\r\n"


def test_info_is_a_verbatim_string(raw3):
    reply = raw3.call("INFO", "keyspace")
    assert reply == b"=16\r\ntxt:# Keyspace\r\n\r\n"
    raw3.call("SET", "a", "1")
    assert raw3.call("INFO", "keyspace") == \
        b"=48\r\ntxt:# Keyspace\r\ndb0:keys=1,expires=0,avg_ttl=0\r\n\r\n"


def test_client_list_is_a_verbatim_string(raw3):
    reply = raw3.call("CLIENT", "LIST")
    assert reply.startswith(b"=")
    assert parse_reply(reply).startswith(b"txt:id=")


def test_time_scan_keys_are_plain_arrays(raw3):
    raw3.call("SET", "a", "1")
    assert raw3.call("TIME").startswith(b"*2\r\n$")
    assert raw3.call("SCAN", "0") == b"*2\r\n$1\r\n0\r\n*1\r\n$1\r\na\r\n"
    assert raw3.call("KEYS", "*") == b"*1\r\n$1\r\na\r\n"


def test_command_info_uses_sets_and_maps(raw3):
    reply = raw3.call("COMMAND", "INFO", "get")
    assert reply.startswith(b"*1\r\n*10\r\n$3\r\nget\r\n:2\r\n~2\r\n+readonly\r\n+fast\r\n"
                            b":1\r\n:1\r\n:1\r\n~3\r\n+@read\r\n+@string\r\n+@fast\r\n~0\r\n"
                            b"~1\r\n%3\r\n$5\r\nflags\r\n~2\r\n+RO\r\n+access\r\n")


def test_command_docs_is_a_map(raw3):
    assert raw3.call("COMMAND", "DOCS", "get") == (
        b"%1\r\n$3\r\nget\r\n%5\r\n$7\r\nsummary\r\n$22\r\nGet the value of a key\r\n"
        b"$5\r\nsince\r\n$5\r\n1.0.0\r\n$5\r\ngroup\r\n$6\r\nstring\r\n"
        b"$10\r\ncomplexity\r\n$4\r\nO(1)\r\n$9\r\narguments\r\n*1\r\n%3\r\n"
        b"$4\r\nname\r\n$3\r\nkey\r\n$4\r\ntype\r\n$3\r\nkey\r\n$14\r\nkey_spec_index\r\n:0\r\n")


def test_command_info_and_docs_resp3_match_redis(raw3, reference_redis):
    with reference_redis.raw() as ref:
        ref.call("HELLO", "3")
        for name in ("set", "getex", "expire", "copy", "lcs", "mset"):
            assert raw3.call("COMMAND", "INFO", name) == ref.call("COMMAND", "INFO", name)
            assert raw3.call("COMMAND", "DOCS", name) == ref.call("COMMAND", "DOCS", name)


def test_hello_2_goes_back_to_resp2(raw3):
    assert raw3.call("HELLO", "2").startswith(b"*14\r\n")
    assert raw3.call("GET", "nokey") == b"$-1\r\n"
    assert raw3.call("CONFIG", "GET", "maxmemory") == b"*2\r\n$9\r\nmaxmemory\r\n$1\r\n0\r\n"


@pytest.mark.requires("lpush")
def test_wrongtype_is_the_same_in_resp3(raw3):
    raw3.call("LPUSH", "l", "x")
    assert raw3.call("GET", "l") == WRONGTYPE


# ---------------------------------------------------------------- redis-py protocol=3

def test_redis_py_protocol_3_hello_map(r3):
    hello = r3.execute_command("HELLO", "3")
    assert isinstance(hello, dict)
    assert hello[b"proto"] == 3
    assert hello[b"version"] == b"7.0.15"
    assert hello[b"mode"] == b"standalone"
    assert hello[b"role"] == b"master"
    assert hello[b"modules"] == []


def test_redis_py_protocol_3_config_get_dict(r3, clean):
    got = r3.config_get("maxmemory*")  # redis-py decodes CONFIG GET replies itself
    assert got == {"maxmemory": "0", "maxmemory-clients": "0", "maxmemory-eviction-tenacity": "10",
                   "maxmemory-samples": "5", "maxmemory-policy": "noeviction"}
    assert r3.config_get("port") == {"port": str(clean.port)}
    assert r3.execute_command("CONFIG", "GET", "hz") == {b"hz": b"10"}


def test_redis_py_protocol_3_nulls_and_values(r3):
    assert r3.get("nokey") is None
    assert r3.set("a", "1") is True
    assert r3.set("a", "2", nx=True) is None
    assert r3.mget("a", "nokey") == [b"1", None]
    assert r3.incrbyfloat("f", "2.5") == 2.5
    assert r3.incr("n") == 1
    assert r3.exists("a", "nokey") == 1
    assert r3.ttl("a") == -1


def test_redis_py_protocol_3_info_parses(r3):
    info = r3.info("server")
    assert info["redis_version"] == "7.0.15"
    assert r3.info("memory")["mem_allocator"].startswith("jemalloc-")
