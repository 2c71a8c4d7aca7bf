"""The workload definitions and their derived forms."""
import pytest

from benchkit.runners import runners_for
from benchkit.workloads import (REDIS_BENCHMARK, TESSERA_LOAD, WORKLOADS, as_tessera_load, by_name)


def test_names_are_unique_and_free_of_commas_so_workloads_can_select_them():
    names = [w.name for w in WORKLOADS]
    assert len(names) == len(set(names))
    assert not any("," in name or " " in name for name in names)


def test_every_workload_has_a_runner_and_names_the_commands_it_needs():
    runners = runners_for("tessera-load")
    for workload in WORKLOADS:
        assert workload.tool in runners
        assert workload.needs


def test_workloads_that_read_keys_load_their_whole_key_space_first():
    for workload in WORKLOADS:
        reads = "get" in workload.needs
        if reads:
            assert workload.preload is not None, workload.name
            assert workload.preload.keys >= workload.keyspace
            assert workload.preload.value_size == workload.value_size


def test_the_issue_s_workloads_are_all_defined():
    names = {w.name for w in WORKLOADS}
    for test in ("set", "get"):
        assert {f"{test}-P1", f"{test}-P16", f"{test}-P64", f"{test}-P16-c1"} <= names
    mix = by_name(["get:set-10:1-512B"])[0]
    assert (mix.keyspace, mix.value_size, mix.tool) == (1_000_000, 512, TESSERA_LOAD)
    assert mix.args[-2:] == ("--weights", "10,1")
    mset = by_name(["mset-10keys"])[0]
    assert mset.args[1].split().count("key:__key__") == 10


def test_by_name_is_case_insensitive_and_rejects_unknown_names():
    assert [w.name for w in by_name(["SET-p16", "get-P1"])] == ["get-P1", "set-P16"]
    with pytest.raises(ValueError, match="no-such"):
        by_name(["no-such"])


def test_scaled_down_caps_the_key_space_and_the_preload():
    mix = by_name(["get:set-10:1-512B"])[0].scaled_down(10_000)
    assert mix.keyspace == 10_000 and mix.preload.keys == 10_000
    assert by_name(["set-P1"])[0].scaled_down(10_000).preload is None


def test_tessera_load_equivalent_sends_redis_benchmark_s_own_commands():
    get = as_tessera_load(by_name(["get-P16"])[0])
    assert get.tool == TESSERA_LOAD
    assert get.args == ("--command", "GET key:__key__")
    assert (get.connections, get.pipeline, get.keyspace, get.preload) == (50, 16, 100_000, by_name(["get-P16"])[0].preload)
    assert as_tessera_load(by_name(["set-P1"])[0]).args == ("--command", "SET key:__key__ __value__")
    with pytest.raises(ValueError):
        as_tessera_load(by_name(["lpush-P16"])[0])
    assert by_name(["lpush-P16"])[0].tool == REDIS_BENCHMARK
