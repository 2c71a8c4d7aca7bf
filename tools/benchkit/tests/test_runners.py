"""How the load tools are invoked for a workload."""
from types import SimpleNamespace

from benchkit.runners import RedisBenchmarkRunner, RunLength, Target, TesseraLoadRunner
from benchkit.workloads import by_name

SERVER = SimpleNamespace(port=7777)


def test_redis_benchmark_gets_the_workload_s_shape_and_a_request_count():
    argv = RedisBenchmarkRunner().argv(by_name(["get-P16-c1"])[0], Target(SERVER, (1,)), 123456)
    assert argv[:3] == ["redis-benchmark", "-h", "127.0.0.1"]
    flags = dict(zip(argv[3::2], argv[4::2]))
    assert flags == {"-p": "7777", "-c": "1", "-P": "16", "-n": "123456", "-r": "100000", "-d": "3",
                     "-t": "get"}


def test_redis_benchmark_uses_threads_only_with_several_load_cpus_and_connections():
    runner = RedisBenchmarkRunner()
    assert "--threads" not in runner.argv(by_name(["set-P1"])[0], Target(SERVER, (1,)), 10)
    argv = runner.argv(by_name(["set-P1"])[0], Target(SERVER, (4, 5, 6)), 10)
    assert argv[argv.index("--threads") + 1] == "3"
    assert "--threads" not in runner.argv(by_name(["set-P16-c1"])[0], Target(SERVER, (4, 5, 6)), 10)


def test_tessera_load_runs_for_a_duration_or_a_count_and_prints_json():
    runner = TesseraLoadRunner("/bin/tessera-load")
    workload = by_name(["get:set-10:1-512B"])[0]
    timed = runner.argv(workload, Target(SERVER, (1,)), RunLength(seconds=6.0))
    assert timed[0] == "/bin/tessera-load" and "--json" in timed
    assert timed[timed.index("--duration") + 1] == "6" and "-n" not in timed
    assert timed[timed.index("-d") + 1] == "512" and timed[timed.index("-r") + 1] == "1000000"
    assert timed[-6:] == list(workload.args)
    counted = runner.argv(workload, Target(SERVER, (1, 2)), RunLength(requests=5000))
    assert counted[counted.index("-n") + 1] == "5000" and "--duration" not in counted
    assert counted[counted.index("--threads") + 1] == "2"


def test_a_fixed_request_count_skips_calibration():
    workload = by_name(["set-P1"])[0]
    assert RedisBenchmarkRunner().length(workload, Target(SERVER, (1,)), 6.0, 5000) == RunLength(requests=5000)
    assert TesseraLoadRunner("x").length(workload, Target(SERVER, (1,)), 6.0, None) == RunLength(seconds=6.0)
