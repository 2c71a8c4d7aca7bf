"""The load-generator agreement verdict: requests/s where the server sets the pace, the
server's CPU per request where redis-benchmark saturates its core."""
from benchkit.loadgen_check import LoadgenCheckRow
from benchkit.report import loadgen_check_table


def row(rb_rps, tl_rps, rb_cpu, rb_us=0.0, tl_us=0.0):
    return LoadgenCheckRow("get-P16", "tessera", rb_rps, tl_rps, rb_cpu, 40.0, rb_us, tl_us)


def test_rows_within_ten_percent_pass_and_others_fail_when_the_server_is_the_limit():
    assert row(100_000, 109_000, 60.0).verdict == "PASS"
    assert row(100_000, 91_000, 60.0).verdict == "PASS"
    assert row(100_000, 111_000, 60.0).verdict == "FAIL"


def test_a_saturated_redis_benchmark_is_judged_by_the_servers_cpu_per_request():
    bound = row(50_000, 70_000, 93.0, rb_us=14.0, tl_us=13.0)
    assert bound.client_bound and bound.passed
    assert bound.verdict == "PASS (CPU/req)"
    assert row(50_000, 70_000, 93.0, rb_us=14.0, tl_us=16.0).verdict == "FAIL (CPU/req)"
    # Requests/s within 10% does not rescue a row whose server work per request differs.
    assert row(50_000, 51_000, 93.0, rb_us=14.0, tl_us=20.0).verdict == "FAIL (CPU/req)"


def test_a_saturated_row_without_server_cpu_figures_is_only_client_bound():
    bound = row(50_000, 70_000, 93.0)
    assert bound.client_bound and not bound.passed
    assert bound.verdict == "client-bound"
    assert bound.to_dict()["verdict"] == "client-bound"


def test_the_table_shows_both_tools_cpu_and_the_verdict():
    table = loadgen_check_table([row(100_000, 105_000, 61.0), row(50_000, 70_000, 93.0, 14.0, 13.3)])
    assert "61%" in table and "93%" in table
    assert " 14.00 |" in table and " 13.30 |" in table and " 0.950 |" in table
    assert "| PASS " in table and "| PASS (CPU/req)" in table
