"""Reads redis-benchmark 7.0's full report (run without -q and without --csv).

The report is the only output that has every figure the table needs: the request count and
duration, the summary's requests/s, p50 and p99, and the "Latency by percentile distribution"
block, the one place p99.9 can be read from. Progress lines end in a bare carriage return and
share physical lines with the report, so the text is split on both line endings first.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

_HEADER = re.compile(r"^\s*====== (?P<test>.+?) ======\s*$")
_COMPLETED = re.compile(r"^\s*(?P<requests>\d+) requests completed in (?P<seconds>[\d.]+) seconds")
_PERCENTILE = re.compile(
    r"^\s*(?P<percent>[\d.]+)% <= (?P<ms>[\d.]+) milliseconds \(cumulative count (?P<count>\d+)\)"
)
_THROUGHPUT = re.compile(r"^\s*throughput summary: (?P<rps>[\d.]+) requests per second")
_ERROR = re.compile(r"^\s*(Error from server: .*|ERROR: .*)$")


class BenchmarkOutputError(ValueError):
    """The text is not a complete redis-benchmark report (the run failed or was cut short)."""


@dataclass(frozen=True)
class BenchmarkReport:
    """One test's figures from a redis-benchmark report; latencies in milliseconds."""

    test: str
    requests: int
    seconds: float
    rps: float
    p50_ms: float
    p99_ms: float
    p999_ms: float | None


def parse_reports(text: str) -> list[BenchmarkReport]:
    """Every test's report in the output, in order; raises BenchmarkOutputError if there is none."""
    lines = re.split(r"[\r\n]+", text)
    starts = [i for i, line in enumerate(lines) if _HEADER.match(line)]
    if not starts:
        errors = [line.strip() for line in lines if _ERROR.match(line)]
        reason = errors[0] if errors else "no '====== TEST ======' report in the output"
        raise BenchmarkOutputError(reason)
    ends = starts[1:] + [len(lines)]
    return [_parse_block(lines[start:end]) for start, end in zip(starts, ends)]


def parse_single_report(text: str) -> BenchmarkReport:
    """The report of a run of exactly one test (-t with one name)."""
    reports = parse_reports(text)
    if len(reports) != 1:
        raise BenchmarkOutputError(f"expected one test's report, found {len(reports)}")
    return reports[0]


def percentile_from_distribution(points: list[tuple[float, float]], percent: float) -> float:
    """The latency at `percent`, interpolated linearly between the two printed percentile lines
    that bracket it. `points` are (percentile, milliseconds) in printed (ascending) order."""
    if not points:
        raise BenchmarkOutputError("empty latency distribution")
    below = points[0]
    if percent <= below[0]:
        return below[1]
    for above in points[1:]:
        if above[0] >= percent:
            span = above[0] - below[0]
            if above[0] == percent or span <= 0:
                return above[1]
            return below[1] + (above[1] - below[1]) * (percent - below[0]) / span
        below = above
    return points[-1][1]


def _parse_block(lines: list[str]) -> BenchmarkReport:
    test = _HEADER.match(lines[0]).group("test")
    requests = seconds = rps = None
    distribution: list[tuple[float, float]] = []
    summary: dict[str, float] = {}
    section = None
    for index, line in enumerate(lines[1:], start=1):
        stripped = line.strip()
        if stripped.startswith("Latency by percentile distribution"):
            section = "percentiles"
        elif stripped.startswith("Cumulative distribution of latencies") or stripped == "Summary:":
            section = None
        elif match := _COMPLETED.match(line):
            requests, seconds = int(match["requests"]), float(match["seconds"])
        elif match := _THROUGHPUT.match(line):
            rps = float(match["rps"])
        elif stripped.startswith("latency summary"):
            summary = _latency_summary(lines[index + 1:index + 3])
        elif section == "percentiles" and (match := _PERCENTILE.match(line)):
            distribution.append((float(match["percent"]), float(match["ms"])))
    if requests is None or rps is None:
        raise BenchmarkOutputError(f"{test}: report has no request count or no throughput summary")
    return BenchmarkReport(
        test=test,
        requests=requests,
        seconds=seconds,
        rps=rps,
        p50_ms=_summary_or_distribution(summary, "p50", distribution, 50.0, test),
        p99_ms=_summary_or_distribution(summary, "p99", distribution, 99.0, test),
        p999_ms=percentile_from_distribution(distribution, 99.9) if distribution else None,
    )


def _latency_summary(lines: list[str]) -> dict[str, float]:
    """The two lines after "latency summary (msec):": column names, then their values."""
    if len(lines) < 2:
        return {}
    names, values = lines[0].split(), lines[1].split()
    if len(names) != len(values):
        return {}
    try:
        return {name: float(value) for name, value in zip(names, values)}
    except ValueError:
        return {}


def _summary_or_distribution(summary: dict[str, float], column: str,
                             points: list[tuple[float, float]], percent: float, test: str) -> float:
    """The summary's exact figure when printed, else the distribution's interpolation."""
    if column in summary:
        return summary[column]
    if not points:
        raise BenchmarkOutputError(f"{test}: report has neither a latency summary nor a distribution")
    return percentile_from_distribution(points, percent)
