#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Synchronization
import Testing
@testable import Tessera

/// The fork machinery alone: real children of the test process, reaped by polling as the
/// persistence cron does.
@Suite("Fork machinery")
struct ForkCoordinatorTests {
    /// What `onExit` received, once.
    final class Exits: Sendable {
        let outcomes = Mutex<[(pid_t, ChildOutcome)]>([])
        func record(_ pid: pid_t, _ outcome: ChildOutcome) { outcomes.withLock { $0.append((pid, outcome)) } }
        var count: Int { outcomes.withLock { $0.count } }
        var last: (pid_t, ChildOutcome)? { outcomes.withLock { $0.last } }
    }

    /// Polls `reapIfDone` (as the cron does) until a child ended or 10 s passed.
    func reap(_ forks: ForkCoordinator, _ exits: Exits) async throws {
        for _ in 0..<1000 where exits.count == 0 {
            forks.reapIfDone()
            try await Task.sleep(for: .milliseconds(10))
        }
    }

    @Test("a child that succeeds is reaped with its copy-on-write report, and the fork is timed")
    func success() async throws {
        let forks = ForkCoordinator()
        let exits = Exits()
        let started = forks.fork(kind: .rdb, body: { 0 }, onExit: { exits.record($0, $1) })
        guard case .success(let pid) = started else { Issue.record("fork failed: \(started)"); return }
        #expect(forks.activeKind == .rdb)
        try await reap(forks, exits)
        #expect(exits.count == 1)
        #expect(exits.last?.0 == pid)
        guard case .succeeded(let copied)? = exits.last?.1 else { Issue.record("not a success: \(String(describing: exits.last))"); return }
        #expect(copied >= 0)
        #expect(forks.activeKind == nil)
        #expect(forks.totalForks == 1)
        #expect(forks.latestForkMicroseconds > 0)
    }

    @Test("a child that fails reports its exit code")
    func failure() async throws {
        let forks = ForkCoordinator()
        let exits = Exits()
        _ = forks.fork(kind: .aof, body: { 3 }, onExit: { exits.record($0, $1) })
        try await reap(forks, exits)
        #expect(exits.last?.1 == .failed(exitCode: 3))
    }

    @Test("only one child runs at a time, whatever its kind")
    func oneAtATime() async throws {
        let forks = ForkCoordinator()
        let exits = Exits()
        _ = forks.fork(kind: .aof, body: { usleep(300_000); return 0 }, onExit: { exits.record($0, $1) })
        let second = forks.fork(kind: .rdb, body: { 0 }, onExit: { exits.record($0, $1) })
        #expect(second == .failure(.busy(.aof)))
        try await reap(forks, exits)
        #expect(exits.count == 1)
        #expect(forks.activeKind == nil)
    }

    @Test("killChild stops a running child with SIGUSR1, which is not a failure")
    func stopChild() async throws {
        let forks = ForkCoordinator()
        let exits = Exits()
        _ = forks.fork(kind: .rdb, body: { sleep(30); return 0 }, onExit: { exits.record($0, $1) })
        #expect(forks.killChild(of: .aof) == false)
        #expect(forks.killChild(of: .rdb))
        #expect(exits.last?.1 == .killed(signal: SIGUSR1))
        #expect(exits.last?.1.wasStoppedOnPurpose == true)
        #expect(forks.activeKind == nil)
        #expect(forks.killChild() == false)
    }

    @Test("a child killed by SIGKILL is reported as killed by signal 9")
    func killedFromOutside() async throws {
        let forks = ForkCoordinator()
        let exits = Exits()
        guard case .success(let pid) = forks.fork(kind: .rdb, body: { sleep(30); return 0 }, onExit: { exits.record($0, $1) }) else {
            Issue.record("fork failed")
            return
        }
        Glibc.kill(pid, SIGKILL)
        try await reap(forks, exits)
        #expect(exits.last?.1 == .killed(signal: SIGKILL))
        #expect(exits.last?.1.wasStoppedOnPurpose == false)
    }

    @Test("waitpid statuses decode as exit codes and signals")
    func outcomes() {
        #expect(ChildOutcome(waitStatus: 0, copyOnWriteBytes: 4096) == .succeeded(copyOnWriteBytes: 4096))
        #expect(ChildOutcome(waitStatus: 1 << 8, copyOnWriteBytes: 0) == .failed(exitCode: 1))
        #expect(ChildOutcome(waitStatus: 9, copyOnWriteBytes: 0) == .killed(signal: 9))
        #expect(ChildOutcome(waitStatus: 9 | 0x80, copyOnWriteBytes: 0) == .killed(signal: 9))
    }

    @Test("Private_Dirty is read from smaps_rollup text in kB")
    func privateDirtyParsing() {
        let text = Array("Rss:              10240 kB\nPrivate_Clean:       4 kB\nPrivate_Dirty:      1536 kB\nSwap: 0 kB\n".utf8)
        text.withUnsafeBufferPointer {
            #expect(CopyOnWriteMeter.kilobytes(after: "Private_Dirty:", in: $0) == 1536)
            #expect(CopyOnWriteMeter.kilobytes(after: "Missing:", in: $0) == 0)
        }
        #expect(CopyOnWriteMeter.privateDirtyBytes() > 0)
    }
}
