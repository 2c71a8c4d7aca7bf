"""Key loading: the commands sent, and counting one-line replies over any split."""
import socket
import threading

import pytest

from benchkit.loader import add_sets, add_sorted_sets, set_hashes, set_strings
from benchkit.resp import RespConnection, encode_command


def test_string_commands_match_the_general_encoder_and_redis_benchmark_key_names():
    assert set_strings(16)(42) == encode_command("SET", "key:000000000042", "x" * 16)
    assert set_strings(3, expire_seconds=100_000)(7) == encode_command("SET", "key:000000000007", "xxx",
                                                                       "EX", "100000")
    assert set_hashes(2)(5) == encode_command("HSET", "h:5", "f0", "v0", "f1", "v1")
    assert add_sets(3)(8) == encode_command("SADD", "s:8", "0", "1", "2")
    assert add_sorted_sets(2)(9) == encode_command("ZADD", "z:9", "0", "m0", "1", "m1")


def serve_once(replies: bytes, chunk: int) -> int:
    """A one-shot TCP server that reads a request, then answers `replies` `chunk` bytes at a time."""
    listener = socket.create_server(("127.0.0.1", 0))

    def answer():
        conn, _ = listener.accept()
        with conn:
            conn.recv(1 << 16)
            for start in range(0, len(replies), chunk):
                conn.sendall(replies[start:start + chunk])
        listener.close()

    threading.Thread(target=answer, daemon=True).start()
    return listener.getsockname()[1]


@pytest.mark.parametrize("chunk", [1, 2, 3, 7, 1000])
def test_line_replies_are_counted_and_errors_noticed_across_every_split(chunk):
    replies = b"+OK\r\n" * 3 + b"-ERR wrong\r\n" + b":10\r\n" + b"-WRONGTYPE x\r\n" + b"+OK\r\n"
    with RespConnection(serve_once(replies, chunk)) as connection:
        assert connection.send_counting_line_replies(b"ignored", 7) == 2
