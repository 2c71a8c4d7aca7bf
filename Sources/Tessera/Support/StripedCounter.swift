import Atomics

/// A counter that every loop bumps on its hot path (bytes in and out): one cache line per
/// stripe, so loops never contend on a shared line, summed when read (INFO, rate sampling).
public final class StripedCounter: @unchecked Sendable {
    private static let stripeBytes = 64
    private let stripes: Int
    private let storage: UnsafeMutableRawPointer

    public init(stripes: Int = 64) {
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
        UnsafeAtomic(at: (storage + (stripe % stripes) * Self.stripeBytes)
            .assumingMemoryBound(to: Int.AtomicRepresentation.self))
    }

    /// Adds `value` on `stripe` (the caller's loop index).
    @inline(__always)
    public func add(_ value: Int, stripe: Int) {
        counter(stripe).wrappingIncrement(by: value, ordering: .relaxed)
    }

    public func load() -> Int {
        (0..<stripes).reduce(0) { $0 &+ counter($1).load(ordering: .relaxed) }
    }

    public func reset() {
        for stripe in 0..<stripes { counter(stripe).store(0, ordering: .relaxed) }
    }
}
