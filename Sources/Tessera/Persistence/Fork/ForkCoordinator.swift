#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import NIOConcurrencyHelpers

/// The engine's forked children, one at a time (Redis's server.child_pid / child_type): forks
/// at the barrier, times the fork, reaps the child without blocking any shard and kills it on
/// request. BGSAVE and the save points use it now; BGREWRITEAOF and full sync will too, each
/// with its own kind and its own `onExit`.
public final class ForkCoordinator: @unchecked Sendable {
    /// A running child.
    struct Child {
        let pid: pid_t
        let kind: ForkKind
        let reportFD: Int32
        /// Unix seconds at the fork (rdb_current_bgsave_time_sec).
        let startedAt: Int64
        let onExit: @Sendable (pid_t, ChildOutcome) -> Void
    }

    private struct State {
        var child: Child?
        /// A child reaped or killed whose `onExit` has not finished: still "active", so INFO
        /// never shows it gone before its outcome is recorded.
        var finishing: Child?
        var latestForkMicroseconds = 0
        var totalForks = 0
    }

    private let state = NIOLockedValueBox(State())

    public init() {}

    /// Why `fork` started no child.
    public enum ForkFailure: Error, Equatable {
        /// A child of this kind is already running.
        case busy(ForkKind)
        /// fork(2) or pipe(2) failed with this errno.
        case system(Int32)
    }

    /// The kind of the running child, if any (hasActiveChildProcess).
    public var activeKind: ForkKind? { state.withLockedValue { ($0.child ?? $0.finishing)?.kind } }

    /// When the running child was forked (Unix seconds), if one runs.
    public var activeSince: Int64? { state.withLockedValue { ($0.child ?? $0.finishing)?.startedAt } }

    public var latestForkMicroseconds: Int { state.withLockedValue { $0.latestForkMicroseconds } }
    public var totalForks: Int { state.withLockedValue { $0.totalForks } }

    /// Forks a child that runs `body` and exits with its status. The caller holds every shard
    /// (`Engine.runHoldingShards` over all of them, or a command of `.allShards` scope): every
    /// loop is between commands, so the child's copy of the keyspace is one consistent instant.
    /// `onExit` runs once, with the child's pid, on whichever thread reaps or kills the child.
    func fork(kind: ForkKind, body: () -> Int32,
              onExit: @escaping @Sendable (pid_t, ChildOutcome) -> Void) -> Result<pid_t, ForkFailure> {
        if let running = activeKind { return .failure(.busy(running)) }
        var pipeEnds: [Int32] = [0, 0]
        guard pipe(&pipeEnds) == 0 else { return .failure(.system(errno)) }
        let start = Clock.monotonicMicroseconds()
        let pid = systemFork()
        if pid == 0 {
            close(pipeEnds[0])
            ChildEntry.run(body, reportingTo: pipeEnds[1])
        }
        let elapsed = Clock.monotonicMicroseconds() - start
        close(pipeEnds[1])
        guard pid > 0 else {
            let failure = errno
            close(pipeEnds[0])
            return .failure(.system(failure))
        }
        _ = fcntl(pipeEnds[0], F_SETFL, O_NONBLOCK)
        let child = Child(pid: pid, kind: kind, reportFD: pipeEnds[0], startedAt: Clock.milliseconds() / 1000,
                          onExit: onExit)
        state.withLockedValue {
            $0.child = child
            $0.latestForkMicroseconds = elapsed
            $0.totalForks += 1
        }
        return .success(pid)
    }

    /// Reaps the child if it has ended (waitpid WNOHANG: never waits), then runs its `onExit`.
    /// Called by the persistence cron, as Redis's serverCron calls checkChildrenDone.
    public func reapIfDone() {
        let ended: (Child, Int32)? = state.withLockedValue { state in
            guard let child = state.child else { return nil }
            var status: Int32 = 0
            let result = waitpid(child.pid, &status, WNOHANG)
            guard result == child.pid || (result == -1 && errno == ECHILD) else { return nil }
            state.child = nil
            state.finishing = child
            // A child we can no longer wait for (reaped elsewhere) counts as failed.
            return (child, result == child.pid ? status : 1 << 8)
        }
        if let (child, status) = ended { finish(child, status: status) }
    }

    /// Stops the running child of `kind` (or of any kind) with SIGUSR1 and waits for it: it
    /// dies at once, so the wait is short, and the caller (SHUTDOWN, FLUSHALL) proceeds knowing
    /// it is gone. Returns whether a child was killed.
    @discardableResult
    public func killChild(of kind: ForkKind? = nil) -> Bool {
        let taken: Child? = state.withLockedValue { state in
            guard let child = state.child, kind == nil || child.kind == kind else { return nil }
            state.child = nil
            state.finishing = child
            return child
        }
        guard let child = taken else { return false }
        kill(child.pid, SIGUSR1)
        var status: Int32 = 0
        while waitpid(child.pid, &status, 0) == -1 && errno == EINTR {}
        finish(child, status: status)
        return true
    }

    private func finish(_ child: Child, status: Int32) {
        var copied = 0
        let count = withUnsafeMutableBytes(of: &copied) { read(child.reportFD, $0.baseAddress, $0.count) }
        close(child.reportFD)
        child.onExit(child.pid, ChildOutcome(waitStatus: status, copyOnWriteBytes: count == MemoryLayout<Int>.size ? copied : 0))
        state.withLockedValue { $0.finishing = nil }
    }
}

/// fork(2), under a name that does not clash with `ForkCoordinator.fork`.
private func systemFork() -> pid_t { fork() }
