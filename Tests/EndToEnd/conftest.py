"""Shared fixtures and helpers for Tessera's black-box end-to-end suite.

The server under test is taken from env ``TESSERA_SERVER`` (default:
``<repo>/.build/release/tessera-server``).  Run the whole suite against real
Redis 7.0 with ``TESSERA_SERVER=/usr/bin/redis-server`` to validate the
expectations themselves.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from pathlib import Path

import pytest
import redis

REPO_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_SERVER = REPO_ROOT / ".build" / "release" / "tessera-server"
SERVER_BIN = os.environ.get("TESSERA_SERVER", str(DEFAULT_SERVER))
REFERENCE_BIN = os.environ.get("TESSERA_REFERENCE_SERVER", "/usr/bin/redis-server")
IS_REAL_REDIS = os.path.basename(SERVER_BIN) == "redis-server"
# TESSERA_NO_LISTS=1 is still accepted (old command lines) but does nothing: tests now skip
# themselves when the server lacks a command they need (see `requires` below).
NO_LISTS = os.environ.get("TESSERA_NO_LISTS") == "1"
DEFAULT_SHARDS = 2
START_TIMEOUT = 20.0
TEST_TIMEOUT = int(os.environ.get("TESSERA_TEST_TIMEOUT", "120"))


# --------------------------------------------------------------------------
# pytest hooks
# --------------------------------------------------------------------------

def pytest_configure(config):
    config.addinivalue_line(
        "markers",
        "requires(*commands): skipped when the server under test lacks one of the commands",
    )
    config.addinivalue_line("markers", "slow: takes more than a few seconds")
    config.addinivalue_line("markers", "timeout(seconds): per-test alarm timeout override")


def pytest_collection_modifyitems(config, items):
    for item in items:
        for marker in item.iter_markers("requires"):
            _capabilities.wanted.update(name.lower() for name in marker.args)


def pytest_runtest_setup(item):
    # Runs before any fixture is set up, so a skipped module never starts its shared server.
    for marker in item.iter_markers("requires"):
        missing = _capabilities.first_missing(marker.args)
        if missing is not None:
            pytest.skip(f"server has no {missing.upper()} yet")


def pytest_report_header(config):
    kind = "real redis-server" if IS_REAL_REDIS else "tessera-server"
    return [f"server under test: {SERVER_BIN} ({kind})", f"reference: {REFERENCE_BIN}"]


class TestTimeout(Exception):
    """Raised by the per-test alarm."""


@pytest.fixture(autouse=True)
def _per_test_timeout(request):
    """Abort any test (including its fixtures' setup) running longer than TEST_TIMEOUT."""
    limit = TEST_TIMEOUT
    marker = request.node.get_closest_marker("timeout")
    if marker and marker.args:
        limit = int(marker.args[0])

    def on_alarm(signum, frame):
        raise TestTimeout(f"test exceeded {limit}s")

    old = signal.signal(signal.SIGALRM, on_alarm)
    signal.alarm(limit)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)


# --------------------------------------------------------------------------
# Server processes
# --------------------------------------------------------------------------

def free_port() -> int:
    """A TCP port that is currently free on 127.0.0.1 (bind to port 0)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _ping_ok(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1.0) as s:
            s.settimeout(1.0)
            s.sendall(b"*1\r\n$4\r\nPING\r\n")
            data = b""
            while not data.endswith(b"\r\n"):
                chunk = s.recv(1024)
                if not chunk:
                    return False
                data += chunk
            # "-NOAUTH ..." also means the server is up and answering.
            return data.startswith(b"+PONG") or data.startswith(b"-NOAUTH")
    except OSError:
        return False


class ServerProcess:
    """A server process listening on 127.0.0.1:<port>, working in its own tmp dir."""

    def __init__(self, binary: str, extra_args=(), shards: int | None = DEFAULT_SHARDS,
                 port: int | None = None):
        self.binary = binary
        self.is_real_redis = os.path.basename(binary) == "redis-server"
        if not os.path.exists(binary):
            hint = ""
            if binary == str(DEFAULT_SERVER):
                hint = (" -- build it first (tools/build-release) or point "
                        "TESSERA_SERVER at a server binary, e.g. "
                        "TESSERA_SERVER=/usr/bin/redis-server")
            pytest.fail(f"server binary not found: {binary}{hint}", pytrace=False)
        self.dir = tempfile.mkdtemp(prefix="tessera-e2e-")
        self.log_path = os.path.join(self.dir, "server.log")
        self.extra_args = list(extra_args)
        self.shards = shards
        self.port = port
        self.proc: subprocess.Popen | None = None

    @property
    def args(self):
        args = [self.binary, "--port", str(self.port), "--bind", "127.0.0.1",
                "--dir", self.dir, "--save", "", "--appendonly", "no"]
        if not self.is_real_redis and self.shards is not None:
            args += ["--shards", str(self.shards)]
        return args + self.extra_args

    def start(self, timeout: float = START_TIMEOUT):
        last_error = None
        for _attempt in range(3):  # retry on a lost race for the free port
            if self.port is None or last_error is not None:
                self.port = free_port()
            self.log = open(self.log_path, "ab")
            self.proc = subprocess.Popen(self.args, cwd=self.dir, stdout=self.log,
                                         stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
            deadline = time.monotonic() + timeout
            while time.monotonic() < deadline:
                if self.proc.poll() is not None:
                    break
                if _ping_ok(self.port):
                    return self
                time.sleep(0.05)
            if self.proc.poll() is None:
                self.proc.kill()
                self.proc.wait()
                pytest.fail(f"server did not answer PING within {timeout}s: "
                            f"{' '.join(self.args)}\n--- log ---\n{self.log_tail()}",
                            pytrace=False)
            self.log.close()
            last_error = self.log_tail()
            if "Address already in use" not in last_error:
                break
        pytest.fail(f"server exited during startup with code {self.proc.returncode}: "
                    f"{' '.join(self.args)}\n--- log ---\n{last_error}", pytrace=False)

    def log_tail(self, n: int = 60) -> str:
        try:
            with open(self.log_path, "rb") as f:
                lines = f.read().decode("utf-8", "replace").splitlines()
            return "\n".join(lines[-n:])
        except OSError:
            return "<no log>"

    def alive(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def stop(self, check_alive: bool = True):
        """Kill the server. Fails if it had already died (crashed) on its own."""
        if self.proc is None:
            return
        rc = self.proc.poll()
        if rc is None:
            self.proc.kill()
            self.proc.wait()
        self.log.close()
        self.proc = None
        if rc is None:
            shutil.rmtree(self.dir, ignore_errors=True)  # keep the dir of a crashed server
        elif check_alive:
            pytest.fail(f"server {self.binary} exited on its own (returncode {rc}) "
                        f"before teardown (dir kept: {self.dir})\n--- log ---\n"
                        f"{self.log_tail()}", pytrace=False)

    def client(self, protocol: int = 2, **kw) -> redis.Redis:
        kw.setdefault("socket_timeout", 30)
        return redis.Redis(host="127.0.0.1", port=self.port, protocol=protocol, **kw)

    def raw(self, timeout: float = 10.0) -> "RawConn":
        return RawConn(self.port, timeout=timeout)


def start_server(extra_args=(), shards: int | None = DEFAULT_SHARDS, binary: str | None = None):
    return ServerProcess(binary or SERVER_BIN, extra_args=extra_args, shards=shards).start()


@pytest.fixture
def server_factory():
    """Start servers with custom arguments; all are stopped (and checked) at teardown."""
    started = []

    def factory(*extra_args, shards: int | None = DEFAULT_SHARDS, binary: str | None = None):
        s = start_server(extra_args, shards=shards, binary=binary)
        started.append(s)
        return s

    yield factory
    crashed = []
    for s in started:  # stop every server even if one of them crashed
        try:
            s.stop()
        except BaseException as e:  # noqa: BLE001 - pytest.fail raises Failed
            crashed.append(e)
    if crashed:
        raise crashed[0]


@pytest.fixture
def server():
    """A fresh server for one test."""
    s = start_server()
    yield s
    s.stop()


def _module_server_args(request) -> tuple:
    """Extra flags a test module asks for its module-scoped servers (`SERVER_ARGS = (...)`,
    for example `("--enable-debug-command", "local")` for DEBUG DIGEST)."""
    return tuple(getattr(request.module, "SERVER_ARGS", ()))


@pytest.fixture(scope="module")
def shared_server(request):
    """One server per test module; use through `r2`/`r3`/`raw` which FLUSHALL first."""
    s = start_server(_module_server_args(request))
    yield s
    s.stop()


@pytest.fixture(scope="module")
def reference_redis(request):
    """A real redis-server (REFERENCE_BIN) for differential tests, with the module's
    SERVER_ARGS too."""
    s = ServerProcess(REFERENCE_BIN, extra_args=_module_server_args(request), shards=None).start()
    yield s
    s.stop()


def _reset_shared(s: ServerProcess):
    assert s.alive(), f"shared server died\n--- log ---\n{s.log_tail()}"
    c = s.client()
    try:
        c.flushall()
    finally:
        c.close()


@pytest.fixture
def clean(shared_server):
    """The module's shared server, FLUSHALLed."""
    _reset_shared(shared_server)
    return shared_server


@pytest.fixture
def r2(clean):
    c = clean.client(protocol=2, decode_responses=False)
    yield c
    c.close()


@pytest.fixture
def r3(clean):
    c = clean.client(protocol=3, decode_responses=False)
    yield c
    c.close()


@pytest.fixture
def raw(clean):
    c = RawConn(clean.port)
    yield c
    c.close()


# --------------------------------------------------------------------------
# Key placement (design.md: slot = CRC16(hashtag) mod 16384, shard = slot mod N)
# --------------------------------------------------------------------------

def _crc16_xmodem(data: bytes) -> int:
    crc = 0
    for byte in data:
        crc ^= byte << 8
        for _ in range(8):
            crc = ((crc << 1) ^ 0x1021) & 0xFFFF if crc & 0x8000 else (crc << 1) & 0xFFFF
    return crc


def shard_of(key: str, shards: int = DEFAULT_SHARDS) -> int:
    """The shard tessera puts `key` on, so cross-shard tests can check their key choice."""
    start = key.find("{")
    if start >= 0:
        end = key.find("}", start + 1)
        if end > start + 1:
            key = key[start + 1:end]
    return _crc16_xmodem(key.encode()) % 16384 % shards


# --------------------------------------------------------------------------
# Capability probe: which commands the server under test implements
# --------------------------------------------------------------------------

class _Capabilities:
    """Answers "does the server under test have command X?" with COMMAND INFO.

    One short-lived server is started on the first question and asked about every name
    collected from `requires` markers (plus any later name) at once, then stopped, so the
    probe never keeps an extra server running. COMMAND INFO answers nil for a command the
    server does not know.
    """

    def __init__(self):
        self.wanted: set[str] = set()
        self.known: dict[str, bool] = {}

    def has(self, *commands) -> bool:
        return self.first_missing(commands) is None

    def first_missing(self, commands):
        names = [c.lower() for c in commands]
        unknown = [n for n in names if n not in self.known]
        if unknown:
            self._probe(set(unknown) | (self.wanted - self.known.keys()))
        return next((n for n in names if not self.known[n]), None)

    def _probe(self, names):
        names = sorted(names)
        if not os.path.exists(SERVER_BIN):
            # Do not skip: the tests themselves fail with the "binary not found" message.
            self.known.update((n, True) for n in names)
            return
        s = ServerProcess(SERVER_BIN).start()
        try:
            with RawConn(s.port) as c:
                infos = parse_reply(c.call("COMMAND", "INFO", *names))
        finally:
            s.stop()
        assert isinstance(infos, list) and len(infos) == len(names), infos
        self.known.update((n, info is not None) for n, info in zip(names, infos))


_capabilities = _Capabilities()


def server_has(*commands) -> bool:
    """True when the server under test implements every one of `commands`."""
    return _capabilities.has(*commands)


# --------------------------------------------------------------------------
# Raw RESP socket helper
# --------------------------------------------------------------------------

def encode_command(*args) -> bytes:
    """Encode a command as a RESP array of bulk strings."""
    out = [b"*%d\r\n" % len(args)]
    for a in args:
        if isinstance(a, str):
            a = a.encode()
        elif isinstance(a, (int, float)):
            a = repr(a).encode() if isinstance(a, float) else str(a).encode()
        out.append(b"$%d\r\n%s\r\n" % (len(a), a))
    return b"".join(out)


class ConnectionClosed(Exception):
    pass


class RawConn:
    """A plain TCP connection that sends bytes and reads whole RESP replies as raw bytes."""

    def __init__(self, port: int, host: str = "127.0.0.1", timeout: float = 10.0):
        self.sock = socket.create_connection((host, port), timeout=timeout)
        self.sock.settimeout(timeout)
        self.buf = b""

    def close(self):
        try:
            self.sock.close()
        except OSError:
            pass

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def settimeout(self, t):
        self.sock.settimeout(t)

    def send(self, data: bytes):
        self.sock.sendall(data)

    def _fill(self):
        chunk = self.sock.recv(65536)
        if not chunk:
            raise ConnectionClosed(f"connection closed; unread buffer {self.buf[:200]!r}")
        self.buf += chunk

    def _line(self, pos: int) -> int:
        """Index just past the CRLF of the line starting at pos (reads more as needed)."""
        while True:
            i = self.buf.find(b"\r\n", pos)
            if i >= 0:
                return i + 2
            self._fill()

    def _need(self, n: int):
        while len(self.buf) < n:
            self._fill()

    def _skip_reply(self, pos: int) -> int:
        """Return the index just past the complete reply starting at pos."""
        self._need(pos + 1)
        t = self.buf[pos:pos + 1]
        end = self._line(pos)
        header = self.buf[pos + 1:end - 2]
        if t in (b"+", b"-", b":", b",", b"_", b"#", b"("):
            return end
        if t in (b"$", b"=", b"!"):
            n = int(header)
            if n < 0:
                return end
            self._need(end + n + 2)
            return end + n + 2
        if t in (b"*", b"~", b">"):
            n = int(header)
            for _ in range(max(n, 0)):
                end = self._skip_reply(end)
            return end
        if t in (b"%", b"|"):
            n = int(header)
            for _ in range(2 * n):
                end = self._skip_reply(end)
            if t == b"|":  # attribute: followed by the actual reply
                end = self._skip_reply(end)
            return end
        raise AssertionError(f"unexpected RESP type byte {t!r} in {self.buf[pos:pos + 100]!r}")

    def read_reply(self) -> bytes:
        """One complete reply, exactly as sent by the server."""
        end = self._skip_reply(0)
        out, self.buf = self.buf[:end], self.buf[end:]
        return out

    def call(self, *args) -> bytes:
        self.send(encode_command(*args))
        return self.read_reply()

    def inline(self, line) -> bytes:
        if isinstance(line, str):
            line = line.encode()
        self.send(line + b"\r\n")
        return self.read_reply()

    def pipeline(self, commands) -> list[bytes]:
        self.send(b"".join(encode_command(*c) for c in commands))
        return [self.read_reply() for _ in commands]

    def read_until_closed(self, timeout: float = 5.0) -> bytes:
        """Everything the server sends until it closes the connection.

        Raises socket.timeout if the connection stays open for `timeout` seconds;
        whatever arrived meanwhile stays readable in `self.buf`.
        """
        self.sock.settimeout(timeout)
        while True:
            try:
                chunk = self.sock.recv(65536)
            except ConnectionResetError:
                chunk = b""
            if not chunk:
                data, self.buf = self.buf, b""
                return data
            self.buf += chunk

    def read_available(self, wait: float = 0.5) -> bytes:
        """Whatever the server sends within `wait` seconds (connection may stay open)."""
        self.sock.settimeout(wait)
        try:
            while True:
                chunk = self.sock.recv(65536)
                if not chunk:
                    break
                self.buf += chunk
        except (socket.timeout, ConnectionResetError):
            pass
        data, self.buf = self.buf, b""
        return data

    def is_closed(self, timeout: float = 2.0) -> bool:
        self.sock.settimeout(timeout)
        try:
            chunk = self.sock.recv(1)
        except socket.timeout:
            return False
        except ConnectionResetError:
            return True
        if chunk:
            self.buf += chunk
            return False
        return True


def parse_reply(data: bytes):
    """Decode one raw RESP2/RESP3 reply into Python values (errors become RespError)."""
    val, pos = _parse(data, 0)
    assert pos == len(data), f"trailing bytes after reply: {data[pos:]!r}"
    return val


class RespError(str):
    pass


class SimpleString(bytes):
    pass


def _parse(data: bytes, pos: int):
    t = data[pos:pos + 1]
    end = data.index(b"\r\n", pos)
    header = data[pos + 1:end]
    nxt = end + 2
    if t == b"+":
        return SimpleString(header), nxt
    if t == b"-":
        return RespError(header.decode()), nxt
    if t == b":":
        return int(header), nxt
    if t == b",":
        return float(header), nxt
    if t == b"_":
        return None, nxt
    if t == b"#":
        return header == b"t", nxt
    if t == b"(":
        return int(header), nxt
    if t in (b"$", b"=", b"!"):
        n = int(header)
        if n < 0:
            return None, nxt
        return data[nxt:nxt + n], nxt + n + 2
    if t in (b"*", b"~", b">"):
        n = int(header)
        if n < 0:
            return None, nxt
        items = []
        for _ in range(n):
            v, nxt = _parse(data, nxt)
            items.append(v)
        return (set(items) if t == b"~" else items), nxt
    if t == b"%":
        n = int(header)
        d = {}
        for _ in range(n):
            k, nxt = _parse(data, nxt)
            v, nxt = _parse(data, nxt)
            d[k] = v
        return d, nxt
    raise AssertionError(f"bad RESP type {t!r}")


def error_line(msg: str) -> bytes:
    """The exact wire form of an error reply."""
    return b"-" + msg.encode() + b"\r\n"


def ping_ok(port: int) -> bool:
    return _ping_ok(port)


# --------------------------------------------------------------------------
# Expected-reply builders (wire format)
# --------------------------------------------------------------------------

OK = b"+OK\r\n"
NIL = b"$-1\r\n"          # RESP2 null bulk string
NIL_ARRAY = b"*-1\r\n"    # RESP2 null array
NULL3 = b"_\r\n"          # RESP3 null
WRONGTYPE = b"-WRONGTYPE Operation against a key holding the wrong kind of value\r\n"
NOT_INT = b"-ERR value is not an integer or out of range\r\n"
NOT_FLOAT = b"-ERR value is not a valid float\r\n"
SYNTAX = b"-ERR syntax error\r\n"


def bulk(v) -> bytes:
    if isinstance(v, str):
        v = v.encode()
    elif isinstance(v, int):
        v = str(v).encode()
    return b"$%d\r\n%s\r\n" % (len(v), v)


def integer(n: int) -> bytes:
    return b":%d\r\n" % n


def simple(s: str) -> bytes:
    return b"+" + s.encode() + b"\r\n"


def err(msg: str) -> bytes:
    return error_line(msg)


def arity(cmd: str) -> bytes:
    return err(f"ERR wrong number of arguments for '{cmd}' command")


def array(*items: bytes) -> bytes:
    """An array whose items are already-encoded replies (use bulk()/integer()/NIL...)."""
    return b"*%d\r\n" % len(items) + b"".join(items)


def bulks(*values) -> bytes:
    """An array of bulk strings; None becomes a null bulk."""
    return array(*[NIL if v is None else bulk(v) for v in values])
