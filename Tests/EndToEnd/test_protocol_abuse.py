"""Malformed, hostile and resource-heavy clients. After each abuse the server must still be
alive and a fresh connection must answer PING (Redis 7.0.15 behaviour)."""

import random
import resource
import socket
import time

import pytest

from conftest import (NIL, OK, RawConn, bulk, err, integer, parse_reply, ping_ok, simple)

PROTO = "ERR Protocol error: "


@pytest.fixture
def abuse(clean):
    """The shared server; after the test, it must still be alive and answer PING."""
    yield clean
    assert clean.alive(), f"server died\n--- log ---\n{clean.log_tail()}"
    assert ping_ok(clean.port), "server no longer answers PING on a fresh connection"


def expect_error_and_close(server, data: bytes, message: str):
    with RawConn(server.port) as c:
        c.send(data)
        assert c.read_until_closed(timeout=10) == err(PROTO + message)


# ---------------------------------------------------------------- protocol errors close the link

@pytest.mark.parametrize("data,message", [
    (b"*1\r\n$2147483648\r\n", "invalid bulk length"),
    (b"*1\r\n$536870913\r\n", "invalid bulk length"),
    (b"*1\r\n$-1\r\n", "invalid bulk length"),
    (b"*1\r\n$abc\r\n", "invalid bulk length"),
    (b"*3\r\n*1\r\n", "expected '$', got '*'"),
    (b"*3\r\n:1\r\n", "expected '$', got ':'"),
    (b"*2\r\n$4\r\nECHO\r\n+hi\r\n", "expected '$', got '+'"),
    (b"*abc\r\n", "invalid multibulk length"),
    (b"*2147483648\r\n", "invalid multibulk length"),
    (b'SET k "abc\r\n', "unbalanced quotes in request"),
    (b"SET k 'abc\r\n", "unbalanced quotes in request"),
    (b'SET k "a"b\r\n', "unbalanced quotes in request"),
])
def test_protocol_errors_reply_and_close_the_connection(abuse, data, message):
    expect_error_and_close(abuse, data, message)


def test_protocol_error_after_a_valid_pipelined_command(abuse):
    with RawConn(abuse.port) as c:
        c.send(b"*1\r\n$4\r\nPING\r\n*1\r\n$-5\r\n*1\r\n$4\r\nPING\r\n")
        assert c.read_until_closed(timeout=10) == \
            simple("PONG") + err(PROTO + "invalid bulk length")


def test_too_big_inline_request(abuse):
    expect_error_and_close(abuse, b"a" * 70_000, "too big inline request")


def test_too_big_multibulk_count_string(abuse):
    expect_error_and_close(abuse, b"*" + b"1" * 70_000, "too big mbulk count string")


def test_too_big_bulk_count_string(abuse):
    expect_error_and_close(abuse, b"*1\r\n$" + b"1" * 70_000, "too big bulk count string")


def test_a_long_inline_request_below_the_limit_is_processed(abuse):
    with RawConn(abuse.port) as c:
        assert c.inline(b"ECHO " + b"x" * 60_000) == bulk(b"x" * 60_000)


# ---------------------------------------------------------------- things that are *not* errors

def test_empty_and_null_multibulks_are_ignored(abuse):
    with RawConn(abuse.port) as c:
        c.send(b"*0\r\n*-1\r\n\r\n   \r\n\n*1\r\n$4\r\nPING\r\n")
        assert c.read_reply() == simple("PONG")
        assert c.read_available(0.3) == b""


def test_inline_garbage_is_an_unknown_command(abuse):
    with RawConn(abuse.port) as c:
        assert c.inline(b"\x01abc def") == \
            err("ERR unknown command '\x01abc', with args beginning with: 'def' ")
        assert c.inline(b"\xff\xfe") == \
            b"-ERR unknown command '\xff\xfe', with args beginning with: \r\n"
        assert c.call("PING") == simple("PONG")


def test_a_request_sent_one_byte_at_a_time(abuse):
    with RawConn(abuse.port) as c:
        c.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        data = b"*3\r\n$3\r\nSET\r\n$4\r\nslow\r\n$5\r\nvalue\r\n" + b"GET slow\r\n"
        for i in range(len(data)):
            c.send(data[i:i + 1])
            if i % 7 == 0:
                time.sleep(0.002)
        assert c.read_reply() == OK
        assert c.read_reply() == bulk("value")


def test_a_huge_pipeline_in_one_write(abuse):
    with RawConn(abuse.port, timeout=30) as c:
        n = 20_000
        c.send(b"*1\r\n$4\r\nPING\r\n" * n)
        for _ in range(n):
            assert c.read_reply() == simple("PONG")


def test_a_ten_megabyte_bulk_argument(abuse):
    value = random.Random(7).randbytes(10 * 1024 * 1024)
    with RawConn(abuse.port, timeout=30) as c:
        assert c.call("SET", "big", value) == OK
        assert c.call("STRLEN", "big") == integer(len(value))
        assert c.call("GET", "big") == bulk(value)


def test_replies_stay_in_order_while_a_slow_reader_lags_behind(abuse):
    # Each 4 MB reply overflows the socket buffers, so what follows it must queue behind it
    # (the server writes straight to the socket only when nothing of the connection is queued).
    value = random.Random(11).randbytes(4 * 1024 * 1024)
    with RawConn(abuse.port, timeout=30) as c:
        assert c.call("SET", "big", value) == OK
        for i in range(3):
            c.send(b"*2\r\n$3\r\nGET\r\n$3\r\nbig\r\n")
            time.sleep(0.05)
            c.send(b"*2\r\n$4\r\nECHO\r\n$1\r\n" + str(i).encode() + b"\r\n")
            time.sleep(0.05)
        for i in range(3):
            assert c.read_reply() == bulk(value)
            assert c.read_reply() == bulk(str(i))
        assert c.call("PING") == simple("PONG")


# ---------------------------------------------------------------- disconnects at bad moments

def test_disconnect_after_a_huge_multibulk_header(abuse):
    for _ in range(5):
        with RawConn(abuse.port) as c:
            c.send(b"*10000000\r\n")
    with RawConn(abuse.port) as c:
        c.send(b"*10000000\r\n$3\r\nSET\r\n$1\r\nk\r\n")
    assert ping_ok(abuse.port)


def test_disconnect_in_the_middle_of_a_bulk(abuse):
    with RawConn(abuse.port) as c:
        c.send(b"*3\r\n$3\r\nSET\r\n$7\r\nhalfway\r\n$100\r\nabc")
    with RawConn(abuse.port) as c:
        c.send(b"*3\r\n$3\r\nSET\r\n$7\r\nhalfway\r\n$1000000\r\n" + b"x" * 500_000)
    time.sleep(0.2)
    with RawConn(abuse.port) as c:
        assert c.call("EXISTS", "halfway") == integer(0)


def test_disconnect_with_a_partial_inline_command(abuse):
    with RawConn(abuse.port) as c:
        c.send(b"SET partial valu")
    with RawConn(abuse.port) as c:
        assert c.call("GET", "partial") == NIL


def test_reset_by_peer_while_replies_are_pending(abuse):
    with RawConn(abuse.port) as c:
        c.call("SET", "v", b"x" * 10_000)
    for _ in range(3):
        s = socket.create_connection(("127.0.0.1", abuse.port))
        s.sendall(b"*2\r\n$3\r\nGET\r\n$1\r\nv\r\n" * 2000)  # ~20 MB of replies, never read
        s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")
        s.close()  # RST
    assert ping_ok(abuse.port)


def test_random_garbage_streams_do_not_crash_the_server(abuse):
    rnd = random.Random(20240501)
    alphabet = b"*$:+-\r\n0123456789abcXYZ \"'\\\x00\xff"
    for _ in range(200):
        n = rnd.randint(1, 300)
        if rnd.random() < 0.5:
            data = bytes(rnd.choice(alphabet) for _ in range(n))
        else:
            data = rnd.randbytes(n)
        try:
            with RawConn(abuse.port, timeout=2) as c:
                c.send(data)
                c.read_available(0.01)
        except OSError:
            pass
        assert abuse.alive()
    assert ping_ok(abuse.port)


# ---------------------------------------------------------------- unauthenticated limits

def test_unauthenticated_clients_get_small_request_limits(server_factory):
    s = server_factory("--requirepass", "pw")
    expect_error_and_close(s, b"*11\r\n", "unauthenticated multibulk length")
    expect_error_and_close(s, b"*1\r\n$16385\r\n", "unauthenticated bulk length")
    with RawConn(s.port) as c:
        assert c.call("PING") == err("NOAUTH Authentication required.")
        assert c.call("AUTH", "pw") == OK
        c.send(b"*12\r\n$4\r\nMSET\r\n" + b"$1\r\na\r\n" * 11)  # >10 args accepted now
        assert c.read_reply() == err("ERR wrong number of arguments for 'mset' command")
        assert c.call("SET", "big", b"x" * 20_000) == OK


# ---------------------------------------------------------------- many connections

@pytest.mark.slow
@pytest.mark.timeout(180)
def test_ten_thousand_idle_connections(server_factory):
    want = 10_000
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    target = want + 500
    if soft < target:
        new_soft = target if hard == resource.RLIM_INFINITY else min(hard, max(target, soft))
        resource.setrlimit(resource.RLIMIT_NOFILE, (new_soft, hard))
        soft = new_soft
    if soft < target:
        pytest.skip(f"RLIMIT_NOFILE hard limit {hard} is too low for {want} connections")
    s = server_factory("--maxclients", "20000")
    socks = []
    try:
        for i in range(want):
            try:
                sk = socket.create_connection(("127.0.0.1", s.port), timeout=20)
            except OSError as e:
                pytest.fail(f"server could not accept connection #{i + 1}: {e!r}")
            socks.append(sk)
        assert s.alive()
        with RawConn(s.port, timeout=30) as c:
            assert c.call("PING") == simple("PONG")
            deadline = time.monotonic() + 60
            connected = 0
            while time.monotonic() < deadline:
                text = parse_reply(c.call("INFO", "clients")).decode()
                connected = int(text.split("connected_clients:")[1].split("\r\n")[0])
                if connected >= want + 1:
                    break
                time.sleep(0.2)
            assert connected >= want + 1, f"only {connected} clients registered"
        # A sample of the idle connections are still usable.
        for sk in socks[::1000]:
            sk.sendall(b"PING\r\n")
            assert sk.recv(100) == b"+PONG\r\n"
    finally:
        for sk in socks:
            sk.close()
    deadline = time.monotonic() + 30
    with RawConn(s.port) as c:
        while time.monotonic() < deadline:
            text = parse_reply(c.call("INFO", "clients")).decode()
            if int(text.split("connected_clients:")[1].split("\r\n")[0]) == 1:
                break
            time.sleep(0.2)
        else:
            pytest.fail("closed connections were not released within 30 s")
        assert c.call("PING") == simple("PONG")


def test_maxclients_limit_is_reported(server_factory):
    s = server_factory("--maxclients", "5")
    # The fixture's readiness probe may still be closing: wait until this is the only client.
    first = RawConn(s.port)
    deadline = time.monotonic() + 10
    while b"connected_clients:1\r\n" not in first.call("INFO", "clients") and time.monotonic() < deadline:
        time.sleep(0.05)
    conns = [first] + [RawConn(s.port) for _ in range(4)]
    try:
        for c in conns:
            assert c.call("PING") == simple("PONG")
        with RawConn(s.port) as extra:
            assert extra.read_until_closed(timeout=10) == \
                err("ERR max number of clients reached")
    finally:
        for c in conns:
            c.close()
