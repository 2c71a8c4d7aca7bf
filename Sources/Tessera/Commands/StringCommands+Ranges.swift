/// APPEND, STRLEN, GETRANGE (SUBSTR), SETRANGE. APPEND and SETRANGE leave a `raw` string with
/// room to grow and write into it in place afterwards, as Redis's sds does (helpers in
/// StringCommands+RawStrings.swift, shared with the bitmap commands); both keep the TTL.
extension StringCommands {
    static let rangeComplexity =
        "O(N) where N is the length of the returned string. The complexity is ultimately determined by the returned length, but because creating a substring from an existing string is very cheap, it can be considered O(1) for small strings."

    static let rangeTable: [CommandSpec] = [
        CommandSpec("append", arity: 3, flags: [.write, .denyoom, .fast], keys: (1, 1, 1), group: .string,
                    summary: "Append a value to a key", since: "2.0.0",
                    complexity: "O(1). The amortized time complexity is O(1) assuming the appended value is small and the already present value is of any size, since the dynamic string library used by Redis will double the free space available on every reallocation.",
                    categories: ["write", "string", "fast"], handler: append),
        CommandSpec("strlen", arity: 2, flags: [.readonly, .fast], keys: (1, 1, 1), group: .string,
                    summary: "Get the length of the value stored in a key", since: "2.2.0",
                    categories: ["read", "string", "fast"], handler: strlen),
        CommandSpec("getrange", arity: 4, flags: [.readonly], keys: (1, 1, 1), group: .string,
                    summary: "Get a substring of the string stored at a key", since: "2.4.0",
                    complexity: rangeComplexity, categories: ["read", "string", "slow"], handler: getrange),
        CommandSpec("substr", arity: 4, flags: [.readonly], keys: (1, 1, 1), group: .string,
                    summary: "Get a substring of the string stored at a key", since: "1.0.0",
                    complexity: rangeComplexity, categories: ["read", "string", "slow"], handler: getrange),
        CommandSpec("setrange", arity: 4, flags: [.write, .denyoom], keys: (1, 1, 1), group: .string,
                    summary: "Overwrite part of a string at key starting at the specified offset", since: "2.2.0",
                    complexity: "O(1), not counting the time taken to copy the new string in place. Usually, this string is very small so the amortized complexity is O(1). Otherwise, complexity is O(M) with M being the length of the value argument.",
                    categories: ["write", "string", "slow"], handler: setrange),
    ]

    /// APPEND key value: creates the key as SET would (int/embstr/raw), else appends into a
    /// `raw` string, growing it like sdscatlen.
    static func append(_ context: inout CommandContext) {
        let key = context[1]
        let suffix = context[2]
        guard let entry = context.keyspace.lookupWrite(key) else {
            context.keyspace.store(key, .string(suffix))
            return context.replyInteger(suffix.count)
        }
        guard entry.type == .string else { return context.replyError(ReplyError.wrongType) }
        let oldLength = length(of: entry)
        guard let total = checkedStringLength(&context, oldLength, plus: suffix.count) else { return }
        if entry.encoding == .raw {
            let string = growRaw(entry, to: total, key: key, &context)
            copy(suffix, to: string.mutableBytes + oldLength)
            string.length = total
            context.keyspace.modified(key)
        } else {
            // int or embstr: an unshared raw copy (dbUnshareStringValue), then sdscatlen.
            let capacity = suffix.isEmpty ? total : greedyCapacity(total)
            let value = withBytes(of: entry) { NewValue.raw($0, capacity: capacity) }
            let string = value.rawString
            copy(suffix, to: string.mutableBytes + oldLength)
            string.length = total
            context.keyspace.store(key, value, expiry: .keep)
        }
        context.replyInteger(total)
    }

    static func strlen(_ context: inout CommandContext) {
        guard let entry = context.keyspace.lookupRead(context[1]) else { return context.replyInteger(0) }
        guard entry.type == .string else { return context.replyError(ReplyError.wrongType) }
        context.replyInteger(length(of: entry))
    }

    /// GETRANGE key start end (and SUBSTR), inclusive, negative indexes from the end.
    static func getrange(_ context: inout CommandContext) {
        guard let start = context.integerArgument(2), let end = context.integerArgument(3) else { return }
        guard let entry = context.keyspace.lookupRead(context[1]) else { return context.replyBulk(emptyBytes) }
        guard entry.type == .string else { return context.replyError(ReplyError.wrongType) }
        withBytes(of: entry) { bytes in
            guard let range = clampRange(start, end, count: bytes.count) else { return context.replyBulk(emptyBytes) }
            context.replyBulk(UnsafeRawBufferPointer(rebasing: bytes[range]))
        }
    }

    /// Redis 7.0's getrangeCommand index rules; nil for an empty result.
    static func clampRange(_ start: Int64, _ end: Int64, count: Int) -> Range<Int>? {
        if start < 0 && end < 0 && start > end { return nil }
        let length = Int64(count)
        var first = start < 0 ? length + start : start
        var last = end < 0 ? length + end : end
        if first < 0 { first = 0 }
        if last < 0 { last = 0 }
        if last >= length { last = length - 1 }
        guard first <= last, length > 0 else { return nil }
        return Int(first)..<Int(last + 1)
    }

    /// SETRANGE key offset value: zero-pads up to `offset`, overwrites from there.
    static func setrange(_ context: inout CommandContext) {
        guard let offset = context.integerArgument(2) else { return }
        guard offset >= 0 else { return context.replyError(ReplyError.offsetOutOfRange) }
        let key = context[1]
        let value = context[3]
        guard let entry = context.keyspace.lookupWrite(key) else {
            // Nothing to set on a missing key: reply 0 and create nothing.
            if value.isEmpty { return context.replyInteger(0) }
            guard let total = checkedStringLength(&context, Int(offset), plus: value.count) else { return }
            let (newValue, string) = zeroedRaw(length: total)
            copy(value, to: string.mutableBytes + Int(offset))
            context.keyspace.store(key, newValue)
            return context.replyInteger(total)
        }
        guard entry.type == .string else { return context.replyError(ReplyError.wrongType) }
        let oldLength = length(of: entry)
        if value.isEmpty { return context.replyInteger(oldLength) }
        guard let end = checkedStringLength(&context, Int(offset), plus: value.count) else { return }
        let string = unsharedRaw(entry, key: key, zeroPaddedTo: end, &context)
        copy(value, to: string.mutableBytes + Int(offset))
        context.keyspace.modified(key)
        context.replyInteger(string.length)
    }

    static var emptyBytes: UnsafeRawBufferPointer { UnsafeRawBufferPointer(start: nil, count: 0) }
}
