"""One measured run's figures, and the median of repeated runs."""
from __future__ import annotations

import statistics
from dataclasses import asdict, dataclass, fields


@dataclass(frozen=True)
class Measurement:
    requests: int
    seconds: float
    rps: float
    p50_ms: float
    p99_ms: float
    p999_ms: float | None
    # The server's utime+stime over the run divided by the requests it served.
    server_cpu_us_per_request: float
    # The load generator's utime+stime over its wall time, in percent of one core.
    loadgen_cpu_percent: float

    def to_dict(self) -> dict:
        return asdict(self)


def median_of(runs: list[Measurement]) -> Measurement:
    """Each figure's median over the runs, taken column by column (a figure a run did not
    report, such as a missing p99.9, is left out of its column)."""
    if not runs:
        raise ValueError("no runs to take the median of")
    medians = {}
    for field in fields(Measurement):
        values = [getattr(run, field.name) for run in runs if getattr(run, field.name) is not None]
        medians[field.name] = statistics.median(values) if values else None
    medians["requests"] = int(medians["requests"])
    return Measurement(**medians)
