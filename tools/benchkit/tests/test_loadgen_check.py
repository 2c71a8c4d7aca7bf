"""The load-generator agreement verdict: requests/s where the server sets the pace; where
redis-benchmark saturates its core, tessera-load at redis-benchmark's rate must match both its
requests/s and the server's CPU per request."""
from benchkit.loadgen_check import LoadgenCheckRow, at_rate
from benchkit.report import loadgen_check_table
from benchkit.workloads import as_tessera_load, by_name


def row(rb_rps, tl_rps, rb_cpu, rb_us=0.0, tl_us=0.0):
    return LoadgenCheckRow("get-P16", "tessera", rb_rps, tl_rps, rb_cpu, 40.0, rb_us, tl_us)


def test_rows_within_ten_percent_pass_and_others_fail_when_the_server_is_the_limit():
    assert row(100_000, 109_000, 60.0).verdict == "PASS"
    assert row(100_000, 91_000, 60.0).verdict == "PASS"
    assert row(100_000, 111_000, 60.0).verdict == "FAIL"


def test_a_saturated_redis_benchmark_is_met_at_its_rate_on_both_figures():
    # tessera-load ran open loop at redis-benchmark's rate: it must hold it and load the server alike.
    bound = row(50_000, 49_000, 93.0, rb_us=14.0, tl_us=13.0)
    assert bound.client_bound and bound.passed
    assert bound.verdict == "PASS (at its rate)"
    assert bound.to_dict()["verdict"] == "PASS (at its rate)"
    assert row(50_000, 40_000, 93.0, rb_us=14.0, tl_us=14.0).verdict == "FAIL (at its rate)"
    assert row(50_000, 50_000, 93.0, rb_us=14.0, tl_us=16.0).verdict == "FAIL (at its rate)"
    assert row(50_000, 50_000, 93.0).verdict == "FAIL (at its rate)"


def test_a_client_bound_round_drives_tessera_load_at_redis_benchmarks_rate():
    workload = as_tessera_load(by_name(["set-P1"])[0])
    assert at_rate(workload, 51_980.4).args[-2:] == ("--rate", "51980")
    assert at_rate(workload, 51_980.4).args[:-2] == workload.args


def test_the_table_shows_both_tools_cpu_and_the_verdict():
    table = loadgen_check_table([row(100_000, 105_000, 61.0), row(50_000, 51_000, 93.0, 14.0, 13.3)])
    assert "61%" in table and "93%" in table
    assert " 14.00 |" in table and " 13.30 |" in table and " 0.950 |" in table
    assert "| PASS " in table and "| PASS (at its rate)" in table
