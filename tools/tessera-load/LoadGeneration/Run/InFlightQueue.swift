/// A connection's requests awaiting replies, oldest first, in a ring sized once for the
/// pipeline depth (replies come back in request order, so the oldest entry is the next reply).
struct InFlightQueue {
    struct Entry {
        /// Batch write time (closed loop) or intended send time (open loop), uptime nanoseconds.
        var startNanoseconds: UInt64
        /// Sent during the measured phase (it holds one of the run's request tickets).
        var measured: Bool
    }

    private var entries: [Entry]
    private var head = 0
    private(set) var count = 0

    init(capacity: Int) {
        entries = Array(repeating: Entry(startNanoseconds: 0, measured: false), count: capacity)
    }

    var capacity: Int { entries.count }
    var isEmpty: Bool { count == 0 }
    var isFull: Bool { count == entries.count }

    @inline(__always)
    mutating func push(_ entry: Entry) {
        precondition(count < entries.count, "more requests in flight than the pipeline allows")
        var slot = head + count
        if slot >= entries.count { slot -= entries.count }
        entries[slot] = entry
        count += 1
    }

    /// The oldest entry; nil when a reply arrives for no request (a server bug or a push).
    @inline(__always)
    mutating func pop() -> Entry? {
        guard count > 0 else { return nil }
        let entry = entries[head]
        head += 1
        if head == entries.count { head = 0 }
        count -= 1
        return entry
    }
}
