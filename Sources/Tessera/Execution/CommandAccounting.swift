import NIOCore

/// INFO commandstats / errorstats bookkeeping after each command.
enum CommandAccounting {
    @inline(__always)
    static func record(_ spec: CommandSpec, reply: ByteBuffer, from start: Int, microseconds: Int,
                       in stats: inout CommandStats) {
        stats.calls[spec.id] &+= 1
        stats.microseconds[spec.id] &+= microseconds
        if reply.writerIndex > start, reply.getInteger(at: start, as: UInt8.self) == UInt8(ascii: "-") {
            stats.failed[spec.id] &+= 1
            stats.errorReplies &+= 1
            countError(reply, at: start, in: &stats)
        }
    }

    /// errorstats key: the error code, the first word of the error (ERR, WRONGTYPE, NOAUTH).
    static func countError(_ reply: ByteBuffer, at start: Int, in stats: inout CommandStats) {
        var end = start + 1
        while end < reply.writerIndex, let byte = reply.getInteger(at: end, as: UInt8.self),
              byte != UInt8(ascii: " "), byte != UInt8(ascii: "\r") {
            end += 1
        }
        let prefix = reply.getString(at: start + 1, length: end - start - 1) ?? "ERR"
        stats.errorsByPrefix[prefix, default: 0] += 1
    }
}
