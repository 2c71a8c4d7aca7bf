"""Compact encodings and the generic key commands on every type.

OBJECT ENCODING at and past each threshold, with the defaults a real redis-server 7.0 reports
when started without a config file (hash-max-listpack-entries 512, hash-max-listpack-value 64,
zset-max-listpack-entries 128, zset-max-listpack-value 64, set-max-intset-entries 512,
list-max-listpack-size -2; 7.0 lists are always quicklists and non-integer sets always
hashtables), and after CONFIG SET of each. Then TYPE, SCAN TYPE, COPY, RENAME, MOVE,
DEBUG POPULATE and OBJECT on hashes, lists, sets and sorted sets."""

import pytest

from conftest import (NIL, OK, RawConn, WRONGTYPE, bulk, bulks, integer, parse_reply)

pytestmark = pytest.mark.requires("hset", "rpush", "sadd", "zadd")


def enc(raw, key) -> bytes:
    return parse_reply(raw.call("OBJECT", "ENCODING", key))


def fill_hash(raw, key, n, value="v"):
    raw.call("HSET", key, *[x for i in range(n) for x in (f"f{i}", value)])


def fill_zset(raw, key, n):
    raw.call("ZADD", key, *[x for i in range(n) for x in (str(i), f"m{i}")])


def fill_set(raw, key, n, start=0):
    raw.call("SADD", key, *[str(start + i) for i in range(n)])


# ---------------------------------------------------------------- defaults

def test_default_thresholds_are_those_of_redis_7_0_without_a_config_file(raw):
    got = parse_reply(raw.call("CONFIG", "GET", "*-max-*"))
    got = dict(zip(got[::2], got[1::2]))
    want = {b"hash-max-listpack-entries": b"512", b"hash-max-listpack-value": b"64",
            b"hash-max-ziplist-entries": b"512", b"hash-max-ziplist-value": b"64",
            b"zset-max-listpack-entries": b"128", b"zset-max-listpack-value": b"64",
            b"zset-max-ziplist-entries": b"128", b"zset-max-ziplist-value": b"64",
            b"set-max-intset-entries": b"512", b"list-max-listpack-size": b"-2",
            b"list-max-ziplist-size": b"-2"}
    assert {k: got.get(k) for k in want} == want


# ---------------------------------------------------------------- hashes

def test_hash_is_a_listpack_up_to_512_entries(raw):
    fill_hash(raw, "h", 512)
    assert enc(raw, "h") == b"listpack"
    raw.call("HSET", "h", "one-more", "v")
    assert enc(raw, "h") == b"hashtable"
    raw.call("HDEL", "h", "one-more", "f0", "f1")
    assert enc(raw, "h") == b"hashtable"  # never converted back
    assert raw.call("HLEN", "h") == integer(510)


def test_hash_value_or_field_longer_than_64_bytes_converts(raw):
    raw.call("HSET", "v64", "f", "x" * 64)
    assert enc(raw, "v64") == b"listpack"
    raw.call("HSET", "v65", "f", "x" * 65)
    assert enc(raw, "v65") == b"hashtable"
    raw.call("HSET", "f65", "y" * 65, "v")
    assert enc(raw, "f65") == b"hashtable"
    raw.call("HSET", "grow", "f", "1")
    raw.call("HINCRBYFLOAT", "grow", "f", "0.1")
    assert enc(raw, "grow") == b"listpack"
    raw.call("HSETNX", "grow", "g", "x" * 65)
    assert enc(raw, "grow") == b"hashtable"


def test_hash_thresholds_follow_config_set(raw):
    assert raw.call("CONFIG", "SET", "hash-max-listpack-entries", "4",
                    "hash-max-listpack-value", "8") == OK
    fill_hash(raw, "h", 4)
    assert enc(raw, "h") == b"listpack"
    raw.call("HSET", "h", "f4", "v")
    assert enc(raw, "h") == b"hashtable"
    raw.call("HSET", "v", "f", "12345678")
    assert enc(raw, "v") == b"listpack"
    raw.call("HSET", "v", "g", "123456789")
    assert enc(raw, "v") == b"hashtable"
    assert raw.call("CONFIG", "SET", "hash-max-ziplist-entries", "0") == OK  # the old alias
    raw.call("HSET", "z", "f", "v")
    assert enc(raw, "z") == b"hashtable"
    raw.call("CONFIG", "SET", "hash-max-listpack-entries", "512", "hash-max-listpack-value", "64")


# ---------------------------------------------------------------- sorted sets

def test_zset_is_a_listpack_up_to_128_entries(raw):
    fill_zset(raw, "z", 128)
    assert enc(raw, "z") == b"listpack"
    raw.call("ZADD", "z", "1000", "extra")
    assert enc(raw, "z") == b"skiplist"
    raw.call("ZREMRANGEBYRANK", "z", "0", "100")
    assert enc(raw, "z") == b"skiplist"
    assert raw.call("ZCARD", "z") == integer(28)


def test_zset_member_longer_than_64_bytes_converts(raw):
    raw.call("ZADD", "a", "1", "x" * 64)
    assert enc(raw, "a") == b"listpack"
    raw.call("ZADD", "b", "1", "x" * 65)
    assert enc(raw, "b") == b"skiplist"
    raw.call("ZINCRBY", "a", "1", "y" * 65)
    assert enc(raw, "a") == b"skiplist"


def test_zset_store_results_get_the_encoding_of_their_size(raw):
    fill_zset(raw, "small", 10)
    fill_zset(raw, "big", 200)
    assert raw.call("ZUNIONSTORE", "u", "1", "small") == integer(10)
    assert enc(raw, "u") == b"listpack"
    assert raw.call("ZUNIONSTORE", "u2", "1", "big") == integer(200)
    assert enc(raw, "u2") == b"skiplist"
    assert raw.call("ZRANGESTORE", "r", "big", "0", "9") == integer(10)
    assert enc(raw, "r") == b"listpack"


def test_zset_thresholds_follow_config_set(raw):
    assert raw.call("CONFIG", "SET", "zset-max-listpack-entries", "2",
                    "zset-max-listpack-value", "3") == OK
    fill_zset(raw, "z", 2)
    assert enc(raw, "z") == b"listpack"
    raw.call("ZADD", "z", "5", "m5")
    assert enc(raw, "z") == b"skiplist"
    raw.call("ZADD", "v", "1", "abc")
    assert enc(raw, "v") == b"listpack"
    raw.call("ZADD", "v", "1", "abcd")
    assert enc(raw, "v") == b"skiplist"
    raw.call("CONFIG", "SET", "zset-max-ziplist-entries", "128", "zset-max-ziplist-value", "64")
    fill_zset(raw, "back", 100)
    assert enc(raw, "back") == b"listpack"


# ---------------------------------------------------------------- sets

def test_set_of_integers_is_an_intset_up_to_512(raw):
    fill_set(raw, "s", 512)
    assert enc(raw, "s") == b"intset"
    raw.call("SADD", "s", "512")
    assert enc(raw, "s") == b"hashtable"
    raw.call("SREM", "s", *[str(i) for i in range(100)])
    assert enc(raw, "s") == b"hashtable"


def test_a_non_integer_member_makes_a_hashtable(raw):
    raw.call("SADD", "s", "1", "-9223372036854775808", "9223372036854775807")
    assert enc(raw, "s") == b"intset"
    raw.call("SADD", "s", "a")
    assert enc(raw, "s") == b"hashtable"
    for member in ("9223372036854775808", "01", " 1", "1.0", "+1", ""):
        raw.call("DEL", "t")
        raw.call("SADD", "t", member)
        assert enc(raw, "t") == b"hashtable", member
    raw.call("SADD", "strings", "a")
    assert enc(raw, "strings") == b"hashtable"


def test_set_store_results_and_config_set(raw):
    fill_set(raw, "a", 10)
    assert raw.call("SUNIONSTORE", "u", "a") == integer(10)
    assert enc(raw, "u") == b"intset"
    assert raw.call("CONFIG", "SET", "set-max-intset-entries", "3") == OK
    fill_set(raw, "s", 3)
    assert enc(raw, "s") == b"intset"
    raw.call("SADD", "s", "100")
    assert enc(raw, "s") == b"hashtable"
    assert raw.call("SUNIONSTORE", "u2", "a") == integer(10)
    assert enc(raw, "u2") == b"hashtable"
    raw.call("CONFIG", "SET", "set-max-intset-entries", "512")


# ---------------------------------------------------------------- lists

def test_lists_are_quicklists_in_7_0(raw):
    raw.call("RPUSH", "l", "a")
    assert enc(raw, "l") == b"quicklist"
    raw.call("RPUSH", "big", *["x" * 100] * 1000)
    assert enc(raw, "big") == b"quicklist"
    assert raw.call("CONFIG", "SET", "list-max-listpack-size", "5") == OK
    assert raw.call("CONFIG", "GET", "list-max-ziplist-size") == bulks("list-max-ziplist-size", "5")
    raw.call("RPUSH", "l2", *"abcdefghij")
    assert enc(raw, "l2") == b"quicklist"
    assert raw.call("LRANGE", "l2", "0", "-1") == bulks(*"abcdefghij")
    raw.call("CONFIG", "SET", "list-max-listpack-size", "-2")


def test_lists_of_each_fill_setting_keep_their_content(raw):
    for fill in ("-1", "-5", "1", "3"):
        raw.call("CONFIG", "SET", "list-max-listpack-size", fill)
        raw.call("DEL", "l")
        raw.call("RPUSH", "l", *[str(i) * 50 for i in range(100)])
        raw.call("LINSERT", "l", "BEFORE", "5" * 50, "new")
        raw.call("LREM", "l", "0", "7" * 50)
        assert raw.call("LLEN", "l") == integer(100), fill
        assert raw.call("LINDEX", "l", "5") == bulk("new"), fill
    raw.call("CONFIG", "SET", "list-max-listpack-size", "-2")


def test_object_encoding_of_a_missing_key(raw):
    assert raw.call("OBJECT", "ENCODING", "nokey") == NIL


# ---------------------------------------------------------------- generic commands, every type

def make_every_type(raw):
    raw.call("SET", "str", "v")
    raw.call("HSET", "hash", "f", "v")
    raw.call("RPUSH", "list", "a", "b")
    raw.call("SADD", "set", "1", "2")
    raw.call("SADD", "hset", "a", "b")
    raw.call("ZADD", "zset", "1", "a", "2", "b")


TYPES = {"str": b"+string\r\n", "hash": b"+hash\r\n", "list": b"+list\r\n",
         "set": b"+set\r\n", "hset": b"+set\r\n", "zset": b"+zset\r\n"}


def test_type_of_every_type(raw):
    make_every_type(raw)
    for key, want in TYPES.items():
        assert raw.call("TYPE", key) == want, key


def test_scan_type_filters_by_type(r2):
    for i in range(30):
        r2.hset(f"h{i}", "f", "v")
        r2.rpush(f"l{i}", "a")
        r2.sadd(f"s{i}", "a")
        r2.zadd(f"z{i}", {"a": 1})
        r2.set(f"k{i}", "v")
    for type_name, prefix in (("hash", b"h"), ("list", b"l"), ("set", b"s"), ("zset", b"z"),
                              ("string", b"k")):
        got = set(r2.scan_iter(count=7, _type=type_name))
        assert got == {prefix + str(i).encode() for i in range(30)}, type_name
    assert set(r2.scan_iter(_type="HASH")) == {b"h" + str(i).encode() for i in range(30)}
    assert list(r2.scan_iter(_type="stream")) == []


def test_copy_makes_an_independent_value_of_every_type(raw):
    make_every_type(raw)
    for key in TYPES:
        assert raw.call("COPY", key, f"{key}:copy") == integer(1), key
        assert raw.call("TYPE", f"{key}:copy") == TYPES[key]
        assert enc(raw, f"{key}:copy") == enc(raw, key), key
    raw.call("HSET", "hash:copy", "g", "w")
    raw.call("RPUSH", "list:copy", "c")
    raw.call("SADD", "set:copy", "3")
    raw.call("ZADD", "zset:copy", "3", "c")
    assert raw.call("HLEN", "hash") == integer(1)
    assert raw.call("LLEN", "list") == integer(2)
    assert raw.call("SCARD", "set") == integer(2)
    assert raw.call("ZCARD", "zset") == integer(2)
    assert raw.call("COPY", "hash", "zset") == integer(0)
    assert raw.call("COPY", "hash", "zset", "REPLACE") == integer(1)
    assert raw.call("TYPE", "zset") == b"+hash\r\n"
    assert raw.call("COPY", "list", "list", "DB", "1") == integer(1)
    raw.call("SELECT", "1")
    assert raw.call("LRANGE", "list", "0", "-1") == bulks("a", "b")
    raw.call("SELECT", "0")


def test_copy_of_large_encodings(r2):
    r2.hset("h", mapping={f"f{i}": i for i in range(1000)})
    r2.zadd("z", {f"m{i}": i for i in range(1000)})
    r2.sadd("s", *[f"m{i}" for i in range(1000)])
    r2.rpush("l", *range(1000))
    for k in "hzsl":
        assert r2.copy(k, "{other}" + k)
    assert r2.hgetall("{other}h") == r2.hgetall("h")
    assert r2.zrange("{other}z", 0, -1, withscores=True) == r2.zrange("z", 0, -1, withscores=True)
    assert r2.smembers("{other}s") == r2.smembers("s")
    assert r2.lrange("{other}l", 0, -1) == r2.lrange("l", 0, -1)
    assert r2.object("encoding", "{other}z") == b"skiplist"


def test_rename_and_move_keep_type_and_content(raw):
    make_every_type(raw)
    for key in TYPES:
        assert raw.call("RENAME", key, f"r:{key}") == OK
        assert raw.call("TYPE", f"r:{key}") == TYPES[key]
        assert raw.call("EXISTS", key) == integer(0)
    assert raw.call("RENAME", "r:zset", "r:hash") == OK
    assert raw.call("TYPE", "r:hash") == b"+zset\r\n"
    assert raw.call("ZRANGE", "r:hash", "0", "-1") == bulks("a", "b")
    for key in ("r:list", "r:set", "r:hash"):
        assert raw.call("MOVE", key, "2") == integer(1)
    raw.call("SELECT", "2")
    assert raw.call("LRANGE", "r:list", "0", "-1") == bulks("a", "b")
    assert raw.call("SMEMBERS", "r:set") == bulks("1", "2")
    assert raw.call("ZSCORE", "r:hash", "b") == bulk("2")
    raw.call("SELECT", "0")


def test_object_subcommands_on_every_type(raw):
    make_every_type(raw)
    for key in TYPES:
        assert raw.call("OBJECT", "REFCOUNT", key) == integer(1), key
        assert parse_reply(raw.call("OBJECT", "IDLETIME", key)) >= 0
        assert raw.call("OBJECT", "FREQ", key).startswith(b"-ERR An LFU maxmemory policy")
    assert enc(raw, "hash") == b"listpack"
    assert enc(raw, "list") == b"quicklist"
    assert enc(raw, "set") == b"intset"
    assert enc(raw, "hset") == b"hashtable"
    assert enc(raw, "zset") == b"listpack"


def test_keyspace_info_counts_every_type(raw):
    make_every_type(raw)
    info = parse_reply(raw.call("INFO", "keyspace")).decode()
    assert "db0:keys=6,expires=0" in info
    raw.call("EXPIRE", "zset", "1000")
    info = parse_reply(raw.call("INFO", "keyspace")).decode()
    assert "db0:keys=6,expires=1" in info


def used_memory(raw) -> int:
    info = parse_reply(raw.call("INFO", "memory")).decode()
    return int(next(line.split(":")[1] for line in info.splitlines()
                    if line.startswith("used_memory:")))


@pytest.mark.parametrize("build", [
    lambda r: r.hset("big", mapping={f"field:{i}": "v" * 100 for i in range(2000)}),
    lambda r: r.rpush("big", *["v" * 100 for _ in range(2000)]),
    lambda r: r.sadd("big", *[f"member:{i}:" + "v" * 100 for i in range(2000)]),
    lambda r: r.zadd("big", {f"member:{i}:" + "v" * 100: i for i in range(2000)}),
], ids=["hash", "list", "set", "zset"])
def test_info_memory_counts_collections(r2, clean, build):
    with RawConn(clean.port) as raw:
        before = used_memory(raw)
        build(r2)
        grown = used_memory(raw)
        assert grown - before > 2000 * 100, (before, grown)
        r2.delete("big")
        assert used_memory(raw) < grown - 2000 * 100


def test_wrongtype_between_every_pair_of_types(raw):
    make_every_type(raw)
    readers = {"str": ["GET", "{}"], "hash": ["HGET", "{}", "f"], "list": ["LLEN", "{}"],
               "set": ["SCARD", "{}"], "zset": ["ZCARD", "{}"]}
    for key in ("str", "hash", "list", "set", "zset"):
        for kind, cmd in readers.items():
            args = [a.replace("{}", key) for a in cmd]
            if kind == key:
                assert not raw.call(*args).startswith(b"-"), args
            else:
                assert raw.call(*args) == WRONGTYPE, args


def test_debug_populate_leaves_keys_of_other_types_alone(server_factory):
    s = server_factory("--enable-debug-command", "yes")
    with RawConn(s.port) as c:
        c.call("HSET", "key:1", "f", "v")
        c.call("ZADD", "key:3", "1", "m")
        assert c.call("DEBUG", "POPULATE", "5") == OK
        assert c.call("DBSIZE") == integer(5)
        assert c.call("TYPE", "key:1") == b"+hash\r\n"
        assert c.call("TYPE", "key:3") == b"+zset\r\n"
        assert c.call("GET", "key:4") == bulk("value:4")
        assert c.call("DEBUG", "POPULATE", "3", "p", "10") == OK
        assert c.call("GET", "p:2") == bulk("value:2\x00\x00\x00")
