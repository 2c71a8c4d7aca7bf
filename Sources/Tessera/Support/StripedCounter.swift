import Atomics

/// A counter that every loop bumps on its hot path (bytes in and out): one cache line per
/// stripe, so loops never contend on a shared line, summed when read (INFO, rate sampling).
///
/// Each stripe has a single writer, the loop whose index it is, so an add is a plain load and
/// store (no locked instruction); readers on other threads see each stripe's last store.
/// A reset records the current sum as the new zero instead of clearing the stripes, which
/// their writers could overwrite with a value read before the reset.
public final class StripedCounter: @unchecked Sendable {
    private static let stripeBytes = 64
    private let stripes: Int
    private let storage: UnsafeMutableRawPointer
    private let zero = ManagedAtomic<Int>(0)

    /// One stripe per loop that adds.
    public init(stripes: Int) {
        precondition(stripes > 0, "a counter needs a stripe")
        self.stripes = stripes
        storage = UnsafeMutableRawPointer.allocate(byteCount: stripes * Self.stripeBytes, alignment: Self.stripeBytes)
        for index in 0..<stripes {
            (storage + index * Self.stripeBytes)
                .initializeMemory(as: Int.AtomicRepresentation.self, repeating: .init(0), count: 1)
        }
    }

    deinit { storage.deallocate() }

    @inline(__always)
    private func counter(_ stripe: Int) -> UnsafeAtomic<Int> {
        precondition(stripe >= 0 && stripe < stripes, "stripe \(stripe) of \(stripes)")
        return UnsafeAtomic(at: (storage + stripe * Self.stripeBytes)
            .assumingMemoryBound(to: Int.AtomicRepresentation.self))
    }

    /// Adds `value` on `stripe`, which only the calling loop writes.
    @inline(__always)
    public func add(_ value: Int, stripe: Int) {
        let counter = counter(stripe)
        counter.store(counter.load(ordering: .relaxed) &+ value, ordering: .relaxed)
    }

    public func load() -> Int { sum() &- zero.load(ordering: .relaxed) }

    public func reset() { zero.store(sum(), ordering: .relaxed) }

    private func sum() -> Int {
        (0..<stripes).reduce(0) { $0 &+ counter($1).load(ordering: .relaxed) }
    }
}
