/// BITOP AND|OR|XOR|NOT destkey key [key ...]. The keys may live on several shards: the router
/// runs the command under every involved shard's lock (key spec 2..-1), so it is atomic.
extension BitmapCommands {
    static let bitopTable: [CommandSpec] = [
        CommandSpec("bitop", arity: -4, flags: [.write, .denyoom], keys: (2, -1, 1), group: .bitmap,
                    summary: "Perform bitwise operations between strings", since: "2.6.0", complexity: "O(N)",
                    categories: ["write", "bitmap", "slow"], handler: bitop),
    ]

    enum BitOperation {
        case and, or, xor, not

        init?(_ name: UnsafeRawBufferPointer) {
            if Bytes.equalsIgnoringCase(name, "AND") { self = .and }
            else if Bytes.equalsIgnoringCase(name, "OR") { self = .or }
            else if Bytes.equalsIgnoringCase(name, "XOR") { self = .xor }
            else if Bytes.equalsIgnoringCase(name, "NOT") { self = .not }
            else { return nil }
        }
    }

    /// Missing sources count as empty strings, shorter ones as zero-padded; the result is as long
    /// as the longest source and replaces destkey (TTL cleared), or deletes it when empty.
    /// Replies with the result's length.
    static func bitop(_ context: inout CommandContext) {
        guard let operation = BitOperation(context[1]) else { return context.replyError(ReplyError.syntax) }
        let sources = 3..<context.arguments.count
        if operation == .not && sources.count != 1 { return context.replyError(ReplyError.bitopNotSingleSource) }
        var longest = 0
        for index in sources {
            guard let entry = context.keyspace.lookupRead(context[index]) else { continue }
            guard entry.type == .string else { return context.replyError(ReplyError.wrongType) }
            longest = max(longest, StringCommands.length(of: entry))
        }
        let destination = context[2]
        guard longest > 0 else {
            context.keyspace.remove(destination)
            return context.replyInteger(0)
        }
        let (value, result) = StringCommands.zeroedRaw(length: longest)
        for (position, index) in sources.enumerated() {
            // Already looked up (and expired) above: read without counting a second hit.
            let source = context.keyspace.peek(context[index])
            let combine: BitOperation = position == 0 && operation == .and ? .or : operation
            if let source {
                StringCommands.withBytes(of: source) { bytes in
                    combineInto(result.mutableBytes, length: longest, bytes, combine)
                }
            } else {
                combineInto(result.mutableBytes, length: longest, UnsafeRawBufferPointer(start: nil, count: 0), combine)
            }
        }
        context.keyspace.store(destination, value)
        context.replyInteger(longest)
    }

    /// Combines `source`, zero-padded to `length`, into `target`, eight bytes at a time.
    private static func combineInto(_ target: UnsafeMutableRawPointer, length: Int, _ source: UnsafeRawBufferPointer,
                                    _ operation: BitOperation) {
        let overlap = min(source.count, length)
        var index = 0
        while index + 8 <= overlap {
            let word = source.loadUnaligned(fromByteOffset: index, as: UInt64.self)
            let current = target.loadUnaligned(fromByteOffset: index, as: UInt64.self)
            target.storeBytes(of: combine(current, word, operation), toByteOffset: index, as: UInt64.self)
            index += 8
        }
        while index < overlap {
            let current = target.load(fromByteOffset: index, as: UInt8.self)
            target.storeBytes(of: combine(current, source[index], operation), toByteOffset: index, as: UInt8.self)
            index += 1
        }
        // Past the source's end it reads as zeros: AND clears, NOT sets, OR and XOR keep.
        switch operation {
        case .and: if overlap < length { (target + overlap).initializeMemory(as: UInt8.self, repeating: 0, count: length - overlap) }
        case .not: if overlap < length { (target + overlap).initializeMemory(as: UInt8.self, repeating: 0xFF, count: length - overlap) }
        case .or, .xor: break
        }
    }

    @inline(__always)
    private static func combine<Word: FixedWidthInteger>(_ current: Word, _ source: Word, _ operation: BitOperation) -> Word {
        switch operation {
        case .and: return current & source
        case .or: return current | source
        case .xor: return current ^ source
        case .not: return ~source
        }
    }
}
