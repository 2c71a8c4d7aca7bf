"""Reads tessera-load's --json result (one JSON object; fields in tools/tessera-load/README.md)."""
from __future__ import annotations

import json
from dataclasses import dataclass


class LoadOutputError(ValueError):
    """stdout is not one complete tessera-load JSON result."""


@dataclass(frozen=True)
class LoadReport:
    requests: int
    errors: int
    seconds: float
    rps: float
    p50_ms: float
    p99_ms: float
    p999_ms: float


def parse_load_report(text: str) -> LoadReport:
    try:
        result = json.loads(text)
        latency = result["latency_ms"]
        return LoadReport(
            requests=int(result["requests"]),
            errors=int(result["errors"]),
            seconds=float(result["seconds"]),
            rps=float(result["rps"]),
            p50_ms=float(latency["p50"]),
            p99_ms=float(latency["p99"]),
            p999_ms=float(latency["p999"]),
        )
    except (ValueError, KeyError, TypeError) as error:
        raise LoadOutputError(f"not a tessera-load JSON result ({type(error).__name__}: {error}): "
                              f"{text[:200]!r}") from error
