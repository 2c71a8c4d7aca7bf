import Atomics
import NIOCore

/// The state all connections share: the phase, the measured-request tickets and the run's end.
///
/// Tickets make `-n` exact: a connection takes one per measured request before sending it, so
/// exactly n are sent whatever the number of connections and threads, and the run ends when
/// the n-th reply has been read.
public final class RunControl: Sendable {
    private let phase = ManagedAtomic<Int>(RunPhase.warmup.rawValue)
    private let ticketsLeft: ManagedAtomic<Int>
    private let completed = ManagedAtomic<Int>(0)
    private let target: Int?
    private let settled = ManagedAtomic<Bool>(false)
    private let endTime = ManagedAtomic<UInt64>(0)
    private let measureStartTime = ManagedAtomic<UInt64>(0)
    /// Succeeds when the measured phase ends, fails when a connection breaks.
    public let finished: EventLoopPromise<Void>

    public init(requests: Int?, finished: EventLoopPromise<Void>) {
        target = requests
        ticketsLeft = ManagedAtomic(requests ?? Int.max)
        self.finished = finished
    }

    @inline(__always)
    public var currentPhase: RunPhase {
        RunPhase(rawValue: phase.load(ordering: .relaxed)) ?? .stopped
    }

    /// Starts the measured phase, unless a broken connection has already ended the run.
    public func beginMeasuring() {
        measureStartTime.store(MonotonicClock.nanoseconds(), ordering: .relaxed)
        _ = phase.compareExchange(expected: RunPhase.warmup.rawValue, desired: RunPhase.measuring.rawValue,
                                  ordering: .acquiringAndReleasing)
    }

    public var measureStartNanoseconds: UInt64 { measureStartTime.load(ordering: .relaxed) }
    public var endNanoseconds: UInt64 { endTime.load(ordering: .acquiring) }

    /// Up to `wanted` measured requests this connection may send now (0: none are left).
    @inline(__always)
    public func claimTickets(_ wanted: Int) -> Int {
        guard target != nil else { return wanted }
        let before = ticketsLeft.loadThenWrappingDecrement(by: wanted, ordering: .relaxed)
        return max(0, min(wanted, before))
    }

    /// Counts measured replies; the one that reaches `-n` ends the run.
    @inline(__always)
    public func completeMeasured(_ replies: Int) {
        guard let target, replies > 0 else { return }
        if completed.wrappingIncrementThenLoad(by: replies, ordering: .relaxed) >= target {
            finish()
        }
    }

    /// Ends the measured phase (duration elapsed or last request answered); idempotent.
    public func finish() {
        guard settle() else { return }
        endTime.store(MonotonicClock.nanoseconds(), ordering: .relaxed)
        phase.store(RunPhase.stopped.rawValue, ordering: .releasing)
        finished.succeed(())
    }

    public func fail(_ error: any Error) {
        guard settle() else { return }
        endTime.store(MonotonicClock.nanoseconds(), ordering: .relaxed)
        phase.store(RunPhase.stopped.rawValue, ordering: .releasing)
        finished.fail(error)
    }

    private func settle() -> Bool {
        settled.compareExchange(expected: false, desired: true, ordering: .acquiringAndReleasing).exchanged
    }
}
