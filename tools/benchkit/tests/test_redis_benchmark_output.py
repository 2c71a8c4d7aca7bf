"""redis-benchmark's report parser, on output captured from redis-benchmark 7.0.15."""
from pathlib import Path

import pytest

from benchkit.redis_benchmark_output import (BenchmarkOutputError, parse_reports, parse_single_report,
                                             percentile_from_distribution)

SAMPLES = Path(__file__).parent / "samples"


def sample(name: str) -> str:
    return (SAMPLES / name).read_text()


def test_reads_request_count_throughput_and_summary_percentiles():
    report = parse_single_report(sample("set-redis-c50-p1.txt"))
    assert report.test == "SET"
    assert report.requests == 20000
    assert report.seconds == 0.63
    assert report.rps == 31746.03
    assert report.p50_ms == 0.975
    assert report.p99_ms == 1.655


def test_p999_is_interpolated_between_the_percentile_lines_around_it():
    # 99.805% <= 13.311 ms and 99.902% <= 13.711 ms bracket 99.9%.
    report = parse_single_report(sample("set-redis-c50-p1.txt"))
    assert report.p999_ms == pytest.approx(13.311 + 0.4 * (99.9 - 99.805) / (99.902 - 99.805))


def test_cumulative_distribution_lines_are_not_taken_for_percentiles():
    # The "Cumulative distribution" block has the same line format; its 99.995% <= 14.103 ms
    # line would move p99.9 if it were read.
    report = parse_single_report(sample("set-redis-c50-p1.txt"))
    assert report.p999_ms < 13.711


def test_several_tests_in_one_run_give_one_report_each_in_order():
    reports = parse_reports(sample("set-get-tessera-c50-p16.txt"))
    assert [r.test for r in reports] == ["SET", "GET"]
    assert all(r.requests == 20000 for r in reports)
    assert reports[0].rps != reports[1].rps


def test_single_report_refuses_output_with_two_tests():
    with pytest.raises(BenchmarkOutputError, match="found 2"):
        parse_single_report(sample("set-get-tessera-c50-p16.txt"))


def test_multi_threaded_output_is_read_too():
    report = parse_single_report(sample("get-redis-threads2.txt"))
    assert report.test == "GET"
    assert report.requests == 20000
    assert report.p999_ms is not None and report.p999_ms >= report.p99_ms


def test_server_error_is_the_reason_given_when_there_is_no_report():
    with pytest.raises(BenchmarkOutputError, match="unknown command 'LPUSH'"):
        parse_reports(sample("lpush-tessera-unknown-command.txt"))


def test_output_cut_before_the_summary_is_an_error():
    text = sample("set-redis-c50-p1.txt")
    with pytest.raises(BenchmarkOutputError, match="no request count or no throughput"):
        parse_reports(text[:text.index("Cumulative distribution")])


def test_percentiles_come_from_the_distribution_when_the_summary_is_missing():
    text = sample("set-redis-c50-p1.txt")
    report = parse_single_report(text[:text.index("  latency summary")])
    assert report.p50_ms == 0.975  # the 50.000% line itself
    assert 1.591 <= report.p99_ms <= 1.735  # between the 98.438% and 99.219% lines


def test_progress_lines_with_carriage_returns_do_not_confuse_the_parser():
    text = sample("set-redis-c50-p1.txt").replace("\n", "\r\n")
    assert parse_single_report(text).rps == 31746.03


@pytest.mark.parametrize("percent, expected", [
    (0.0, 1.0),     # at or below the first line: its value
    (50.0, 2.0),    # exactly on a line
    (62.5, 2.5),    # halfway between two lines
    (99.99, 4.0),   # past the last line: the maximum
])
def test_percentile_interpolation(percent, expected):
    points = [(0.0, 1.0), (50.0, 2.0), (75.0, 3.0), (99.9, 4.0)]
    assert percentile_from_distribution(points, percent) == pytest.approx(expected)


def test_percentile_lines_with_the_same_percent_do_not_divide_by_zero():
    assert percentile_from_distribution([(99.0, 1.0), (99.0, 2.0), (100.0, 3.0)], 99.0) == 1.0
    assert percentile_from_distribution([(99.0, 1.0), (99.9, 2.0), (99.9, 5.0)], 99.9) == 2.0
