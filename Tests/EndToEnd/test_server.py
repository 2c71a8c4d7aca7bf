"""Server commands: INFO, CONFIG, TIME, DBSIZE, COMMAND, DEBUG, SLOWLOG, and the generic
unknown-command / arity errors (Redis 7.0.15)."""

import re
import time

import pytest

from conftest import (NOT_INT, OK, SYNTAX, RawConn, arity, bulk, encode_command, err, integer,
                      parse_reply, simple)

DEFAULT_SECTIONS = ["Server", "Clients", "Memory", "Persistence", "Stats", "Replication", "CPU",
                    "Modules", "Errorstats", "Cluster", "Keyspace"]
EVERYTHING_SECTIONS = ["Server", "Clients", "Memory", "Persistence", "Stats", "Replication",
                       "CPU", "Modules", "Commandstats", "Errorstats", "Latencystats", "Cluster",
                       "Keyspace"]

# Commands whose COMMAND INFO / COMMAND DOCS must match Redis 7.0.15 byte for byte.
CORE_COMMANDS = [
    "get", "set", "setnx", "setex", "psetex", "getset", "getdel", "getex", "mget", "mset",
    "msetnx", "incr", "decr", "incrby", "decrby", "incrbyfloat", "append", "strlen", "getrange",
    "setrange", "substr", "lcs", "del", "unlink", "exists", "touch", "type", "expire", "pexpire",
    "expireat", "pexpireat", "ttl", "pttl", "expiretime", "pexpiretime", "persist", "rename",
    "renamenx", "copy", "move", "select", "dbsize", "ping", "echo", "time", "keys", "scan",
    "randomkey", "flushdb", "flushall", "swapdb", "quit", "reset", "auth", "hello",
]

LIST_COMMANDS = [
    "lpush", "rpush", "lpushx", "rpushx", "lpop", "rpop", "llen", "lrange", "lindex", "lset",
    "linsert", "lrem", "ltrim", "lpos", "lmove", "rpoplpush", "lmpop", "blpop", "brpop", "blmove",
    "brpoplpush", "blmpop",
]

STRING_COMMANDS = {"mset", "incr", "setrange", "decr", "mget", "getset", "get", "append",
                   "psetex", "getdel", "setnx", "getrange", "setex", "strlen", "msetnx", "set",
                   "substr", "decrby", "incrby", "lcs", "getex", "incrbyfloat"}


def info(raw, *sections) -> str:
    reply = parse_reply(raw.call("INFO", *sections))
    assert isinstance(reply, bytes)
    return reply.decode()


def info_fields(text: str) -> dict:
    out = {}
    for line in text.split("\r\n"):
        if line and not line.startswith("#"):
            k, _, v = line.partition(":")
            out[k] = v
    return out


def section_names(text: str) -> list:
    return [line[2:] for line in text.split("\r\n") if line.startswith("# ")]


def config_get(raw, *patterns) -> dict:
    flat = parse_reply(raw.call("CONFIG", "GET", *patterns))
    assert len(flat) % 2 == 0
    return {flat[i].decode(): flat[i + 1].decode() for i in range(0, len(flat), 2)}


# ---------------------------------------------------------------- unknown command / arity

@pytest.mark.parametrize("args,expected", [
    (["foo"], "ERR unknown command 'foo', with args beginning with: "),
    (["foo", "a"], "ERR unknown command 'foo', with args beginning with: 'a' "),
    (["FOO", "a b", "c"], "ERR unknown command 'FOO', with args beginning with: 'a b' 'c' "),
    (["x" * 200], "ERR unknown command '" + "x" * 128 + "', with args beginning with: "),
    (["foo", "a" * 200, "b"],
     "ERR unknown command 'foo', with args beginning with: '" + "a" * 128 + "' "),
    (["foo", "a" * 50, "b" * 50, "c" * 50],
     "ERR unknown command 'foo', with args beginning with: '" + "a" * 50 + "' '" + "b" * 50
     + "' '" + "c" * 22 + "' "),
    (["foo", "a\r\nb"], "ERR unknown command 'foo', with args beginning with: 'a  b' "),
], ids=["no-args", "one-arg", "quoted-arg", "long-name", "long-arg", "arg-budget-128",
        "crlf-in-arg"])
def test_unknown_command_error_text_is_byte_exact(raw, args, expected):
    assert raw.call(*args) == err(expected)


def test_unknown_command_via_inline_protocol(raw):
    assert raw.inline("nosuchcmd 1 2") == \
        err("ERR unknown command 'nosuchcmd', with args beginning with: '1' '2' ")


def test_unknown_subcommand_errors(raw):
    assert raw.call("CONFIG", "FOO") == err("ERR unknown subcommand 'FOO'. Try CONFIG HELP.")
    assert raw.call("COMMAND", "foo") == err("ERR unknown subcommand 'foo'. Try COMMAND HELP.")
    assert raw.call("SLOWLOG", "foo") == err("ERR unknown subcommand 'foo'. Try SLOWLOG HELP.")
    assert raw.call("CLIENT", "foo", "bar") == err("ERR unknown subcommand 'foo'. Try CLIENT HELP.")


@pytest.mark.parametrize("args,name", [
    (["GET"], "get"), (["get", "a", "b"], "get"), (["SET", "k"], "set"),
    (["Incr"], "incr"), (["mget"], "mget"), (["DBSIZE", "x"], "dbsize"),
    (["TIME", "x"], "time"), (["CONFIG"], "config"), (["CONFIG", "GET"], "config|get"),
    (["CONFIG", "SET", "hz"], "config|set"), (["CONFIG", "RESETSTAT", "x"], "config|resetstat"),
    (["COMMAND", "COUNT", "x"], "command|count"), (["COMMAND", "GETKEYS"], "command|getkeys"),
    (["SLOWLOG"], "slowlog"), (["SLOWLOG", "LEN", "x"], "slowlog|len"),
    (["LCS", "a"], "lcs"), (["SETRANGE", "a", "1"], "setrange"),
])
def test_wrong_arity_error_names_the_lowercase_command(raw, args, name):
    assert raw.call(*args) == arity(name)


def test_errors_do_not_close_the_connection(raw):
    for _ in range(3):
        assert raw.call("NOPE").startswith(b"-ERR unknown command")
        assert raw.call("GET") == arity("get")
    assert raw.call("PING") == simple("PONG")


# ---------------------------------------------------------------- INFO

def test_info_default_sections_in_order(raw):
    assert section_names(info(raw)) == DEFAULT_SECTIONS
    assert section_names(info(raw, "default")) == DEFAULT_SECTIONS


def test_info_everything_and_all_sections(raw):
    assert section_names(info(raw, "everything")) == EVERYTHING_SECTIONS
    names = section_names(info(raw, "all"))
    assert "Commandstats" in names and "Latencystats" in names


def test_info_uses_crlf_and_blank_lines_between_sections(raw):
    text = info(raw, "server", "clients")
    assert "\n" not in text.replace("\r\n", "")
    assert text.startswith("# Server\r\n")
    assert "\r\n\r\n# Clients\r\n" in text
    assert text.endswith("\r\n")
    assert section_names(text) == ["Server", "Clients"]


def test_info_section_names_are_case_insensitive(raw):
    assert section_names(info(raw, "SERVER")) == ["Server"]
    assert section_names(info(raw, "KeySpace")) == ["Keyspace"]


def test_info_of_an_unknown_section_is_empty(raw):
    assert raw.call("INFO", "nosuchsection") == bulk("")


def test_info_server_reports_redis_7_0_15(raw, clean):
    f = info_fields(info(raw, "server"))
    assert f["redis_version"] == "7.0.15"
    assert f["redis_mode"] == "standalone"
    assert f["tcp_port"] == str(clean.port)
    assert f["arch_bits"] == "64"
    assert f["process_id"] == str(clean.proc.pid)
    assert re.fullmatch(r"[0-9a-f]{40}", f["run_id"])
    assert int(f["uptime_in_seconds"]) >= 0
    assert f["hz"] == "10"
    assert abs(int(f["server_time_usec"]) / 1e6 - time.time()) < 5


def test_info_memory_reports_jemalloc(raw):
    f = info_fields(info(raw, "memory"))
    assert f["mem_allocator"].startswith("jemalloc-")
    assert int(f["used_memory"]) > 0
    assert f["maxmemory"] == "0"
    assert f["maxmemory_policy"] == "noeviction"


def test_info_clients_counts_connections(raw, clean):
    def connected():
        return int(info_fields(info(raw, "clients"))["connected_clients"])

    def wait_for(n):
        deadline = time.monotonic() + 5
        while connected() != n and time.monotonic() < deadline:
            time.sleep(0.05)
        return connected()

    # let connections closed by earlier tests drain first
    before, prev = connected(), -1
    while before != prev:
        time.sleep(0.2)
        prev, before = before, connected()
    extra = [RawConn(clean.port) for _ in range(3)]
    for c in extra:
        assert c.call("PING") == simple("PONG")
    assert wait_for(before + 3) == before + 3
    for c in extra:
        c.close()
    assert wait_for(before) == before
    assert info_fields(info(raw, "clients"))["maxclients"] == "10000"


def test_info_keyspace_lists_non_empty_dbs(raw):
    assert raw.call("INFO", "keyspace") == bulk("# Keyspace\r\n")
    raw.call("MSET", "a", "1", "b", "2")
    raw.call("EXPIRE", "a", "1000")
    raw.call("SELECT", "3")
    raw.call("SET", "c", "3")
    raw.call("SELECT", "0")
    text = info(raw, "keyspace")
    lines = text.split("\r\n")
    assert lines[0] == "# Keyspace"
    assert re.fullmatch(r"db0:keys=2,expires=1,avg_ttl=\d+", lines[1])
    assert lines[2] == "db3:keys=1,expires=0,avg_ttl=0"
    assert lines[3:] == [""]


def test_info_stats_counts_hits_misses_and_expired_keys(raw):
    raw.call("CONFIG", "RESETSTAT")
    raw.call("SET", "k", "v")
    raw.call("GET", "k")
    raw.call("GET", "k")
    raw.call("GET", "missing")
    raw.call("SET", "e", "v", "PX", "10")
    time.sleep(0.05)
    raw.call("GET", "e")
    f = info_fields(info(raw, "stats"))
    assert f["keyspace_hits"] == "2"
    assert f["keyspace_misses"] == "2"
    assert f["expired_keys"] == "1"
    assert int(f["total_commands_processed"]) >= 7
    # CONFIG RESETSTAT also zeroes the connection counter
    assert f["total_connections_received"] == "0"


def test_info_commandstats_and_errorstats(raw):
    raw.call("CONFIG", "RESETSTAT")
    raw.call("SET", "k", "v")
    raw.call("SET", "k", "w")
    raw.call("INCR", "k")
    raw.call("NOSUCHCOMMAND")
    f = info_fields(info(raw, "commandstats"))
    assert re.fullmatch(r"calls=2,usec=\d+,usec_per_call=\d+\.\d\d,rejected_calls=0,"
                        r"failed_calls=0", f["cmdstat_set"])
    assert re.fullmatch(r"calls=1,usec=\d+,usec_per_call=\d+\.\d\d,rejected_calls=0,"
                        r"failed_calls=1", f["cmdstat_incr"])
    e = info_fields(info(raw, "errorstats"))
    assert e == {"errorstat_ERR": "count=2"}
    f = info_fields(info(raw, "stats"))
    assert f["total_error_replies"] == "2"


def test_info_stats_counts_network_bytes_exactly_and_from_zero_after_resetstat(raw):
    # As Redis: a request's bytes count when read (before it runs), a reply's when written
    # (after it ran), so RESETSTAT's own +OK is the first byte out after the reset.
    raw.call("CONFIG", "RESETSTAT")
    info_request = len(encode_command("INFO", "stats"))
    first_reply = raw.call("INFO", "stats")
    first = info_fields(parse_reply(first_reply).decode())
    assert int(first["total_net_input_bytes"]) == info_request
    assert int(first["total_net_output_bytes"]) == len(b"+OK\r\n")
    set_request = encode_command("SET", "k", "v")
    assert raw.call("SET", "k", "v") == OK
    second = info_fields(info(raw, "stats"))
    assert int(second["total_net_input_bytes"]) == 2 * info_request + len(set_request)
    assert int(second["total_net_output_bytes"]) == len(b"+OK\r\n") + len(first_reply) + len(OK)


def test_config_resetstat_clears_statistics(raw):
    raw.call("GET", "missing")
    raw.call("NOSUCHCOMMAND")
    assert raw.call("CONFIG", "RESETSTAT") == OK
    f = info_fields(info(raw, "stats"))
    assert f["keyspace_misses"] == "0"
    assert f["total_error_replies"] == "0"
    assert info_fields(info(raw, "errorstats")) == {}
    assert set(info_fields(info(raw, "commandstats"))) <= {"cmdstat_config|resetstat",
                                                           "cmdstat_info"}


# ---------------------------------------------------------------- CONFIG

def test_config_get_single_parameters(raw, clean):
    assert config_get(raw, "maxmemory") == {"maxmemory": "0"}
    assert config_get(raw, "port") == {"port": str(clean.port)}
    assert config_get(raw, "bind") == {"bind": "127.0.0.1"}
    assert config_get(raw, "appendonly") == {"appendonly": "no"}
    assert config_get(raw, "save") == {"save": ""}
    assert config_get(raw, "databases") == {"databases": "16"}
    assert config_get(raw, "maxmemory-policy") == {"maxmemory-policy": "noeviction"}
    assert config_get(raw, "timeout") == {"timeout": "0"}
    assert config_get(raw, "requirepass") == {"requirepass": ""}


def test_config_get_exact_reply_format(raw):
    assert raw.call("CONFIG", "GET", "maxmemory") == b"*2\r\n$9\r\nmaxmemory\r\n$1\r\n0\r\n"
    assert raw.call("CONFIG", "GET", "nosuchparam") == b"*0\r\n"


def test_config_get_dir_reports_the_working_directory(raw, clean):
    import os
    assert os.path.realpath(config_get(raw, "dir")["dir"]) == os.path.realpath(clean.dir)


def test_config_get_glob_patterns(raw):
    assert set(config_get(raw, "max*")) == {
        "maxclients", "maxmemory", "maxmemory-clients", "maxmemory-eviction-tenacity",
        "maxmemory-policy", "maxmemory-samples"}
    assert set(config_get(raw, "maxmemory-?olicy")) == {"maxmemory-policy"}
    assert set(config_get(raw, "slowlog-*")) == {"slowlog-log-slower-than", "slowlog-max-len"}
    assert set(config_get(raw, "MAX*")) == set(config_get(raw, "max*"))  # case-insensitive
    # A non-glob name is echoed back exactly as the client spelled it.
    assert raw.call("CONFIG", "GET", "MaxMemory") == b"*2\r\n$9\r\nMaxMemory\r\n$1\r\n0\r\n"
    # ... and a parameter matched by several patterns is reported once.
    got = parse_reply(raw.call("CONFIG", "GET", "maxmemory", "max*"))
    assert len(got) == 12 and got.count(b"maxmemory") == 1
    assert len(config_get(raw, "*")) > 100


def test_config_get_several_patterns_at_once(raw, clean):
    got = config_get(raw, "maxmemory", "port", "port", "slowlog-*")
    assert got == {"maxmemory": "0", "port": str(clean.port),
                   "slowlog-log-slower-than": "10000", "slowlog-max-len": "128"}


def test_config_set_several_pairs_at_once(raw):
    assert raw.call("CONFIG", "SET", "slowlog-max-len", "200", "slowlog-log-slower-than",
                    "5000", "timeout", "300") == OK
    assert config_get(raw, "slowlog-max-len", "slowlog-log-slower-than", "timeout") == {
        "slowlog-max-len": "200", "slowlog-log-slower-than": "5000", "timeout": "300"}
    raw.call("CONFIG", "SET", "slowlog-max-len", "128", "slowlog-log-slower-than", "10000",
             "timeout", "0")


def test_config_set_is_all_or_nothing(raw):
    assert raw.call("CONFIG", "SET", "hz", "20", "maxmemory", "abc") == err(
        "ERR CONFIG SET failed (possibly related to argument 'maxmemory') - "
        "argument must be a memory value")
    assert config_get(raw, "hz") == {"hz": "10"}


def test_config_set_memory_units(raw):
    assert raw.call("CONFIG", "SET", "maxmemory", "1mb") == OK
    assert config_get(raw, "maxmemory") == {"maxmemory": "1048576"}
    assert raw.call("CONFIG", "SET", "maxmemory", "2k") == OK
    assert config_get(raw, "maxmemory") == {"maxmemory": "2000"}
    assert raw.call("CONFIG", "SET", "maxmemory", "0") == OK


def test_config_set_clamps_hz(raw):
    assert raw.call("CONFIG", "SET", "hz", "0") == OK
    assert config_get(raw, "hz") == {"hz": "1"}
    assert raw.call("CONFIG", "SET", "hz", "600") == OK
    assert config_get(raw, "hz") == {"hz": "500"}
    assert raw.call("CONFIG", "SET", "hz", "10") == OK


def test_config_set_errors(raw):
    assert raw.call("CONFIG", "SET", "nosuch", "1") == \
        err("ERR Unknown option or number of arguments for CONFIG SET - 'nosuch'")
    assert raw.call("CONFIG", "SET", "maxmemory", "100", "maxmemory", "200") == \
        err("ERR CONFIG SET failed (possibly related to argument 'maxmemory') - "
            "duplicate parameter")
    assert raw.call("CONFIG", "SET", "hz", "20", "timeout") == SYNTAX
    assert raw.call("CONFIG", "SET", "hz") == arity("config|set")
    assert raw.call("CONFIG", "SET", "maxmemory-policy", "bogus") == \
        err("ERR CONFIG SET failed (possibly related to argument 'maxmemory-policy') - "
            "argument(s) must be one of the following: volatile-lru, volatile-lfu, "
            "volatile-random, volatile-ttl, allkeys-lru, allkeys-lfu, allkeys-random, "
            "noeviction")
    assert raw.call("CONFIG", "SET", "port", "abc") == \
        err("ERR CONFIG SET failed (possibly related to argument 'port') - "
            "argument couldn't be parsed into an integer")
    assert raw.call("CONFIG", "SET", "appendonly", "maybe") == \
        err("ERR CONFIG SET failed (possibly related to argument 'appendonly') - "
            "argument must be 'yes' or 'no'")


def test_config_set_of_an_immutable_parameter(raw):
    assert raw.call("CONFIG", "SET", "databases", "32") == \
        err("ERR CONFIG SET failed (possibly related to argument 'databases') - "
            "can't set immutable config")


def test_server_flags_are_visible_in_config_get(server_factory):
    s = server_factory("--maxclients", "123", "--hz", "25", "--databases", "4")
    with s.raw() as c:
        assert config_get(c, "maxclients", "hz", "databases") == {
            "maxclients": "123", "hz": "25", "databases": "4"}
        assert c.call("SELECT", "4") == err("ERR DB index is out of range")
        assert c.call("SELECT", "3") == OK


# ---------------------------------------------------------------- TIME / DBSIZE

def test_time_returns_seconds_and_microseconds(raw):
    reply = parse_reply(raw.call("TIME"))
    assert len(reply) == 2 and all(isinstance(x, bytes) for x in reply)
    secs, usecs = int(reply[0]), int(reply[1])
    assert abs(secs + usecs / 1e6 - time.time()) < 5
    assert 0 <= usecs < 1_000_000


def test_time_is_monotonic_across_calls(raw):
    prev = 0
    for _ in range(20):
        s, u = (int(x) for x in parse_reply(raw.call("TIME")))
        now = s * 1_000_000 + u
        assert now >= prev
        prev = now


def test_dbsize(raw):
    assert raw.call("DBSIZE") == integer(0)
    raw.call("MSET", *[x for i in range(50) for x in (f"k{i}", "v")])
    assert raw.call("DBSIZE") == integer(50)


# ---------------------------------------------------------------- COMMAND

def test_command_count_matches_command_and_command_list_adds_subcommands(raw):
    count = parse_reply(raw.call("COMMAND", "COUNT"))
    assert isinstance(count, int) and count > 0
    assert len(parse_reply(raw.call("COMMAND"))) == count
    # COMMAND LIST also lists every subcommand as "container|sub"
    names = parse_reply(raw.call("COMMAND", "LIST"))
    assert len([n for n in names if b"|" not in n]) == count
    assert {b"config|get", b"config|set", b"client|list", b"command|count"} <= set(names)
    got = set(parse_reply(raw.call("COMMAND", "LIST", "FILTERBY", "PATTERN", "config|*")))
    assert got == {b"config|set", b"config|get", b"config|help", b"config|resetstat",
                   b"config|rewrite"}


def test_command_list_contains_the_core_commands(raw):
    names = {x.decode() for x in parse_reply(raw.call("COMMAND", "LIST"))}
    assert set(CORE_COMMANDS) <= names
    assert {"config", "client", "command", "info", "slowlog", "debug"} <= names


def test_command_list_filters(raw):
    got = {x.decode() for x in parse_reply(
        raw.call("COMMAND", "LIST", "FILTERBY", "ACLCAT", "string"))}
    assert got == STRING_COMMANDS
    got = {x.decode() for x in parse_reply(
        raw.call("COMMAND", "LIST", "FILTERBY", "PATTERN", "*expire*"))}
    assert got == {"expire", "pexpire", "expireat", "pexpireat", "expiretime", "pexpiretime"}
    got = {x.decode() for x in parse_reply(
        raw.call("COMMAND", "LIST", "FILTERBY", "PATTERN", "incr*"))}
    assert got == {"incr", "incrby", "incrbyfloat"}
    assert raw.call("COMMAND", "LIST", "FILTERBY", "FOO", "bar") == SYNTAX
    assert raw.call("COMMAND", "LIST", "FILTERBY", "PATTERN") == SYNTAX


def test_command_info_of_get_is_exact(raw):
    expected = (b"*1\r\n*10\r\n$3\r\nget\r\n:2\r\n*2\r\n+readonly\r\n+fast\r\n:1\r\n:1\r\n:1\r\n"
                b"*3\r\n+@read\r\n+@string\r\n+@fast\r\n*0\r\n"
                b"*1\r\n*6\r\n$5\r\nflags\r\n*2\r\n+RO\r\n+access\r\n"
                b"$12\r\nbegin_search\r\n*4\r\n$4\r\ntype\r\n$5\r\nindex\r\n$4\r\nspec\r\n"
                b"*2\r\n$5\r\nindex\r\n:1\r\n"
                b"$9\r\nfind_keys\r\n*4\r\n$4\r\ntype\r\n$5\r\nrange\r\n$4\r\nspec\r\n"
                b"*6\r\n$7\r\nlastkey\r\n:0\r\n$7\r\nkeystep\r\n:1\r\n$5\r\nlimit\r\n:0\r\n"
                b"*0\r\n")
    assert raw.call("COMMAND", "INFO", "get") == expected
    assert raw.call("COMMAND", "INFO", "GET") == expected


def test_command_info_of_an_unknown_command_is_nil(raw):
    reply = raw.call("COMMAND", "INFO", "nosuch", "get")
    assert reply.startswith(b"*2\r\n$-1\r\n*10\r\n$3\r\nget\r\n")


def test_command_info_of_a_subcommand(raw):
    assert raw.call("COMMAND", "INFO", "config|get") == (
        b"*1\r\n*10\r\n$10\r\nconfig|get\r\n:-3\r\n*4\r\n+admin\r\n+noscript\r\n+loading\r\n"
        b"+stale\r\n:0\r\n:0\r\n:0\r\n*3\r\n+@admin\r\n+@slow\r\n+@dangerous\r\n"
        b"*0\r\n*0\r\n*0\r\n")


@pytest.mark.parametrize("name", CORE_COMMANDS + LIST_COMMANDS)
def test_command_info_matches_redis(raw, reference_redis, name):
    with reference_redis.raw() as ref:
        assert raw.call("COMMAND", "INFO", name) == ref.call("COMMAND", "INFO", name)


@pytest.mark.parametrize("name", ["get", "set", "getex", "expire", "mget", "lcs", "copy",
                                  "incrbyfloat", "scan", "hello"] + LIST_COMMANDS)
def test_command_docs_matches_redis(raw, reference_redis, name):
    with reference_redis.raw() as ref:
        assert raw.call("COMMAND", "DOCS", name) == ref.call("COMMAND", "DOCS", name)


def test_command_docs_of_get_is_exact(raw):
    assert raw.call("COMMAND", "DOCS", "get") == (
        b"*2\r\n$3\r\nget\r\n*10\r\n$7\r\nsummary\r\n$22\r\nGet the value of a key\r\n"
        b"$5\r\nsince\r\n$5\r\n1.0.0\r\n$5\r\ngroup\r\n$6\r\nstring\r\n"
        b"$10\r\ncomplexity\r\n$4\r\nO(1)\r\n$9\r\narguments\r\n*1\r\n*6\r\n"
        b"$4\r\nname\r\n$3\r\nkey\r\n$4\r\ntype\r\n$3\r\nkey\r\n$14\r\nkey_spec_index\r\n:0\r\n")


@pytest.mark.parametrize("args,keys", [
    (["get", "a"], ["a"]),
    (["set", "a", "b"], ["a"]),
    (["mset", "a", "1", "b", "2"], ["a", "b"]),
    (["mget", "a", "b", "c"], ["a", "b", "c"]),
    (["copy", "a", "b", "DB", "1"], ["a", "b"]),
    (["rename", "x", "y"], ["x", "y"]),
    (["lcs", "a", "b", "LEN"], ["a", "b"]),
    (["expire", "k", "10", "NX"], ["k"]),
    (["del", "a", "b"], ["a", "b"]),
    (["lmove", "a", "b", "LEFT", "RIGHT"], ["a", "b"]),
    (["blpop", "a", "b", "0"], ["a", "b"]),
    (["lmpop", "2", "a", "b", "LEFT"], ["a", "b"]),
    (["blmpop", "0", "2", "a", "b", "LEFT", "COUNT", "2"], ["a", "b"]),
])
def test_command_getkeys(raw, args, keys):
    assert parse_reply(raw.call("COMMAND", "GETKEYS", *args)) == [k.encode() for k in keys]


def test_command_getkeys_errors(raw):
    assert raw.call("COMMAND", "GETKEYS", "ping") == arity("command|getkeys")
    assert raw.call("COMMAND", "GETKEYS", "nosuch", "a") == err("ERR Invalid command specified")
    assert raw.call("COMMAND", "GETKEYS", "set", "a") == \
        err("ERR Invalid number of arguments specified for command")
    assert raw.call("COMMAND", "GETKEYS", "ping", "x") == \
        err("ERR The command has no key arguments")


# ---------------------------------------------------------------- DEBUG

def test_debug_is_refused_by_default(raw):
    assert raw.call("DEBUG", "SLEEP", "0") == err(
        "ERR DEBUG command not allowed. If the enable-debug-command option is set to \"local\", "
        "you can run it from a local connection, otherwise you need to set this option in the "
        "configuration file, and then restart the server.")


def test_debug_sleep_when_enabled(server_factory):
    s = server_factory("--enable-debug-command", "yes")
    with s.raw() as c:
        assert c.call("DEBUG", "SLEEP", "0") == OK
        t0 = time.monotonic()
        assert c.call("DEBUG", "SLEEP", "0.3") == OK
        assert time.monotonic() - t0 >= 0.28


# ---------------------------------------------------------------- SLOWLOG

def test_slowlog_records_commands_over_the_threshold(raw):
    raw.call("CONFIG", "SET", "slowlog-log-slower-than", "0")
    try:
        assert raw.call("SLOWLOG", "RESET") == OK
        raw.call("CLIENT", "SETNAME", "slowpoke")
        raw.call("SET", "foo", "bar")
        entries = parse_reply(raw.call("SLOWLOG", "GET", "1"))
        assert len(entries) == 1
        entry_id, ts, duration, args, addr, name = entries[0]
        assert args == [b"SET", b"foo", b"bar"]
        assert abs(ts - time.time()) < 5 and duration >= 0
        host, port = raw.sock.getsockname()
        assert addr == f"{host}:{port}".encode()
        assert name == b"slowpoke"
        assert parse_reply(raw.call("SLOWLOG", "LEN")) >= 3
        all_entries = parse_reply(raw.call("SLOWLOG", "GET", "-1"))
        ids = [e[0] for e in all_entries]
        assert ids == sorted(ids, reverse=True)  # newest first
        assert len(parse_reply(raw.call("SLOWLOG", "GET"))) <= 10
        assert raw.call("SLOWLOG", "GET", "0") == b"*0\r\n"
    finally:
        raw.call("CONFIG", "SET", "slowlog-log-slower-than", "10000")
        raw.call("SLOWLOG", "RESET")


def test_slowlog_truncates_long_arguments_and_argument_lists(raw):
    raw.call("CONFIG", "SET", "slowlog-log-slower-than", "0")
    try:
        raw.call("SLOWLOG", "RESET")
        raw.call("SET", "k", "x" * 200)
        raw.call("DEL", *[f"k{i}" for i in range(40)])
        entries = parse_reply(raw.call("SLOWLOG", "GET", "3"))
        del_args, set_args = entries[0][3], entries[1][3]
        assert set_args == [b"SET", b"k", b"x" * 128 + b"... (72 more bytes)"]
        assert len(del_args) == 32
        assert del_args[:31] == [b"DEL"] + [f"k{i}".encode() for i in range(30)]
        assert del_args[31] == b"... (10 more arguments)"
    finally:
        raw.call("CONFIG", "SET", "slowlog-log-slower-than", "10000")
        raw.call("SLOWLOG", "RESET")


def test_slowlog_reset_and_len(raw):
    assert raw.call("SLOWLOG", "RESET") == OK
    assert raw.call("SLOWLOG", "LEN") == integer(0)
    assert raw.call("SLOWLOG", "GET") == b"*0\r\n"


def test_slowlog_errors(raw):
    assert raw.call("SLOWLOG", "GET", "x") == \
        err("ERR count should be greater than or equal to -1")
    assert raw.call("SLOWLOG", "GET", "-2") == \
        err("ERR count should be greater than or equal to -1")
    # the subcommand is echoed as typed
    assert raw.call("SLOWLOG", "GET", "1", "2") == err(
        "ERR unknown subcommand or wrong number of arguments for 'GET'. Try SLOWLOG HELP.")
    assert raw.call("SLOWLOG", "get", "1", "2") == err(
        "ERR unknown subcommand or wrong number of arguments for 'get'. Try SLOWLOG HELP.")
