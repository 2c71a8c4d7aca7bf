#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import NIOCore

/// LCS key1 key2 [LEN] [IDX] [MINMATCHLEN len] [WITHMATCHLEN] (Redis 7.0's lcsCommand): the
/// classic dynamic-programming table of UInt32 lengths, then one walk back from its corner that
/// yields the common subsequence and its ranges, last match first, with Redis's reply shapes.
extension StringCommands {
    static let lcsTable: [CommandSpec] = [
        CommandSpec("lcs", arity: -3, flags: [.readonly], keys: (1, 2, 1), group: .string,
                    summary: "Find longest common substring", since: "7.0.0",
                    complexity: "O(N*M) where N and M are the lengths of s1 and s2, respectively",
                    categories: ["read", "string", "slow"], handler: lcs),
    ]

    struct LCSOptions {
        var length = false, indexes = false, withMatchLength = false
        var minimumMatchLength: Int64 = 0
    }

    static func lcs(_ context: inout CommandContext) {
        let first = context.keyspace.lookupRead(context[1])
        let second = context.keyspace.lookupRead(context[2])
        if let first, first.type != .string { return context.replyError(ReplyError.lcsNotStrings) }
        if let second, second.type != .string { return context.replyError(ReplyError.lcsNotStrings) }
        var options = LCSOptions()
        var index = 3
        while index < context.arguments.count {
            if context.arguments.matches(index, "IDX") {
                options.indexes = true
            } else if context.arguments.matches(index, "LEN") {
                options.length = true
            } else if context.arguments.matches(index, "WITHMATCHLEN") {
                options.withMatchLength = true
            } else if context.arguments.matches(index, "MINMATCHLEN") && index + 1 < context.arguments.count {
                guard let minimum = context.integerArgument(index + 1) else { return }
                options.minimumMatchLength = max(minimum, 0)
                index += 1
            } else {
                return context.replyError(ReplyError.syntax)
            }
            index += 1
        }
        if options.length && options.indexes { return context.replyError(ReplyError.lcsLenAndIdx) }
        withOptionalBytes(of: first) { a in
            withOptionalBytes(of: second) { b in
                lcs(&context, a, b, options)
            }
        }
    }

    private static func withOptionalBytes<R>(of entry: Entry?, _ body: (UnsafeRawBufferPointer) -> R) -> R {
        guard let entry else { return body(emptyBytes) }
        return withBytes(of: entry, body)
    }

    private static func lcs(_ context: inout CommandContext, _ a: UnsafeRawBufferPointer, _ b: UnsafeRawBufferPointer,
                            _ options: LCSOptions) {
        guard a.count < Int(UInt32.max) - 1, b.count < Int(UInt32.max) - 1 else {
            return context.replyError(ReplyError.lcsStringTooLong)
        }
        let columns = b.count + 1
        let (cells, overflow1) = (a.count + 1).multipliedReportingOverflow(by: columns)
        let (byteCount, overflow2) = cells.multipliedReportingOverflow(by: MemoryLayout<UInt32>.stride)
        guard !overflow1 && !overflow2 else { return context.replyError(ReplyError.lcsAllocationFailed) }
        if byteCount > minimumProtoMaxBulkLen
            && Int64(byteCount) > context.engine.configuration.integer("proto-max-bulk-len")
        {
            return context.replyError(ReplyError.lcsTableTooLarge)
        }
        guard let memory = malloc(byteCount) else { return context.replyError(ReplyError.lcsAllocationFailed) }
        defer { free(memory) }
        let table = LCSTable(cells: memory.bindMemory(to: UInt32.self, capacity: cells), columns: columns)
        table.fill(a, b)
        let length = Int(table[a.count, b.count])

        if options.indexes {
            var count = 0
            table.walk(a, b, options.minimumMatchLength, character: { _, _ in }, range: { _, _, _, _, _ in count += 1 })
            context.replyMapHeader(2)
            context.reply.writeRESPBulkString("matches" as StaticString)
            context.replyArrayHeader(count)
            table.walk(a, b, options.minimumMatchLength, character: { _, _ in }) { aStart, aEnd, bStart, bEnd, matched in
                context.replyArrayHeader(options.withMatchLength ? 3 : 2)
                context.replyArrayHeader(2)
                context.replyInteger(aStart)
                context.replyInteger(aEnd)
                context.replyArrayHeader(2)
                context.replyInteger(bStart)
                context.replyInteger(bEnd)
                if options.withMatchLength { context.replyInteger(matched) }
            }
            context.reply.writeRESPBulkString("len" as StaticString)
            context.replyInteger(length)
        } else if options.length {
            context.replyInteger(length)
        } else {
            // The subsequence is built backwards straight into the reply's bulk string.
            context.reply.writeInteger(UInt8(ascii: "$"))
            Integer.withDigits(Int64(length)) { _ = context.reply.writeBytes($0) }
            context.reply.writeStaticString("\r\n")
            context.reply.writeWithUnsafeMutableBytes(minimumWritableBytes: length) { output in
                table.walk(a, b, 0, character: { position, byte in output[position] = byte },
                           range: { _, _, _, _, _ in })
                return length
            }
            context.reply.writeStaticString("\r\n")
        }
    }
}

/// LCS(i, j): the length of the longest common subsequence of a[0..<i] and b[0..<j].
private struct LCSTable {
    let cells: UnsafeMutablePointer<UInt32>
    let columns: Int

    subscript(i: Int, j: Int) -> UInt32 {
        get { cells[i * columns + j] }
        nonmutating set { cells[i * columns + j] = newValue }
    }

    func fill(_ a: UnsafeRawBufferPointer, _ b: UnsafeRawBufferPointer) {
        for j in 0...b.count { self[0, j] = 0 }
        guard a.count > 0 else { return }
        for i in 1...a.count {
            self[i, 0] = 0
            guard b.count > 0 else { continue }
            let byte = a[i - 1]
            for j in 1...b.count {
                if byte == b[j - 1] {
                    self[i, j] = self[i - 1, j - 1] + 1
                } else {
                    self[i, j] = max(self[i - 1, j], self[i, j - 1])
                }
            }
        }
    }

    /// Walks back from (a.count, b.count) as Redis does: `character(position, byte)` for each
    /// byte of the subsequence (last first), `range(aStart, aEnd, bStart, bEnd, length)` for
    /// each maximal run of matches at least `minimum` long (0: all), last run first.
    func walk(_ a: UnsafeRawBufferPointer, _ b: UnsafeRawBufferPointer, _ minimum: Int64,
              character: (Int, UInt8) -> Void, range: (Int, Int, Int, Int, Int) -> Void) {
        var i = a.count, j = b.count
        var position = Int(self[i, j])
        // aStart == a.count means "no run open".
        var aStart = a.count, aEnd = 0, bStart = 0, bEnd = 0
        while i > 0 && j > 0 {
            var emit = false
            if a[i - 1] == b[j - 1] {
                position -= 1
                character(position, a[i - 1])
                if aStart == a.count {
                    aStart = i - 1; aEnd = i - 1
                    bStart = j - 1; bEnd = j - 1
                } else if aStart == i && bStart == j {
                    aStart -= 1
                    bStart -= 1
                } else {
                    emit = true
                }
                if aStart == 0 || bStart == 0 { emit = true }
                i -= 1
                j -= 1
            } else {
                if self[i - 1, j] > self[i, j - 1] { i -= 1 } else { j -= 1 }
                if aStart != a.count { emit = true }
            }
            if emit {
                let matched = aEnd - aStart + 1
                if minimum == 0 || Int64(matched) >= minimum {
                    range(aStart, aEnd, bStart, bEnd, matched)
                }
                aStart = a.count
            }
        }
    }
}
