"""A minimal RESP2 client: enough to ask a server about itself and to load keys fast.

redis-py is not needed for this, and a raw socket lets the loader send thousands of commands
per write and count the replies without building a value for each.
"""
from __future__ import annotations

import socket


class RespError(RuntimeError):
    """An error reply (-ERR ...) from the server."""


def encode_command(*args: str | bytes) -> bytes:
    parts = [b"*%d\r\n" % len(args)]
    for arg in args:
        data = arg if isinstance(arg, bytes) else str(arg).encode()
        parts.append(b"$%d\r\n%s\r\n" % (len(data), data))
    return b"".join(parts)


class RespConnection:
    def __init__(self, port: int, host: str = "127.0.0.1", timeout: float = 60.0):
        self._sock = socket.create_connection((host, port), timeout=timeout)
        self._sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self._buffer = b""

    def close(self) -> None:
        self._sock.close()

    def __enter__(self) -> RespConnection:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def call(self, *args: str | bytes):
        """Sends one command and returns its reply as Python values (bulk strings as bytes,
        nil as None); an error reply raises RespError."""
        self._sock.sendall(encode_command(*args))
        reply = self._read_reply()
        if isinstance(reply, RespError):
            raise reply
        return reply

    def send_counting_line_replies(self, payload: bytes, commands: int) -> int:
        """Sends pre-encoded commands whose replies are one line each (+OK, :n, -ERR) and
        waits for all `commands` replies. Returns how many of them were errors."""
        self._sock.sendall(payload)
        errors = 0
        lines = 0
        while lines < commands:
            newline = self._buffer.rfind(b"\r\n")
            if newline < 0:
                self._fill()
                continue
            complete, self._buffer = self._buffer[:newline + 2], self._buffer[newline + 2:]
            lines += complete.count(b"\r\n")
            errors += complete.startswith(b"-") + complete.count(b"\n-")
        return errors

    def _fill(self) -> None:
        chunk = self._sock.recv(1 << 20)
        if not chunk:
            raise ConnectionError("server closed the connection")
        self._buffer += chunk

    def _line(self) -> bytes:
        while (end := self._buffer.find(b"\r\n")) < 0:
            self._fill()
        line, self._buffer = self._buffer[:end], self._buffer[end + 2:]
        return line

    def _read_reply(self):
        line = self._line()
        kind, rest = line[:1], line[1:]
        if kind == b"+":
            return rest.decode()
        if kind == b"-":
            return RespError(rest.decode())
        if kind == b":":
            return int(rest)
        if kind == b"$":
            length = int(rest)
            if length < 0:
                return None
            while len(self._buffer) < length + 2:
                self._fill()
            data, self._buffer = self._buffer[:length], self._buffer[length + 2:]
            return data
        if kind == b"*":
            count = int(rest)
            return None if count < 0 else [self._read_reply() for _ in range(count)]
        raise RespError(f"unexpected reply line {line[:40]!r}")
