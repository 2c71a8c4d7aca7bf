"""Snapshots: SAVE, BGSAVE in a forked child, LASTSAVE, save points, MISCONF, SHUTDOWN's
final save, FLUSHALL and DEBUG RELOAD, and loading dbfilename at start (issue 6).

The tests that restart a server or reload a dump check that the snapshot holds the data
(the RDB writer and loader in Sources/Tessera/Persistence/RDB).
"""

from __future__ import annotations

import os
import random
import re
import signal
import subprocess
import threading
import time

import pytest
import redis
from redis.backoff import NoBackoff
from redis.retry import Retry

from conftest import DEFAULT_SHARDS, IS_REAL_REDIS, REFERENCE_BIN, SERVER_BIN, ServerProcess, free_port

pytestmark = pytest.mark.requires("save", "bgsave", "lastsave")

MISCONF = ("MISCONF Redis is configured to save RDB snapshots, but it's currently unable to persist "
           "to disk. Commands that may modify the data set are disabled, because this instance is "
           "configured to report errors during writes if RDB snapshotting fails "
           "(stop-writes-on-bgsave-error option). Please check the Redis logs for details about the "
           "RDB error.")


# --------------------------------------------------------------------------
# helpers
# --------------------------------------------------------------------------

def wait_for(predicate, timeout: float = 20.0, interval: float = 0.02, what: str = "condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError(f"timed out after {timeout}s waiting for {what}")


def reply(c: redis.Redis, *args):
    """The server's reply as sent, without redis-py's per-command conversion (which turns
    BGSAVE's status line into True)."""
    connection = c.connection_pool.get_connection()
    try:
        connection.send_command(*args)
        return connection.read_response()
    finally:
        c.connection_pool.release(connection)


def info(c: redis.Redis, field: str):
    return c.info("all")[field]


def wait_bgsave_done(c: redis.Redis, timeout: float = 30.0):
    wait_for(lambda: info(c, "rdb_bgsave_in_progress") == 0, timeout, what="the BGSAVE child to end")


def log_text(s: ServerProcess) -> str:
    with open(s.log_path, "rb") as f:
        return f.read().decode("utf-8", "replace")


def child_pids(s: ServerProcess) -> list[int]:
    return [int(pid) for pid in re.findall(r"Background saving started by pid (\d+)", log_text(s))]


def process_exists(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # A zombie still answers kill(0); only a reaped or running process matters here.
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().split(")")[-1].split()[0] != "Z"
    except OSError:
        return False


def temp_files(directory: str) -> list[str]:
    return [name for name in os.listdir(directory) if name.startswith("temp-") and name.endswith(".rdb")]


def start_in(directory: str, *args, shards: int | None = DEFAULT_SHARDS) -> ServerProcess:
    """A server working in an existing directory (to restart on the same dump.rdb)."""
    s = ServerProcess(SERVER_BIN, extra_args=args, shards=shards)
    os.rmdir(s.dir)
    s.dir = directory
    s.log_path = os.path.join(directory, "server.log")
    return s.start()


def wait_exit(s: ServerProcess, timeout: float = 20.0) -> int:
    code = s.proc.wait(timeout=timeout)
    s.log.close()
    s.proc = None
    return code


def shutdown(c: redis.Redis, *args):
    """SHUTDOWN closes the connection instead of replying when it succeeds."""
    try:
        c.execute_command("SHUTDOWN", *args)
    except redis.exceptions.ConnectionError:
        return
    raise AssertionError("SHUTDOWN replied instead of exiting")


def slow_child(c: redis.Redis, keys: int = 10, seconds: float = 3.0):
    """Makes the next BGSAVE child take about `seconds` (rdb-key-save-delay is per key)."""
    c.mset({f"slow:{index}": index for index in range(keys)})
    c.config_set("rdb-key-save-delay", int(seconds * 1_000_000 / keys))


@pytest.fixture
def snapshot_server(server_factory):
    """A server without save points (the default of the suite) and DEBUG enabled."""
    return server_factory("--enable-debug-command", "yes")


# --------------------------------------------------------------------------
# SAVE, BGSAVE, LASTSAVE, INFO
# --------------------------------------------------------------------------

def test_save_writes_dump_and_lastsave_follows(snapshot_server):
    c = snapshot_server.client(decode_responses=True)
    c.set("a", "1")
    c.set("b", "2")
    assert info(c, "rdb_changes_since_last_save") == 2
    assert c.execute_command("SAVE") is True  # redis-py turns +OK into True
    assert os.path.exists(os.path.join(snapshot_server.dir, "dump.rdb"))
    assert temp_files(snapshot_server.dir) == []
    assert info(c, "rdb_changes_since_last_save") == 0
    lastsave = int(c.lastsave().timestamp())  # redis-py turns the integer into a datetime
    assert abs(lastsave - time.time()) < 5
    assert info(c, "rdb_last_save_time") == lastsave
    assert "DB saved on disk" in log_text(snapshot_server)


def test_bgsave_forks_a_child_and_reports_it(snapshot_server):
    c = snapshot_server.client(decode_responses=True)
    c.set("a", "1")
    assert reply(c, "BGSAVE") == "Background saving started"
    wait_bgsave_done(c)
    assert os.path.exists(os.path.join(snapshot_server.dir, "dump.rdb"))
    assert temp_files(snapshot_server.dir) == []
    assert info(c, "rdb_last_bgsave_status") == "ok"
    assert info(c, "rdb_changes_since_last_save") == 0
    assert info(c, "rdb_saves") == 1
    assert info(c, "total_forks") == 1
    assert info(c, "latest_fork_usec") > 0
    assert info(c, "rdb_last_bgsave_time_sec") >= 0
    assert info(c, "rdb_current_bgsave_time_sec") == -1
    log = log_text(snapshot_server)
    for line in ("Background saving started by pid", "DB saved on disk", "Fork CoW for RDB: current",
                 "Background saving terminated with success"):
        assert line in log


def test_bgsave_save_and_schedule_while_a_bgsave_runs(snapshot_server):
    c = snapshot_server.client(decode_responses=True)
    slow_child(c)
    assert reply(c, "BGSAVE") == "Background saving started"
    for command in (["BGSAVE"], ["BGSAVE", "SCHEDULE"], ["SAVE"]):
        with pytest.raises(redis.ResponseError, match="^Background save already in progress$"):
            c.execute_command(*command)
    assert info(c, "rdb_bgsave_in_progress") == 1
    assert info(c, "rdb_current_bgsave_time_sec") >= 0
    with pytest.raises(redis.ResponseError, match="syntax error"):
        reply(c, "BGSAVE", "NOW")
    # Writes go on while the child saves.
    c.set("during", "yes")
    wait_bgsave_done(c)
    assert info(c, "rdb_last_bgsave_status") == "ok"
    assert info(c, "rdb_changes_since_last_save") == 1


# --------------------------------------------------------------------------
# failures: kill -9 of the child, MISCONF
# --------------------------------------------------------------------------

def test_killed_child_sets_err_keeps_old_dump_and_refuses_writes(server_factory):
    s = server_factory("--save", "3600 1")
    c = s.client(decode_responses=True)
    c.set("old", "1")
    assert c.execute_command("SAVE") is True  # redis-py turns +OK into True
    dump = os.path.join(s.dir, "dump.rdb")
    with open(dump, "rb") as f:
        before = f.read()
    mtime = os.stat(dump).st_mtime_ns
    slow_child(c)
    assert reply(c, "BGSAVE") == "Background saving started"
    pid = wait_for(lambda: child_pids(s), what="the child's pid in the log")[-1]
    os.kill(pid, signal.SIGKILL)
    wait_bgsave_done(c)
    assert info(c, "rdb_last_bgsave_status") == "err"
    assert "Background saving terminated by signal 9" in log_text(s)
    with open(dump, "rb") as f:
        assert f.read() == before
    assert os.stat(dump).st_mtime_ns == mtime
    assert temp_files(s.dir) == []
    with pytest.raises(redis.ResponseError) as refused:
        c.set("new", "1")
    assert str(refused.value) == MISCONF
    with pytest.raises(redis.ResponseError) as refused:
        c.ping()
    assert str(refused.value) == MISCONF
    assert c.get("old") == "1"  # reads are served
    # A successful save lifts the refusal.
    c.config_set("rdb-key-save-delay", 0)
    assert reply(c, "BGSAVE") == "Background saving started"
    wait_bgsave_done(c)
    assert info(c, "rdb_last_bgsave_status") == "ok"
    assert c.set("new", "1") is True


def test_misconf_follows_stop_writes_on_bgsave_error_and_save_points(server_factory):
    s = server_factory("--save", "3600 1")
    c = s.client(decode_responses=True)
    slow_child(c)
    reply(c, "BGSAVE")
    os.kill(wait_for(lambda: child_pids(s))[-1], signal.SIGKILL)
    wait_bgsave_done(c)
    with pytest.raises(redis.ResponseError, match="^MISCONF"):
        c.set("k", "v")
    c.config_set("stop-writes-on-bgsave-error", "no")
    assert c.set("k", "v") is True
    c.config_set("stop-writes-on-bgsave-error", "yes")
    with pytest.raises(redis.ResponseError, match="^MISCONF"):
        c.incr("n")
    c.config_set("save", "")
    assert c.incr("n") == 1
    assert c.ping() is True


def test_kill_9_of_the_parent_during_a_save_leaves_a_loadable_dump(server_factory):
    s = server_factory()
    c = s.client(decode_responses=True)
    c.set("kept", "1")
    assert c.execute_command("SAVE") is True  # redis-py turns +OK into True
    slow_child(c)
    reply(c, "BGSAVE")
    pid = wait_for(lambda: child_pids(s))[-1]
    directory = s.dir
    s.proc.kill()
    s.proc.wait()
    s.log.close()
    s.proc = None
    os.kill(pid, signal.SIGKILL)  # the orphaned child would finish its temp file only
    restarted = start_in(directory)
    try:
        assert "DB loaded from disk" in log_text(restarted)
        assert restarted.client().ping() is True
    finally:
        restarted.stop()


# --------------------------------------------------------------------------
# save points
# --------------------------------------------------------------------------

def test_save_points_fire_a_bgsave(server_factory):
    s = server_factory("--save", "1 2")
    c = s.client(decode_responses=True)
    c.set("a", "1")
    time.sleep(2.5)
    assert info(c, "rdb_saves") == 0  # one change is below the save point
    c.set("b", "2")
    wait_for(lambda: info(c, "rdb_saves") == 1, timeout=10, what="the save point's BGSAVE")
    wait_bgsave_done(c)
    assert info(c, "rdb_changes_since_last_save") == 0
    assert os.path.exists(os.path.join(s.dir, "dump.rdb"))
    assert "2 changes in 1 seconds. Saving..." in log_text(s)


def test_config_set_save_points(snapshot_server):
    c = snapshot_server.client(decode_responses=True)
    c.config_set("save", "1 1")
    assert c.config_get("save") == {"save": "1 1"}
    c.set("a", "1")
    wait_for(lambda: info(c, "rdb_saves") == 1, timeout=10, what="the save point's BGSAVE")
    wait_bgsave_done(c)
    c.config_set("save", "")
    c.set("b", "2")
    time.sleep(2.5)
    assert info(c, "rdb_saves") == 1


# --------------------------------------------------------------------------
# FLUSHALL, DEBUG RELOAD, SHUTDOWN, SIGTERM
# --------------------------------------------------------------------------

def test_flushall_kills_a_bgsave_and_saves_with_save_points(server_factory):
    s = server_factory("--save", "3600 1")
    c = s.client(decode_responses=True)
    slow_child(c, keys=10)
    assert reply(c, "BGSAVE") == "Background saving started"
    pid = wait_for(lambda: child_pids(s))[-1]
    assert c.flushall() is True
    wait_for(lambda: "Background saving terminated by signal 10" in log_text(s), timeout=5,
             what="the kill in the log")
    wait_for(lambda: not process_exists(pid), timeout=5, what="the child to be gone")
    wait_bgsave_done(c, timeout=5)
    assert info(c, "rdb_last_bgsave_status") == "ok"  # a child we stopped is not a failure
    assert os.path.exists(os.path.join(s.dir, "dump.rdb"))
    assert temp_files(s.dir) == []
    # FLUSHALL's own save covered everything (Redis 7.0.15 leaves 0 here).
    assert info(c, "rdb_changes_since_last_save") == 0


def test_debug_reload(snapshot_server):
    c = snapshot_server.client(decode_responses=True)
    assert c.execute_command("DEBUG", "RELOAD") == "OK"
    assert os.path.exists(os.path.join(snapshot_server.dir, "dump.rdb"))
    assert "DB reloaded by DEBUG RELOAD" in log_text(snapshot_server)
    with pytest.raises(redis.ResponseError, match="only supports the MERGE, NOFLUSH and NOSAVE options"):
        c.execute_command("DEBUG", "RELOAD", "NOW")


def test_shutdown_nosave_with_save_points_writes_nothing(server_factory):
    s = server_factory("--save", "3600 1")
    c = s.client(decode_responses=True)
    c.set("a", "1")
    shutdown(c, "NOSAVE")
    assert wait_exit(s) == 0
    assert not os.path.exists(os.path.join(s.dir, "dump.rdb"))


def test_shutdown_kills_a_running_bgsave(server_factory):
    s = server_factory()
    c = s.client(decode_responses=True)
    slow_child(c)
    reply(c, "BGSAVE")
    pid = wait_for(lambda: child_pids(s))[-1]
    shutdown(c, "NOSAVE")
    assert wait_exit(s) == 0
    assert "There is a child saving an .rdb. Killing it!" in log_text(s)
    wait_for(lambda: not process_exists(pid), timeout=5, what="the child to be gone")
    assert temp_files(s.dir) == []


def test_shutdown_save_without_save_points_saves(server_factory):
    s = server_factory()
    c = s.client(decode_responses=True)
    shutdown(c, "SAVE")
    assert wait_exit(s) == 0
    assert os.path.exists(os.path.join(s.dir, "dump.rdb"))
    assert "Saving the final RDB snapshot before exiting." in log_text(s)


def test_shutdown_refused_when_the_final_save_fails(server_factory):
    s = server_factory("--save", "3600 1")
    c = s.client(decode_responses=True)
    os.makedirs(os.path.join(s.dir, "dump.rdb", "in-the-way"))
    with pytest.raises(redis.ResponseError, match="^Errors trying to SHUTDOWN. Check logs.$"):
        c.execute_command("SHUTDOWN")
    assert c.ping() is True
    shutdown(c, "FORCE")
    assert wait_exit(s) == 0


def test_sigterm_saves_with_save_points(server_factory):
    s = server_factory("--save", "3600 1")
    c = s.client(decode_responses=True)
    c.set("a", "1")
    s.proc.send_signal(signal.SIGTERM)
    assert wait_exit(s) == 0
    assert os.path.exists(os.path.join(s.dir, "dump.rdb"))
    log = log_text(s)
    assert "Saving the final RDB snapshot before exiting." in log
    assert "DB saved on disk" in log


# --------------------------------------------------------------------------
# loading at start
# --------------------------------------------------------------------------

def test_start_loads_a_dump_redis_wrote(tmp_path):
    reference = ServerProcess(REFERENCE_BIN, shards=None).start()
    try:
        assert reference.client().execute_command("SAVE") in (True, b"OK", "OK")
        with open(os.path.join(reference.dir, "dump.rdb"), "rb") as f:
            dump = f.read()
    finally:
        reference.stop()
    directory = str(tmp_path / "server")
    os.makedirs(directory)
    with open(os.path.join(directory, "dump.rdb"), "wb") as f:
        f.write(dump)
    restarted = start_in(directory)
    try:
        log = log_text(restarted)
        assert "Loading RDB produced by version 7.0" in log
        assert re.search(r"RDB age \d+ seconds", log)
        assert "Done loading RDB, keys loaded: 0, keys expired: 0." in log
        assert re.search(r"DB loaded from disk: \d+\.\d{3} seconds", log)
        assert restarted.client().dbsize() == 0
    finally:
        restarted.stop()


def test_start_with_a_corrupt_dump_exits_1(tmp_path):
    (tmp_path / "dump.rdb").write_bytes(b"NOT AN RDB FILE AT ALL")
    args = [SERVER_BIN, "--port", str(free_port()), "--bind", "127.0.0.1", "--dir", str(tmp_path), "--save", ""]
    if not IS_REAL_REDIS:
        args += ["--shards", str(DEFAULT_SHARDS)]
    result = subprocess.run(args, cwd=tmp_path, capture_output=True, timeout=30)
    assert result.returncode == 1
    assert b"Fatal error loading the DB" in result.stdout + result.stderr


# --------------------------------------------------------------------------
# restart keeps the data (needs the real RDB writer)
# --------------------------------------------------------------------------

def test_restart_after_bgsave_keeps_the_data(server_factory):
    s = server_factory()
    c = s.client(decode_responses=True)
    c.mset({f"key:{index}": f"value:{index}" for index in range(1000)})
    c.rpush("list", "a", "b")
    c.set("volatile", "x", ex=1000)
    reply(c, "BGSAVE")
    wait_bgsave_done(c)
    directory = s.dir
    s.proc.kill()
    s.proc.wait()
    s.log.close()
    s.proc = None
    restarted = start_in(directory)
    try:
        r = restarted.client(decode_responses=True)
        assert r.dbsize() == 1002
        assert r.get("key:999") == "value:999"
        assert r.lrange("list", 0, -1) == ["a", "b"]
        assert r.ttl("volatile") > 900
        assert "Done loading RDB, keys loaded: 1002, keys expired: 0." in log_text(restarted)
    finally:
        restarted.stop()


def test_restart_after_shutdown_keeps_the_data(server_factory):
    s = server_factory("--save", "3600 1")
    c = s.client(decode_responses=True)
    c.mset({f"key:{index}": index for index in range(500)})
    shutdown(c)
    assert wait_exit(s) == 0
    restarted = start_in(s.dir)
    try:
        assert restarted.client().dbsize() == 500
    finally:
        restarted.stop()


def test_kill_9_of_the_parent_keeps_the_last_saved_data(server_factory):
    s = server_factory()
    c = s.client(decode_responses=True)
    c.mset({f"key:{index}": index for index in range(100)})
    assert c.execute_command("SAVE") is True  # redis-py turns +OK into True
    c.mset({f"later:{index}": index for index in range(10)})
    c.config_set("rdb-key-save-delay", 300_000)
    reply(c, "BGSAVE")
    pid = wait_for(lambda: child_pids(s))[-1]
    s.proc.kill()
    s.proc.wait()
    s.log.close()
    s.proc = None
    os.kill(pid, signal.SIGKILL)
    restarted = start_in(s.dir)
    try:
        assert restarted.client().dbsize() == 100
    finally:
        restarted.stop()


def test_clients_get_loading_while_the_dump_loads(server_factory):
    s = server_factory()
    c = s.client(decode_responses=True)
    c.mset({f"key:{index}": index for index in range(1000)})
    assert c.execute_command("SAVE") is True  # redis-py turns +OK into True
    directory = s.dir
    s.proc.kill()
    s.proc.wait()
    s.log.close()
    s.proc = None
    # Started by hand: ServerProcess.start waits for PONG, which the load holds back.
    port = free_port()
    args = [SERVER_BIN, "--port", str(port), "--bind", "127.0.0.1", "--dir", directory, "--save", "",
            "--key-load-delay", "3000"]
    if IS_REAL_REDIS:
        # Redis serves clients between chunks of the load; make the chunks small.
        args += ["--loading-process-events-interval-bytes", "1024"]
    else:
        args += ["--shards", str(DEFAULT_SHARDS)]
    with open(os.path.join(directory, "restart.log"), "wb") as log:
        proc = subprocess.Popen(args, cwd=directory, stdout=log, stderr=subprocess.STDOUT)
    try:
        # No retries: redis-py would otherwise retry -LOADING (a ConnectionError to it) away.
        r = redis.Redis(port=port, decode_responses=True, socket_timeout=10, retry=Retry(NoBackoff(), 0))

        def loading_reply():
            try:
                r.get("key:1")
            except redis.exceptions.BusyLoadingError:
                return True
            except redis.exceptions.ConnectionError:
                return False
            raise AssertionError("GET answered before the load ended")

        wait_for(loading_reply, timeout=20, what="-LOADING")
        fields = r.info("persistence")
        assert fields["loading"] == 1
        assert 0 <= fields["loading_loaded_perc"] <= 100
        with pytest.raises(redis.exceptions.BusyLoadingError):
            r.ping()

        def loaded():
            try:
                return r.ping()
            except redis.exceptions.BusyLoadingError:
                return False

        wait_for(loaded, timeout=30, what="the load to end")
        assert r.dbsize() == 1000
        assert r.info("persistence")["loading"] == 0
    finally:
        proc.kill()
        proc.wait()


def test_debug_reload_keeps_the_data(snapshot_server):
    c = snapshot_server.client(decode_responses=True)
    c.mset({f"key:{index}": index for index in range(100)})
    c.hset("hash", mapping={"f": "v"})
    assert c.execute_command("DEBUG", "RELOAD") == "OK"
    assert c.dbsize() == 101
    assert c.hget("hash", "f") == "v"


# --------------------------------------------------------------------------
# BGSAVE under load: no hang, and each snapshot is one instant
# --------------------------------------------------------------------------

class Writers:
    """One client writes seq:0, seq:1, ... (each acknowledged before the next, keys on every
    shard); others write random keys. A snapshot of one instant holds exactly a prefix."""

    def __init__(self, s: ServerProcess, noise_clients: int = 2):
        self.server = s
        self.stop = threading.Event()
        self.written = 0
        self.errors: list[BaseException] = []
        self.threads = [threading.Thread(target=self.sequence, daemon=True)]
        self.threads += [threading.Thread(target=self.noise, args=(n,), daemon=True) for n in range(noise_clients)]

    def __enter__(self):
        for thread in self.threads:
            thread.start()
        return self

    def __exit__(self, *exc):
        self.stop.set()
        for thread in self.threads:
            thread.join(timeout=30)
        assert not self.errors, self.errors

    def sequence(self):
        try:
            c = self.server.client()
            while not self.stop.is_set():
                c.set(f"seq:{self.written}", self.written)
                self.written += 1
        except BaseException as e:  # noqa: BLE001
            self.errors.append(e)

    def noise(self, number: int):
        try:
            c = self.server.client()
            rng = random.Random(number)
            while not self.stop.is_set():
                pipe = c.pipeline(transaction=False)
                for _ in range(16):
                    pipe.set(f"noise:{rng.randrange(10_000)}", rng.randrange(1 << 30))
                pipe.execute()
        except BaseException as e:  # noqa: BLE001
            self.errors.append(e)


def bgsave_many_times(s: ServerProcess, times: int, keep_copies: bool):
    """BGSAVE `times` times while Writers run; each must start and end well (a watchdog of
    30 s per save). Returns the snapshot copies when asked."""
    c = s.client(decode_responses=True)
    copies = []
    with Writers(s) as writers:
        for attempt in range(times):
            wait_for(lambda: writers.written > attempt, timeout=30, what="the writers to progress")
            assert reply(c, "BGSAVE") == "Background saving started"
            wait_bgsave_done(c, timeout=30)
            assert info(c, "rdb_last_bgsave_status") == "ok", f"BGSAVE {attempt} failed"
            if keep_copies:
                copy = os.path.join(s.dir, f"snapshot-{attempt}.rdb")
                os.link(os.path.join(s.dir, "dump.rdb"), copy)
                copies.append(copy)
    assert info(c, "total_forks") == times
    return copies


@pytest.mark.slow
@pytest.mark.timeout(600)
def test_bgsave_200_times_while_clients_write_never_hangs(server_factory):
    s = server_factory()
    bgsave_many_times(s, 200, keep_copies=False)
    assert s.client().ping() is True


@pytest.mark.slow
@pytest.mark.timeout(900)
def test_bgsave_snapshots_each_hold_a_prefix_of_the_sequence(server_factory):
    s = server_factory()
    copies = bgsave_many_times(s, 200, keep_copies=True)
    checker = server_factory("--enable-debug-command", "yes")
    r = checker.client(decode_responses=True)
    previous = -1
    for copy in copies:
        os.replace(copy, os.path.join(checker.dir, "dump.rdb"))
        assert r.execute_command("DEBUG", "RELOAD", "NOSAVE") == "OK"
        present = sorted(int(key.split(":")[1]) for key in r.scan_iter("seq:*", count=1000))
        count = len(present)
        assert present == list(range(count)), f"{copy}: not a prefix (has {count} items, max {present[-1] if present else None})"
        assert count >= previous, "a later snapshot holds fewer items"
        previous = count
