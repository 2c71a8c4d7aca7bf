import Atomics
import NIOCore

/// Shared progress of a preload: connections claim ranges of key numbers until none are left,
/// and the last acknowledged SET ends it.
final class PreloadControl: Sendable {
    let keyspace: UInt64
    let setsPerKey: Int
    private let nextKey = ManagedAtomic<UInt64>(0)
    private let acknowledged = ManagedAtomic<Int>(0)
    private let failedSets = ManagedAtomic<Int>(0)
    private let settled = ManagedAtomic<Bool>(false)
    let finished: EventLoopPromise<Void>

    init(keyspace: UInt64, setsPerKey: Int, finished: EventLoopPromise<Void>) {
        self.keyspace = keyspace
        self.setsPerKey = setsPerKey
        self.finished = finished
    }

    var errors: Int { failedSets.load(ordering: .relaxed) }

    /// The next up to `count` keys to SET, or nil when every key has been claimed.
    func claim(_ count: UInt64) -> Range<UInt64>? {
        let first = nextKey.loadThenWrappingIncrement(by: count, ordering: .relaxed)
        guard first < keyspace else { return nil }
        return first..<min(first + count, keyspace)
    }

    func acknowledge(sets: Int, errors: Int) {
        if errors > 0 { failedSets.wrappingIncrement(by: errors, ordering: .relaxed) }
        let total = acknowledged.wrappingIncrementThenLoad(by: sets, ordering: .acquiringAndReleasing)
        if total >= Int(keyspace) * setsPerKey, settle() { finished.succeed(()) }
    }

    func fail(_ error: any Error) {
        if settle() { finished.fail(error) }
    }

    private func settle() -> Bool {
        settled.compareExchange(expected: false, desired: true, ordering: .acquiringAndReleasing).exchanged
    }
}
