"""The load-generator agreement verdict: requests/s where the server sets the pace; where
redis-benchmark saturates its core, tessera-load at redis-benchmark's rate must match both its
requests/s and the server's CPU per request."""
from benchkit.loadgen_check import CheckRound, LoadgenCheckRow, ToolRun, at_rate
from benchkit.report import loadgen_check_table
from benchkit.workloads import as_tessera_load, by_name


def one_round(rb_rps, tl_rps, rb_cpu, rb_us=0.0, tl_us=0.0):
    return CheckRound(ToolRun(rb_rps, rb_cpu, rb_us), ToolRun(tl_rps, 40.0, tl_us))


def row(*args, **kwargs):
    return LoadgenCheckRow("get-P16", "tessera", (one_round(*args, **kwargs),))


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


def test_the_verdict_is_on_each_rounds_pair_not_on_medians_taken_across_rounds():
    # Noise slowed redis-benchmark in round 1 and tessera-load in round 3: each round's pair
    # still agrees, although the two tools' medians (55k against 34k) do not.
    noisy = LoadgenCheckRow("set-P1", "tessera", (one_round(30_000, 31_000, 60.0),
                                                  one_round(55_000, 57_000, 60.0),
                                                  one_round(56_000, 34_000, 60.0)))
    assert noisy.redis_benchmark.rps == 55_000 and noisy.tessera_load.rps == 34_000
    assert abs(noisy.ratio - 31 / 30) < 1e-9
    assert noisy.verdict == "PASS"
    # Two rounds out of three where tessera-load fell short fail the row.
    assert LoadgenCheckRow("set-P1", "tessera", (one_round(50_000, 50_000, 60.0),
                                                 one_round(50_000, 40_000, 60.0),
                                                 one_round(50_000, 42_500, 60.0))).verdict == "FAIL"


def test_the_cpu_comparison_takes_the_median_over_rounds_that_measured_it():
    rounds = (one_round(50_000, 50_000, 93.0, 14.0, 14.2), one_round(50_000, 50_000, 93.0),
              one_round(50_000, 50_000, 93.0, 14.0, 20.0), one_round(50_000, 50_000, 93.0, 14.0, 13.9))
    assert LoadgenCheckRow("set-P1", "tessera", rounds).server_cpu_ratio == 14.2 / 14.0
    assert LoadgenCheckRow("set-P1", "tessera", rounds).to_dict()["rounds"][1]["server_cpu_ratio"] is None


def test_the_check_runs_at_least_five_rounds_except_in_the_smoke_run():
    from benchkit.cli import _settings, parse_arguments
    assert _settings(parse_arguments(["--check-loadgen"])).check_repeat == 5
    assert _settings(parse_arguments(["--check-loadgen", "--repeat", "7"])).check_repeat == 7
    assert _settings(parse_arguments(["--check-loadgen"])).repeat == 3
    assert _settings(parse_arguments(["--smoke"])).check_repeat == 1
