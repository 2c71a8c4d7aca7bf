"""tessera-load's --json result reader."""
from pathlib import Path

import pytest

from benchkit.tessera_load_output import LoadOutputError, parse_load_report

SAMPLE = (Path(__file__).parent / "samples" / "tessera-load-get-mix.json").read_text()


def test_reads_counts_throughput_and_percentiles():
    report = parse_load_report(SAMPLE)
    assert report.requests == 1204933
    assert report.errors == 0
    assert report.rps == 200808.7
    assert (report.p50_ms, report.p99_ms, report.p999_ms) == (3.719, 8.415, 12.671)


@pytest.mark.parametrize("text", ["", "tessera-load: connection refused", '{"requests": 5}',
                                  SAMPLE.replace('"p999"', '"p9999"')])
def test_anything_but_a_complete_result_is_an_error(text):
    with pytest.raises(LoadOutputError):
        parse_load_report(text)
