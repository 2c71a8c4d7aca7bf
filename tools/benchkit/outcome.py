"""What one part of the benchmark (sweep, memory, loadgen check) produced, and the errors that
fail one run without stopping the others."""
from __future__ import annotations

from dataclasses import dataclass, field

from .loader import LoadFailure
from .resp import RespError
from .runners import RunFailure
from .servers import ServerFailure

# A run, a preload or a server that failed: recorded as a failure, and the benchmark goes on.
RUN_ERRORS = (RunFailure, ServerFailure, LoadFailure, RespError, OSError)


@dataclass
class Outcome:
    rows: list = field(default_factory=list)
    # Workloads or data sets skipped on purpose (a server lacks a command): not failures.
    notes: list[str] = field(default_factory=list)
    # Anything that failed to run; any failure makes the tool exit non-zero.
    failures: list[str] = field(default_factory=list)
