from benchkit.measurement import Measurement, median_of


def run(rps, cpu, p999=1.0):
    return Measurement(requests=1000, seconds=1.0, rps=rps, p50_ms=0.1, p99_ms=0.5, p999_ms=p999,
                       server_cpu_us_per_request=cpu, loadgen_cpu_percent=90.0)


def test_median_is_taken_column_by_column():
    median = median_of([run(100, 3.0), run(300, 1.0), run(200, 2.5)])
    assert median.rps == 200 and median.server_cpu_us_per_request == 2.5


def test_a_missing_figure_is_left_out_of_its_column_only():
    median = median_of([run(100, 1.0, p999=None), run(200, 1.0, p999=4.0), run(300, 1.0, p999=2.0)])
    assert median.p999_ms == 3.0 and median.rps == 200
    assert median_of([run(1, 1.0, p999=None)]).p999_ms is None
