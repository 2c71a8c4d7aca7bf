"""Concurrent clients: multi-key commands must be atomic even when their keys live on
different shards (keys k1..k20 carry no hash tags, so they spread over all shards).

Each scenario runs writers and readers in threads for a couple of seconds; a reader
must never observe a mix of two writes."""

import threading
import time

import pytest

KEYS = [f"k{i}" for i in range(1, 21)]
DURATION = 1.5


def run_threads(targets, duration=DURATION):
    """Run callables(stop_event) in threads for `duration` s; re-raise the first failure."""
    stop = threading.Event()
    errors = []

    def wrap(fn):
        def body():
            try:
                fn(stop)
            except BaseException as e:  # noqa: BLE001 - report everything
                errors.append(e)
                stop.set()
        return body

    threads = [threading.Thread(target=wrap(t), daemon=True) for t in targets]
    for t in threads:
        t.start()
    stop.wait(duration)
    stop.set()
    for t in threads:
        t.join(30)
        assert not t.is_alive(), "worker thread hung (server stopped answering?)"
    if errors:
        raise errors[0]


def run_parallel(fn, args_list):
    """Run fn(*args) in one thread per args tuple; re-raise the first exception."""
    errors = []

    def body(args):
        try:
            fn(*args)
        except BaseException as e:  # noqa: BLE001
            errors.append(e)

    threads = [threading.Thread(target=body, args=(a,), daemon=True) for a in args_list]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
        assert not t.is_alive(), "worker thread hung (server stopped answering?)"
    if errors:
        raise errors[0]


def test_mset_is_atomic_across_shards(clean):
    init = clean.client()
    init.mset({k: "0" for k in KEYS})
    stats = {"reads": 0, "writes": 0}

    def writer(wid):
        def run(stop):
            c = clean.client()
            n = 0
            while not stop.is_set():
                n += 1
                g = f"{wid}:{n}"
                assert c.mset({k: g for k in KEYS}) is True
                stats["writes"] += 1
        return run

    def reader(stop):
        c = clean.client()
        while not stop.is_set():
            vals = c.mget(KEYS)
            assert len(set(vals)) == 1, f"MGET saw a mix of MSETs: {vals}"
            stats["reads"] += 1

    run_threads([writer(w) for w in range(4)] + [reader for _ in range(4)])
    assert stats["writes"] > 100 and stats["reads"] > 100, stats


def test_msetnx_and_multi_key_del_are_atomic_across_shards(clean):
    wins = []

    def writer(wid):
        def run(stop):
            c = clean.client()
            n = 0
            while not stop.is_set():
                n += 1
                if c.msetnx({k: f"{wid}:{n}" for k in KEYS}):
                    wins.append(1)
                    deleted = c.delete(*KEYS)
                    # another writer may only set the keys after this DEL, so it removed 20
                    assert deleted == len(KEYS), f"DEL removed {deleted} keys"
        return run

    def reader(stop):
        c = clean.client()
        while not stop.is_set():
            vals = c.mget(KEYS)
            assert len(set(vals)) == 1, f"MGET saw a partial MSETNX/DEL: {vals}"
            n = c.exists(*KEYS)
            assert n in (0, len(KEYS)), f"EXISTS counted {n} keys"

    run_threads([writer(w) for w in range(4)] + [reader for _ in range(3)])
    assert len(wins) > 20


def test_concurrent_msetnx_on_the_same_keys_has_one_winner(clean):
    for round_ in range(30):
        clean.client().delete(*KEYS)
        results = []
        barrier = threading.Barrier(8)

        def contender(i):
            c = clean.client()
            barrier.wait(timeout=30)
            results.append((i, c.msetnx({k: f"r{round_}:{i}" for k in KEYS})))

        run_parallel(contender, [(i,) for i in range(8)])
        winners = [i for i, ok in results if ok]
        assert len(winners) == 1, results
        assert set(clean.client().mget(KEYS)) == {f"r{round_}:{winners[0]}".encode()}


def test_rename_is_atomic_across_shards(clean):
    pairs = [(f"src{i}", f"dst{i}") for i in range(8)]
    init = clean.client()
    for s, _ in pairs:
        init.set(s, "payload")

    def mover(stop):
        c = clean.client()
        while not stop.is_set():
            for s, d in pairs:
                c.rename(s, d)
            for s, d in pairs:
                c.rename(d, s)

    def reader(stop):
        c = clean.client()
        while not stop.is_set():
            for s, d in pairs:
                vals = c.mget(s, d)
                assert sorted(vals, key=lambda v: v is None) == [b"payload", None], \
                    f"RENAME {s}->{d} observed half-done: {vals}"
                assert c.exists(s, d) == 1

    run_threads([mover] + [reader for _ in range(3)])


def test_renamenx_races_have_exactly_one_winner(clean):
    c = clean.client()
    for round_ in range(50):
        c.delete("target")
        c.mset({f"cand{i}": f"{round_}:{i}" for i in range(6)})
        results = []
        barrier = threading.Barrier(6)

        def contender(i):
            cc = clean.client()
            barrier.wait(timeout=30)
            results.append((i, cc.renamenx(f"cand{i}", "target")))

        run_parallel(contender, [(i,) for i in range(6)])
        winners = [i for i, ok in results if ok]
        assert len(winners) == 1, results
        assert c.get("target") == f"{round_}:{winners[0]}".encode()
        assert c.exists(*[f"cand{i}" for i in range(6)]) == 5


def test_concurrent_incr_loses_no_updates(clean):
    per_thread, nthreads = 2000, 8

    def worker():
        c = clean.client()
        p = c.pipeline(transaction=False)
        for _ in range(per_thread):
            p.incr("counter")
            p.incrby("counter2", 3)
            p.append("log", "x")
        p.execute()

    run_parallel(worker, [()] * nthreads)
    c = clean.client()
    assert int(c.get("counter")) == per_thread * nthreads
    assert int(c.get("counter2")) == 3 * per_thread * nthreads
    assert c.strlen("log") == per_thread * nthreads


def test_setnx_lock_has_one_owner_at_a_time(clean):
    owners = []
    holders = [0]
    lock = threading.Lock()

    def worker(wid):
        def run(stop):
            c = clean.client()
            while not stop.is_set():
                if c.set("lock", wid, nx=True, px=5000):
                    with lock:
                        holders[0] += 1
                        assert holders[0] == 1, "two clients hold the SET NX lock"
                    owners.append(wid)
                    assert c.get("lock") == str(wid).encode()
                    with lock:
                        holders[0] -= 1
                    assert c.delete("lock") == 1
        return run

    run_threads([worker(w) for w in range(6)], duration=1.0)
    assert len(owners) > 10


def test_copy_and_getdel_are_atomic_across_shards(clean):
    c0 = clean.client()
    c0.set("origin", "v0")

    def copier(stop):
        c = clean.client()
        n = 0
        while not stop.is_set():
            n += 1
            c.set("origin", f"v{n}")
            c.copy("origin", "copy", replace=True)

    def taker(stop):
        c = clean.client()
        while not stop.is_set():
            v = c.getdel("copy")
            if v is not None:
                assert v.startswith(b"v")

    def reader(stop):
        c = clean.client()
        while not stop.is_set():
            v = c.get("copy")
            assert v is None or v.startswith(b"v"), v

    run_threads([copier, taker, reader], duration=1.0)


def test_many_clients_with_pipelines_get_their_own_replies(clean):
    def worker(wid):
        c = clean.client()
        for rnd in range(20):
            p = c.pipeline(transaction=False)
            for i in range(50):
                p.set(f"w{wid}:{i}", f"{wid}:{rnd}:{i}")
                p.get(f"w{wid}:{i}")
            out = p.execute()
            assert out[1::2] == [f"{wid}:{rnd}:{i}".encode() for i in range(50)]

    run_parallel(worker, [(w,) for w in range(16)])
    assert clean.client().dbsize() == 16 * 50


@pytest.mark.parametrize("shards", [1, 3, 8])
def test_multi_key_commands_work_with_any_shard_count(server_factory, shards):
    s = server_factory(shards=shards)
    c = s.client()
    mapping = {f"key:{i}": str(i) for i in range(200)}
    assert c.mset(mapping) is True
    assert c.mget(list(mapping)) == [v.encode() for v in mapping.values()]
    assert c.dbsize() == 200
    assert sorted(c.keys("key:1*")) == sorted(k.encode() for k in mapping if k.startswith("key:1"))
    assert c.exists(*mapping) == 200
    assert c.msetnx({"key:0": "x", "fresh": "y"}) is False
    assert c.rename("key:0", "renamed") is True
    assert c.copy("renamed", "copied") is True
    assert c.delete(*mapping) == 199
    assert sorted(c.keys("*")) == [b"copied", b"renamed"]

    init = s.client()
    init.mset({k: "0" for k in KEYS})

    def writer(stop):
        w = s.client()
        n = 0
        while not stop.is_set():
            n += 1
            w.mset({k: str(n) for k in KEYS})

    def reader(stop):
        rd = s.client()
        while not stop.is_set():
            vals = rd.mget(KEYS)
            assert len(set(vals)) == 1, vals

    run_threads([writer, writer, reader, reader], duration=0.5)
