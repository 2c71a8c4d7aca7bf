"""The load-generator agreement verdict: judged only where the server sets the pace."""
from benchkit.loadgen_check import LoadgenCheckRow
from benchkit.report import loadgen_check_table


def row(rb_rps, tl_rps, rb_cpu):
    return LoadgenCheckRow("get-P16", "tessera", rb_rps, tl_rps, rb_cpu, 40.0)


def test_rows_within_ten_percent_pass_and_others_fail_when_the_server_is_the_limit():
    assert row(100_000, 109_000, 60.0).verdict == "PASS"
    assert row(100_000, 91_000, 60.0).verdict == "PASS"
    assert row(100_000, 111_000, 60.0).verdict == "FAIL"


def test_a_saturated_redis_benchmark_makes_the_row_client_bound_not_a_failure():
    bound = row(50_000, 70_000, 93.0)
    assert bound.client_bound and not bound.passed
    assert bound.verdict == "client-bound"
    assert bound.to_dict()["verdict"] == "client-bound"


def test_the_table_shows_both_tools_cpu_and_the_verdict():
    table = loadgen_check_table([row(100_000, 105_000, 61.0), row(50_000, 70_000, 93.0)])
    assert "61%" in table and "93%" in table
    assert "| PASS" in table and "| client-bound" in table
