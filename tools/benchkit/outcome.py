"""What one part of the benchmark (sweep, memory, loadgen check) produced."""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Outcome:
    rows: list = field(default_factory=list)
    # Workloads or data sets skipped on purpose (a server lacks a command): not failures.
    notes: list[str] = field(default_factory=list)
    # Anything that failed to run; any failure makes the tool exit non-zero.
    failures: list[str] = field(default_factory=list)
