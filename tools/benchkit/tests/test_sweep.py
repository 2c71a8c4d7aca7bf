"""The order and bookkeeping of a core-count step, with fake servers and a fake load tool."""
from benchkit.measurement import Measurement
from benchkit.outcome import Outcome
from benchkit.runners import RunFailure, RunLength
from benchkit.sweep import SweepPlan, _CoreStep
from benchkit.workloads import by_name


class FakeServer:
    def __init__(self, name, commands=("set", "get")):
        self.name = name
        self.commands = set(commands)
        self.flushes = 0

    def ensure_alive(self):
        pass

    def knows(self, command):
        return command in self.commands

    def flushall(self):
        self.flushes += 1

    def send_counting_line_replies(self, payload, commands):
        return 0


class FakeRunner:
    def __init__(self, failing=()):
        self.calls = []
        self.failing = set(failing)

    def length(self, workload, target, seconds, fixed_requests):
        return RunLength(requests=fixed_requests or 100)

    def run(self, workload, target, length):
        self.calls.append(target.server.name)
        if target.server.name in self.failing:
            raise RunFailure("boom")
        rps = 1000.0 * len(self.calls)
        return Measurement(length.requests, 1.0, rps, 0.1, 0.2, 0.3, 2.0, 50.0)


def step(runner, repeat=3):
    plan = SweepPlan(cpus=[0, 1], core_counts=[1], workloads=(), repeat=repeat, seconds=6.0,
                     fixed_requests=None)
    return _CoreStep(plan, 1, {"redis-benchmark": runner}, Outcome(), log=lambda message: None)


def test_rounds_alternate_between_servers_and_rows_hold_the_median():
    runner = FakeRunner()
    core_step = step(runner)
    core_step.run_workload(by_name(["set-P1"])[0], [FakeServer("tessera"), FakeServer("redis")])
    assert runner.calls == ["tessera", "redis"] * 3
    rows = {row.server: row for row in core_step.outcome.rows}
    assert [run.rps for run in rows["tessera"].runs] == [1000, 3000, 5000]
    assert rows["tessera"].median.rps == 3000 and rows["redis"].median.rps == 4000
    assert not core_step.outcome.failures


def test_a_server_without_the_command_is_skipped_with_a_note_not_a_failure():
    runner = FakeRunner()
    core_step = step(runner)
    core_step.run_workload(by_name(["lpush-P16"])[0],
                           [FakeServer("tessera"), FakeServer("redis", commands=("lpush",))])
    assert runner.calls == ["redis"] * 3
    assert core_step.outcome.notes == ["lpush-P16 skipped on tessera: COMMAND INFO LPUSH is nil"]
    assert not core_step.outcome.failures


def test_a_failing_server_leaves_the_rotation_and_the_other_goes_on():
    runner = FakeRunner(failing={"tessera"})
    core_step = step(runner)
    core_step.run_workload(by_name(["set-P1"])[0], [FakeServer("tessera"), FakeServer("redis")])
    assert runner.calls == ["tessera", "redis", "redis", "redis"]
    assert [row.server for row in core_step.outcome.rows] == ["redis"]
    assert len(core_step.outcome.failures) == 1 and "boom" in core_step.outcome.failures[0]


def test_every_workload_starts_and_ends_with_an_empty_server():
    server = FakeServer("tessera")
    step(FakeRunner(), repeat=1).run_workload(by_name(["set-P1"])[0], [server])
    assert server.flushes == 2
