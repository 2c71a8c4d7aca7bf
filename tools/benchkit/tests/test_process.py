"""Running a load process: exit code, its CPU time from wait4, and the timeout."""
import sys
import time

import pytest

from benchkit.process import ChildTimeout, run_child

BUSY = "import time\nend = time.process_time() + 0.3\nwhile time.process_time() < end: pass\nprint('done')"


def test_cpu_time_of_the_child_is_measured():
    result = run_child([sys.executable, "-c", BUSY], timeout=30)
    assert result.exit_code == 0 and result.stdout.strip() == "done"
    assert result.cpu_seconds >= 0.3
    assert 0 < result.cpu_percent <= 100 * 1.05


def test_exit_code_and_stderr_are_kept():
    result = run_child([sys.executable, "-c", "import sys; sys.exit('bad thing')"], timeout=30)
    assert result.exit_code == 1 and "bad thing" in result.describe_failure()


def test_a_child_past_its_timeout_is_killed():
    started = time.monotonic()
    with pytest.raises(ChildTimeout):
        run_child([sys.executable, "-c", "import time; time.sleep(30)"], timeout=0.5)
    assert time.monotonic() - started < 10
