/// SCAN's cursor across shards (design §2): `tableCursor * shardCount + shard`, so cursor 0
/// starts at shard 0, and each shard's own reverse-binary cursor keeps Redis's guarantee.
struct ScanCursor {
    let shard: Int
    let tableCursor: UInt64

    init?(_ bytes: UnsafeRawBufferPointer, shardCount: Int) {
        // Redis parses the cursor as an unsigned 64-bit number (strtoull, no sign, no spaces).
        guard bytes.count > 0, bytes.count <= 20 else { return nil }
        var value: UInt64 = 0
        for byte in bytes {
            let digit = byte &- UInt8(ascii: "0")
            guard digit <= 9 else { return nil }
            let (times10, o1) = value.multipliedReportingOverflow(by: 10)
            let (sum, o2) = times10.addingReportingOverflow(UInt64(digit))
            guard !o1 && !o2 else { return nil }
            value = sum
        }
        shard = Int(value % UInt64(shardCount))
        tableCursor = value / UInt64(shardCount)
    }

    /// The cursor to return after scanning `shard` up to `nextTableCursor`.
    static func next(shard: Int, nextTableCursor: UInt64, shardCount: Int) -> UInt64 {
        if nextTableCursor != 0 { return nextTableCursor &* UInt64(shardCount) &+ UInt64(shard) }
        return shard + 1 < shardCount ? UInt64(shard + 1) : 0
    }
}
