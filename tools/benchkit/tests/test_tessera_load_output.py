"""tessera-load's --json result reader, on output captured from tessera-load."""
from pathlib import Path

import pytest

from benchkit.tessera_load_output import LoadOutputError, parse_load_report

SAMPLE = (Path(__file__).parent / "samples" / "tessera-load-get-set-mix.json").read_text()


def test_reads_counts_throughput_and_percentiles():
    report = parse_load_report(SAMPLE)
    assert report.requests == 20000
    assert report.errors == 0
    assert report.rps == 395912.81
    assert (report.p50_ms, report.p99_ms, report.p999_ms) == (1.721, 6.051, 6.355)


@pytest.mark.parametrize("text", ["", "tessera-load: connection refused", '{"requests": 5}',
                                  SAMPLE.replace('"p999"', '"p9999"')])
def test_anything_but_a_complete_result_is_an_error(text):
    with pytest.raises(LoadOutputError):
        parse_load_report(text)
