/// SCAN's cursor across shards (design §2): `tableCursor * shardCount + shard`, so cursor 0
/// starts at shard 0, and each shard's own reverse-binary cursor keeps Redis's guarantee.
struct ScanCursor {
    let shard: Int
    let tableCursor: UInt64

    init?(_ bytes: UnsafeRawBufferPointer, shardCount: Int) {
        // Redis's parseScanCursorOrReply is strtoull: an empty string is 0, a leading '+' or
        // '-' is accepted ('-' wraps around), trailing garbage or overflow is an error.
        var digits = bytes[...]
        var negative = false
        if let sign = digits.first, sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") {
            negative = sign == UInt8(ascii: "-")
            digits = digits.dropFirst()
        }
        var value: UInt64 = 0
        for byte in digits {
            let digit = byte &- UInt8(ascii: "0")
            guard digit <= 9 else { return nil }
            let (times10, o1) = value.multipliedReportingOverflow(by: 10)
            let (sum, o2) = times10.addingReportingOverflow(UInt64(digit))
            guard !o1 && !o2 else { return nil }
            value = sum
        }
        if negative { value = 0 &- value }
        shard = Int(value % UInt64(shardCount))
        tableCursor = value / UInt64(shardCount)
    }
}
