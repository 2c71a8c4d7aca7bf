"""Connection commands: PING ECHO HELLO SELECT CLIENT * RESET QUIT AUTH (Redis 7.0.15)."""

import os
import socket

import pytest

from conftest import (NIL, NOT_INT, NULL3, OK, SYNTAX, RawConn, arity, bulk, err, integer,
                      parse_reply, simple)

PASSWORD = "s3cret-pass"
NOAUTH = err("NOAUTH Authentication required.")
WRONGPASS = err("WRONGPASS invalid username-password pair or user is disabled.")
HELLO_NOAUTH = err(
    "NOAUTH HELLO must be called with the client already authenticated, otherwise the "
    "HELLO AUTH <user> <pass> option can be used to authenticate the client and select "
    "the RESP protocol version at the same time")
BAD_NAME = err("ERR Client names cannot contain spaces, newlines or special characters.")

CLIENT_LIST_FIELDS = ["id", "addr", "laddr", "fd", "name", "age", "idle", "flags", "db", "sub",
                      "psub", "ssub", "multi", "qbuf", "qbuf-free", "argv-mem", "multi-mem",
                      "rbs", "rbp", "obl", "oll", "omem", "tot-mem", "events", "cmd", "user",
                      "redir", "resp"]


def hello_reply(proto: int, client_id: int) -> bytes:
    fields = [b"$6\r\nserver\r\n$5\r\nredis\r\n",
              b"$7\r\nversion\r\n$6\r\n7.0.15\r\n",
              b"$5\r\nproto\r\n" + integer(proto),
              b"$2\r\nid\r\n" + integer(client_id),
              b"$4\r\nmode\r\n$10\r\nstandalone\r\n",
              b"$4\r\nrole\r\n$6\r\nmaster\r\n",
              b"$7\r\nmodules\r\n*0\r\n"]
    head = b"%7\r\n" if proto == 3 else b"*14\r\n"
    return head + b"".join(fields)


def client_id(raw) -> int:
    cid = parse_reply(raw.call("CLIENT", "ID"))
    assert isinstance(cid, int), f"CLIENT ID did not return an integer: {cid!r}"
    return cid


def parse_client_line(line: str) -> dict:
    out = {}
    for part in line.strip().split(" "):
        k, _, v = part.partition("=")
        out[k] = v
    return out


# ---------------------------------------------------------------- PING / ECHO

def test_ping_replies_pong(raw):
    assert raw.call("PING") == simple("PONG")
    assert raw.call("ping") == simple("PONG")


def test_ping_with_a_message_echoes_it_as_a_bulk(raw):
    assert raw.call("PING", "hello world") == bulk("hello world")
    assert raw.call("PING", "") == bulk("")


def test_ping_with_two_arguments_is_an_arity_error(raw):
    assert raw.call("PING", "a", "b") == arity("ping")


def test_echo_returns_its_argument(raw):
    assert raw.call("ECHO", b"bin\x00\r\nary") == bulk(b"bin\x00\r\nary")
    assert raw.call("ECHO") == arity("echo")
    assert raw.call("ECHO", "a", "b") == arity("echo")


def test_inline_commands_are_supported(raw):
    assert raw.inline("PING") == simple("PONG")
    assert raw.inline("SET inl  'hello world'") == OK
    assert raw.inline('ECHO "a\\x41\\n"') == bulk("aA\n")
    assert raw.inline("GET inl") == bulk("hello world")
    raw.send(b"PING\n")  # a bare LF also terminates an inline command
    assert raw.read_reply() == simple("PONG")


# ---------------------------------------------------------------- HELLO

def test_hello_without_arguments_replies_in_resp2(raw):
    assert raw.call("HELLO") == hello_reply(2, client_id(raw))


def test_hello_3_switches_to_resp3(raw):
    cid = client_id(raw)
    assert raw.call("HELLO", "3") == hello_reply(3, cid)
    assert raw.call("GET", "nokey") == NULL3
    assert raw.call("HELLO", "2") == hello_reply(2, cid)
    assert raw.call("GET", "nokey") == NIL


def test_hello_with_an_unsupported_protocol(raw):
    assert raw.call("HELLO", "4") == err("NOPROTO unsupported protocol version")
    assert raw.call("HELLO", "1") == err("NOPROTO unsupported protocol version")
    assert raw.call("HELLO", "abc") == \
        err("ERR Protocol version is not an integer or out of range")
    assert raw.call("GET", "nokey") == NIL


def test_hello_setname_sets_the_client_name(raw):
    cid = client_id(raw)
    assert raw.call("HELLO", "3", "SETNAME", "myconn") == hello_reply(3, cid)
    assert raw.call("CLIENT", "GETNAME") == bulk("myconn")


def test_hello_setname_rejects_names_with_spaces(raw):
    assert raw.call("HELLO", "3", "SETNAME", "my conn") == BAD_NAME
    assert raw.call("GET", "nokey") == NIL  # protocol unchanged


def test_hello_with_an_unknown_option(raw):
    assert raw.call("HELLO", "2", "FOO") == err("ERR Syntax error in HELLO option 'FOO'")
    assert raw.call("HELLO", "3", "AUTH", "default") == \
        err("ERR Syntax error in HELLO option 'AUTH'")
    assert raw.call("HELLO", "3", "SETNAME") == err("ERR Syntax error in HELLO option 'SETNAME'")


def test_hello_auth_with_any_password_succeeds_when_no_password_is_set(raw):
    assert raw.call("HELLO", "3", "AUTH", "default", "whatever") == hello_reply(3, client_id(raw))


def test_redis_py_resp3_hello_is_a_map(r3):
    info = r3.execute_command("HELLO", "3")
    assert info[b"proto"] == 3
    assert info[b"version"] == b"7.0.15"
    assert info[b"server"] == b"redis"


# ---------------------------------------------------------------- SELECT

def test_select_is_per_connection(clean):
    with RawConn(clean.port) as a, RawConn(clean.port) as b:
        assert a.call("SELECT", "3") == OK
        a.call("SET", "k", "in3")
        assert b.call("GET", "k") == NIL
        b.call("SELECT", "3")
        assert b.call("GET", "k") == bulk("in3")


def test_select_errors(raw):
    assert raw.call("SELECT", "16") == err("ERR DB index is out of range")
    assert raw.call("SELECT", "x") == NOT_INT


# ---------------------------------------------------------------- CLIENT

def test_client_setname_and_getname(raw):
    assert raw.call("CLIENT", "GETNAME") == NIL
    assert raw.call("CLIENT", "SETNAME", "worker-1") == OK
    assert raw.call("CLIENT", "GETNAME") == bulk("worker-1")


def test_client_setname_empty_clears_the_name(raw):
    raw.call("CLIENT", "SETNAME", "x")
    assert raw.call("CLIENT", "SETNAME", "") == OK
    assert raw.call("CLIENT", "GETNAME") == NIL


@pytest.mark.parametrize("name", ["a b", "a\nb", "a\x01b", "caf\xc3\xa9"])
def test_client_setname_rejects_spaces_and_special_characters(raw, name):
    assert raw.call("CLIENT", "SETNAME", name.encode("latin-1")) == BAD_NAME


def test_client_id_is_unique_and_increasing(clean):
    with RawConn(clean.port) as a, RawConn(clean.port) as b:
        ia, ib = client_id(a), client_id(b)
        assert ia > 0 and ib > ia
        assert client_id(a) == ia


def test_client_info_describes_this_connection(raw, clean):
    raw.call("CLIENT", "SETNAME", "me")
    raw.call("SELECT", "2")
    line = parse_reply(raw.call("CLIENT", "INFO")).decode()
    assert line.endswith("\n") and line.count("\n") == 1
    fields = parse_client_line(line)
    assert list(fields) == CLIENT_LIST_FIELDS
    assert int(fields["id"]) == client_id(raw)
    host, port = raw.sock.getsockname()
    assert fields["addr"] == f"{host}:{port}"
    assert fields["laddr"] == f"127.0.0.1:{clean.port}"
    assert fields["name"] == "me"
    assert fields["db"] == "2"
    assert fields["flags"] == "N"
    assert fields["cmd"] == "client|info"
    assert fields["user"] == "default"
    assert fields["resp"] == "2"
    assert fields["multi"] == "-1"


def _server_socket_inode(server_port: int, client_port: int) -> str:
    """The inode of the server's end of a loopback TCP connection, from /proc/net/tcp."""
    for line in open("/proc/net/tcp").read().splitlines()[1:]:
        fields = line.split()
        local_port = int(fields[1].split(":")[1], 16)
        remote_port = int(fields[2].split(":")[1], 16)
        if local_port == server_port and remote_port == client_port:
            return fields[9]
    raise AssertionError("connection not in /proc/net/tcp")


def test_client_info_fd_is_this_connections_socket_in_the_server(raw, clean):
    fields = parse_client_line(parse_reply(raw.call("CLIENT", "INFO")).decode())
    fd = int(fields["fd"])
    assert fd > 2
    inode = _server_socket_inode(clean.port, raw.sock.getsockname()[1])
    assert os.readlink(f"/proc/{clean.proc.pid}/fd/{fd}") == f"socket:[{inode}]"


def test_client_info_in_resp3_is_a_verbatim_string(raw):
    raw.call("HELLO", "3")
    reply = raw.call("CLIENT", "INFO")
    assert reply.startswith(b"=")
    header, _, body = reply.partition(b"\r\n")
    assert int(header[1:]) == len(body) - 2
    assert body.startswith(b"txt:id=")
    assert b" resp=3\n" in body


def test_client_list_contains_every_connection(clean):
    with RawConn(clean.port) as a, RawConn(clean.port) as b:
        a.call("CLIENT", "SETNAME", "conn-a")
        b.call("CLIENT", "SETNAME", "conn-b")
        text = parse_reply(a.call("CLIENT", "LIST")).decode()
        lines = [parse_client_line(x) for x in text.splitlines()]
        names = {x["name"] for x in lines}
        assert {"conn-a", "conn-b"} <= names
        for x in lines:
            assert list(x) == CLIENT_LIST_FIELDS
        me = [x for x in lines if x["name"] == "conn-a"][0]
        assert me["cmd"] == "client|list"
        other = [x for x in lines if x["name"] == "conn-b"][0]
        assert other["cmd"] == "client|setname"


def test_client_list_filters_by_id_and_type(clean):
    with RawConn(clean.port) as a, RawConn(clean.port) as b:
        ia, ib = client_id(a), client_id(b)
        text = parse_reply(a.call("CLIENT", "LIST", "ID", str(ib))).decode()
        assert [parse_client_line(x)["id"] for x in text.splitlines()] == [str(ib)]
        text = parse_reply(a.call("CLIENT", "LIST", "ID", str(ia), str(ib), "999999")).decode()
        assert sorted(int(parse_client_line(x)["id"]) for x in text.splitlines()) == [ia, ib]
        assert a.call("CLIENT", "LIST", "ID", "999999") == bulk("")
        text = parse_reply(a.call("CLIENT", "LIST", "TYPE", "normal")).decode()
        assert str(ia) in {parse_client_line(x)["id"] for x in text.splitlines()}
        assert a.call("CLIENT", "LIST", "TYPE", "pubsub") == bulk("")
        assert a.call("CLIENT", "LIST", "TYPE", "foo") == err("ERR Unknown client type 'foo'")
        assert a.call("CLIENT", "LIST", "ID", "x") == err("ERR Invalid client ID")
        assert a.call("CLIENT", "LIST", "FOO") == SYNTAX


def test_client_kill_by_id_closes_that_connection(clean):
    with RawConn(clean.port) as a, RawConn(clean.port) as b:
        ib = client_id(b)
        assert a.call("CLIENT", "KILL", "ID", str(ib)) == integer(1)
        assert b.is_closed(timeout=5)
        assert a.call("CLIENT", "KILL", "ID", str(ib)) == integer(0)
        assert a.call("PING") == simple("PONG")


def test_client_kill_by_address_closes_that_connection(clean):
    with RawConn(clean.port) as a, RawConn(clean.port) as b:
        host, port = b.sock.getsockname()
        # A reply proves the server has accepted b; a bare connect() only proves the kernel did.
        assert b.call("PING") == simple("PONG")
        assert a.call("CLIENT", "KILL", f"{host}:{port}") == OK
        assert b.is_closed(timeout=5)
        assert a.call("CLIENT", "KILL", f"{host}:{port}") == err("ERR No such client")


def test_client_kill_filters_skip_the_caller_unless_skipme_no(clean):
    with RawConn(clean.port) as a:
        ia = client_id(a)
        assert a.call("CLIENT", "KILL", "ID", str(ia)) == integer(0)
        assert a.call("PING") == simple("PONG")
        assert a.call("CLIENT", "KILL", "ID", str(ia), "SKIPME", "no") == integer(1)
        assert a.is_closed(timeout=5)


def test_client_kill_errors(raw):
    assert raw.call("CLIENT", "KILL") == arity("client|kill")
    assert raw.call("CLIENT", "KILL", "ID", "x") == err("ERR client-id should be greater than 0")
    assert raw.call("CLIENT", "KILL", "ID", "0") == err("ERR client-id should be greater than 0")
    assert raw.call("CLIENT", "KILL", "FOO", "bar") == SYNTAX
    assert raw.call("CLIENT", "KILL", "SKIPME", "maybe") == SYNTAX
    assert raw.call("CLIENT", "KILL", "1.2.3.4:5") == err("ERR No such client")


def test_client_subcommand_errors(raw):
    assert raw.call("CLIENT") == arity("client")
    assert raw.call("CLIENT", "FOO") == err("ERR unknown subcommand 'FOO'. Try CLIENT HELP.")
    assert raw.call("CLIENT", "GETNAME", "x") == arity("client|getname")
    assert raw.call("CLIENT", "SETNAME") == arity("client|setname")
    assert raw.call("CLIENT", "ID", "x") == arity("client|id")


# ---------------------------------------------------------------- RESET / QUIT

def test_reset_restores_the_connection_defaults(raw):
    raw.call("HELLO", "3", "SETNAME", "named")
    raw.call("SELECT", "4")
    raw.call("SET", "in4", "v")
    cid = client_id(raw)
    assert raw.call("RESET") == simple("RESET")
    assert raw.call("CLIENT", "GETNAME") == NIL  # RESP2 again: null bulk
    assert raw.call("GET", "in4") == NIL          # back in db 0
    assert client_id(raw) == cid                  # same connection
    fields = parse_client_line(parse_reply(raw.call("CLIENT", "INFO")).decode())
    assert fields["db"] == "0" and fields["resp"] == "2" and fields["name"] == ""


def test_quit_replies_ok_and_closes_the_connection(raw, clean):
    assert raw.call("QUIT") == OK
    assert raw.is_closed(timeout=5)
    with RawConn(clean.port) as c:
        assert c.call("PING") == simple("PONG")


def test_pipelined_commands_after_quit_are_not_executed(raw, clean):
    raw.send(b"*1\r\n$4\r\nQUIT\r\n*3\r\n$3\r\nSET\r\n$5\r\nafter\r\n$1\r\n1\r\n")
    assert raw.read_until_closed(timeout=5) == OK
    with RawConn(clean.port) as c:
        assert c.call("EXISTS", "after") == integer(0)


# ---------------------------------------------------------------- AUTH

def test_auth_without_a_configured_password_is_an_error(raw):
    assert raw.call("AUTH", "x") == err(
        "ERR AUTH <password> called without any password configured for the default user. "
        "Are you sure your configuration is correct?")
    assert raw.call("AUTH", "a", "b") == WRONGPASS


@pytest.fixture
def auth_server(server_factory):
    return server_factory("--requirepass", PASSWORD)


def test_commands_require_auth_when_requirepass_is_set(auth_server):
    with auth_server.raw() as c:
        assert c.call("PING") == NOAUTH
        assert c.call("GET", "k") == NOAUTH
        assert c.call("CLIENT", "SETNAME", "x") == NOAUTH
        assert c.call("HELLO") == HELLO_NOAUTH
        assert c.call("HELLO", "3") == HELLO_NOAUTH


def test_unknown_commands_and_arity_are_checked_before_auth(auth_server):
    with auth_server.raw() as c:
        assert c.call("FOO") == err("ERR unknown command 'FOO', with args beginning with: ")
        assert c.call("GET") == arity("get")


def test_auth_with_the_wrong_password(auth_server):
    with auth_server.raw() as c:
        assert c.call("AUTH", "nope") == WRONGPASS
        assert c.call("AUTH", "default", "nope") == WRONGPASS
        assert c.call("AUTH", "nouser", PASSWORD) == WRONGPASS
        assert c.call("AUTH", "a", "b", "c") == SYNTAX
        assert c.call("AUTH") == arity("auth")
        assert c.call("PING") == NOAUTH


def test_auth_with_the_right_password(auth_server):
    with auth_server.raw() as c:
        assert c.call("AUTH", PASSWORD) == OK
        assert c.call("PING") == simple("PONG")
    with auth_server.raw() as c:
        assert c.call("AUTH", "default", PASSWORD) == OK
        assert c.call("SET", "k", "v") == OK


def test_hello_auth_authenticates_and_sets_the_name(auth_server):
    with auth_server.raw() as c:
        assert c.call("HELLO", "3", "AUTH", "default", "nope") == WRONGPASS
        assert c.call("PING") == NOAUTH
        reply = c.call("HELLO", "3", "AUTH", "default", PASSWORD, "SETNAME", "authed")
        assert reply.startswith(b"%7\r\n")
        assert c.call("CLIENT", "GETNAME") == bulk("authed")
        assert c.call("PING") == simple("PONG")


def test_reset_deauthenticates(auth_server):
    with auth_server.raw() as c:
        c.call("AUTH", PASSWORD)
        assert c.call("RESET") == simple("RESET")
        assert c.call("PING") == NOAUTH


def test_quit_works_without_auth(auth_server):
    with auth_server.raw() as c:
        assert c.call("QUIT") == OK
        assert c.is_closed(timeout=5)


def test_redis_py_with_password(auth_server):
    c = auth_server.client(password=PASSWORD)
    assert c.ping() is True
    c.close()
    c3 = auth_server.client(protocol=3, password=PASSWORD)
    assert c3.set("k", "v") is True and c3.get("k") == b"v"
    c3.close()
