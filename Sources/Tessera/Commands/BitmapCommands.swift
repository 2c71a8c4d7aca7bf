/// Bitmap commands (Redis's bitops.c) on string values: SETBIT, GETBIT, BITCOUNT, BITPOS here,
/// BITOP and BITFIELD in their own files. Reads go through `Bitmap` over the value's bytes (an
/// `int` value reads its decimal digits, as Redis does); writes turn the value into a `raw`
/// string grown with zero padding by the string family's helpers.
enum BitmapCommands {
    static let table: [CommandSpec] = [
        CommandSpec("setbit", arity: 4, flags: [.write, .denyoom], keys: (1, 1, 1), group: .bitmap,
                    summary: "Sets or clears the bit at offset in the string value stored at key", since: "2.2.0",
                    categories: ["write", "bitmap", "slow"], handler: setbit),
        CommandSpec("getbit", arity: 3, flags: [.readonly, .fast], keys: (1, 1, 1), group: .bitmap,
                    summary: "Returns the bit value at offset in the string value stored at key", since: "2.2.0",
                    categories: ["read", "bitmap", "fast"], handler: getbit),
        CommandSpec("bitcount", arity: -2, flags: [.readonly], keys: (1, 1, 1), group: .bitmap,
                    summary: "Count set bits in a string", since: "2.6.0", complexity: "O(N)",
                    categories: ["read", "bitmap", "slow"], handler: bitcount),
        CommandSpec("bitpos", arity: -3, flags: [.readonly], keys: (1, 1, 1), group: .bitmap,
                    summary: "Find first bit set or clear in a string", since: "2.8.7", complexity: "O(N)",
                    categories: ["read", "bitmap", "slow"], handler: bitpos),
    ] + bitopTable + bitfieldTable

    /// SETBIT key offset 0|1: the previous bit. Counts a change only when the string was created,
    /// grew, or the bit flipped (Redis 7.0 leaves the dirty counter alone otherwise).
    static func setbit(_ context: inout CommandContext) {
        guard let offset = bitOffset(&context, 2) else { return }
        guard let value = Integer.parseStrict(context[3]), value & ~1 == 0 else {
            return context.replyError(ReplyError.bitValueInvalid)
        }
        let key = context[1]
        let length = offset >> 3 + 1
        guard let entry = context.keyspace.lookupWrite(key) else {
            let (newValue, string) = StringCommands.zeroedRaw(length: length)
            MutableBitmap(string.mutableBytes).setBit(at: offset, to: value == 1)
            context.keyspace.store(key, newValue)
            return context.replyInteger(0)
        }
        guard entry.type == .string else { return context.replyError(ReplyError.wrongType) }
        let oldLength = StringCommands.length(of: entry)
        let string = StringCommands.unsharedRaw(entry, key: key, zeroPaddedTo: length, &context)
        let previous = MutableBitmap(string.mutableBytes).setBit(at: offset, to: value == 1)
        if string.length != oldLength || previous != (value == 1) { context.keyspace.modified(key) }
        context.replyInteger(previous ? 1 : 0)
    }

    /// GETBIT key offset: 0 past the end of the string and for a missing key.
    static func getbit(_ context: inout CommandContext) {
        guard let offset = bitOffset(&context, 2) else { return }
        guard let entry = context.keyspace.lookupRead(context[1]) else { return context.replyInteger(0) }
        guard entry.type == .string else { return context.replyError(ReplyError.wrongType) }
        let bit = StringCommands.withBytes(of: entry) { Bitmap($0).bit(at: offset) }
        context.replyInteger(bit ? 1 : 0)
    }

    /// BITCOUNT key [start end [BYTE|BIT]]. As in Redis 7.0, the key is looked up before the
    /// range is parsed: a missing key answers 0 whatever the other arguments are.
    static func bitcount(_ context: inout CommandContext) {
        guard let entry = context.keyspace.lookupRead(context[1]) else { return context.replyInteger(0) }
        guard entry.type == .string else { return context.replyError(ReplyError.wrongType) }
        let length = StringCommands.length(of: entry)
        let range: ClosedRange<Int>?
        switch context.arguments.count {
        case 2:
            range = length > 0 ? 0...(length << 3 - 1) : nil
        case 4, 5:
            guard let start = context.integerArgument(2), let end = context.integerArgument(3) else { return }
            if start < 0 && end < 0 && start > end { return context.replyInteger(0) }
            guard let unit = rangeUnit(&context, 4) else { return }
            range = resolve(start: start, end: end, inBits: unit, length: length)
        default:
            return context.replyError(ReplyError.syntax)
        }
        guard let range else { return context.replyInteger(0) }
        let count = StringCommands.withBytes(of: entry) { Bitmap($0).populationCount(bits: range) }
        context.replyInteger(count)
    }

    /// BITPOS key bit [start [end [BYTE|BIT]]]. Without an explicit end, the string counts as
    /// followed by zeros, so looking for a 0 in all ones answers the first bit past the end;
    /// with an end given, it answers -1 (Redis's "past the end" rule).
    static func bitpos(_ context: inout CommandContext) {
        guard let bit = context.integerArgument(2) else { return }
        guard bit == 0 || bit == 1 else { return context.replyError(ReplyError.bitposBitInvalid) }
        guard let entry = context.keyspace.lookupRead(context[1]) else { return context.replyInteger(bit == 1 ? -1 : 0) }
        guard entry.type == .string else { return context.replyError(ReplyError.wrongType) }
        let length = StringCommands.length(of: entry)
        let argumentCount = context.arguments.count
        let range: ClosedRange<Int>?
        switch argumentCount {
        case 3:
            range = length > 0 ? 0...(length << 3 - 1) : nil
        case 4, 5, 6:
            guard let start = context.integerArgument(3) else { return }
            guard let unit = rangeUnit(&context, 5) else { return }
            var end: Int64 = -1
            if argumentCount >= 5 {
                guard let given = context.integerArgument(4) else { return }
                end = given
            }
            range = resolve(start: start, end: end, inBits: unit, length: length)
        default:
            return context.replyError(ReplyError.syntax)
        }
        guard let range else { return context.replyInteger(-1) }
        if let found = StringCommands.withBytes(of: entry, { Bitmap($0).firstBit(bit == 1, in: range) }) {
            return context.replyInteger(found)
        }
        let endGiven = argumentCount >= 5
        context.replyInteger(bit == 1 || endGiven ? -1 : range.upperBound + 1)
    }

    // MARK: arguments shared by the family

    /// getBitOffsetFromArgument: a bit offset below 2^32 (proto-max-bulk-len bytes, 512 MB by
    /// default). With `fieldWidth`, BITFIELD's `#n` form means n fields of that width.
    static func bitOffset(_ context: inout CommandContext, _ index: Int, fieldWidth: Int = 0) -> Int? {
        var text = context[index]
        let scaled = fieldWidth > 0 && text.first == UInt8(ascii: "#")
        if scaled { text = UnsafeRawBufferPointer(rebasing: text[1...]) }
        guard var offset = Integer.parseStrict(text) else {
            context.replyError(ReplyError.bitOffsetInvalid)
            return nil
        }
        if scaled { offset = offset &* Int64(fieldWidth) }
        if offset < 0 || (offset >> 3 >= StringCommands.minimumProtoMaxBulkLen
                          && offset >> 3 >= context.engine.configuration.integer("proto-max-bulk-len")) {
            context.replyError(ReplyError.bitOffsetInvalid)
            return nil
        }
        return Int(offset)
    }

    /// The optional BYTE|BIT argument at `index`: true for BIT; nil after a syntax error reply.
    private static func rangeUnit(_ context: inout CommandContext, _ index: Int) -> Bool? {
        guard index < context.arguments.count else { return false }
        if context.arguments.matches(index, "BIT") { return true }
        if context.arguments.matches(index, "BYTE") { return false }
        context.replyError(ReplyError.syntax)
        return nil
    }

    /// A BITCOUNT/BITPOS range over a string of `length` bytes, as bit offsets: negative indexes
    /// count from the end, both ends are clamped to the string, and an empty range is nil.
    static func resolve(start: Int64, end: Int64, inBits: Bool, length: Int) -> ClosedRange<Int>? {
        let total = inBits ? Int64(length) << 3 : Int64(length)
        var first = start < 0 ? total + start : start
        var last = end < 0 ? total + end : end
        if first < 0 { first = 0 }
        if last < 0 { last = 0 }
        if last >= total { last = total - 1 }
        guard first <= last else { return nil }
        return inBits ? Int(first)...Int(last) : Int(first << 3)...Int(last << 3 + 7)
    }
}
