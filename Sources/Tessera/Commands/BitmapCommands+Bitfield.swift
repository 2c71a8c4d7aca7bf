/// BITFIELD key [GET type offset | SET type offset value | INCRBY type offset increment |
/// OVERFLOW WRAP|SAT|FAIL ...] and BITFIELD_RO (GET only). As in Redis, every subcommand is
/// parsed before any runs, so a bad one leaves the key untouched; the parse is simply done twice
/// (check, then run) rather than collecting the operations into an allocated list.
extension BitmapCommands {
    static let bitfieldTable: [CommandSpec] = [
        CommandSpec("bitfield", arity: -2, flags: [.write, .denyoom], keys: (1, 1, 1), group: .bitmap,
                    summary: "Perform arbitrary bitfield integer operations on strings", since: "3.2.0",
                    complexity: "O(1) for each subcommand specified", categories: ["write", "bitmap", "slow"],
                    handler: bitfield),
        CommandSpec("bitfield_ro", arity: -2, flags: [.readonly, .fast], keys: (1, 1, 1), group: .bitmap,
                    summary: "Perform arbitrary bitfield integer operations on strings. Read-only variant of BITFIELD",
                    since: "6.0.0", complexity: "O(1) for each subcommand specified",
                    categories: ["read", "bitmap", "fast"], handler: bitfieldReadOnly),
    ]

    static func bitfield(_ context: inout CommandContext) { bitfield(&context, readOnly: false) }

    static func bitfieldReadOnly(_ context: inout CommandContext) { bitfield(&context, readOnly: true) }

    private static func bitfield(_ context: inout CommandContext, readOnly: Bool) {
        var parser = BitfieldParser()
        var operationCount = 0
        var highestWrittenBit: Int? = nil
        parsing: while true {
            switch parser.next(&context) {
            case .failed:
                return
            case .end:
                break parsing
            case .operation(let operation):
                operationCount += 1
                if operation.kind != .get {
                    highestWrittenBit = max(highestWrittenBit ?? 0, operation.offset + operation.type.width - 1)
                }
            }
        }
        guard let highestWrittenBit else { return readFields(&context, operationCount) }
        if readOnly { return context.replyError(ReplyError.bitfieldReadOnly) }
        writeFields(&context, operationCount, length: highestWrittenBit >> 3 + 1)
    }

    /// Only GETs: the key is read, not created; a missing key reads as zeros.
    private static func readFields(_ context: inout CommandContext, _ operationCount: Int) {
        let entry = context.keyspace.lookupRead(context[1])
        if let entry, entry.type != .string { return context.replyError(ReplyError.wrongType) }
        context.replyArrayHeader(operationCount)
        var parser = BitfieldParser()
        guard let entry else {
            while case .operation(let operation) = parser.next(&context) {
                replyField(&context, Bitmap(StringCommands.emptyBytes), operation)
            }
            return
        }
        StringCommands.withBytes(of: entry) { bytes in
            while case .operation(let operation) = parser.next(&context) {
                replyField(&context, Bitmap(bytes), operation)
            }
        }
    }

    /// With a SET or INCRBY: the string is created or grown (zero padded) up to the farthest
    /// bit written before anything runs, even when every write then fails its OVERFLOW check.
    private static func writeFields(_ context: inout CommandContext, _ operationCount: Int, length: Int) {
        let key = context[1]
        let string: RawString
        if let entry = context.keyspace.lookupWrite(key) {
            guard entry.type == .string else { return context.replyError(ReplyError.wrongType) }
            string = StringCommands.unsharedRaw(entry, key: key, zeroPaddedTo: length, &context)
        } else {
            let (value, created) = StringCommands.zeroedRaw(length: length)
            // Recorded below with the number of writes, as Redis counts them.
            context.keyspace.table(for: key).store(key, hash: KeyHash.hash(key), value: value, expiry: .clear)
            string = created
        }
        context.replyArrayHeader(operationCount)
        var parser = BitfieldParser()
        var changes = 0
        while case .operation(let operation) = parser.next(&context) {
            if operation.kind == .get {
                replyField(&context, Bitmap(string.bytes), operation)
            } else {
                writeField(&context, string, operation)
                changes += 1
            }
        }
        context.keyspace.modified(key, changes: changes)
    }

    private static func replyField(_ context: inout CommandContext, _ bitmap: Bitmap, _ operation: BitfieldOperation) {
        let bits = bitmap.unsignedField(at: operation.offset, width: operation.type.width)
        context.replyInteger(value(of: bits, operation.type))
    }

    /// SET answers the old value, INCRBY the new one; nil when OVERFLOW FAIL refuses the write.
    private static func writeField(_ context: inout CommandContext, _ string: RawString, _ operation: BitfieldOperation) {
        let type = operation.type
        let oldBits = Bitmap(string.bytes).unsignedField(at: operation.offset, width: type.width)
        let old = UInt64(bitPattern: value(of: oldBits, type))
        let stored: UInt64?
        if operation.kind == .incrby {
            stored = operation.overflow.apply(old, plus: operation.value, as: type)
        } else {
            stored = operation.overflow.apply(UInt64(bitPattern: operation.value), plus: 0, as: type)
        }
        guard let stored else { return context.replyNull() }
        MutableBitmap(string.mutableBytes).setField(at: operation.offset, width: type.width, to: stored)
        context.replyInteger(Int64(bitPattern: operation.kind == .incrby ? stored : old))
    }

    /// The field's bits as the integer Redis replies with.
    private static func value(of bits: UInt64, _ type: BitfieldType) -> Int64 {
        type.signed ? type.signExtend(bits) : Int64(bitPattern: bits)
    }
}

/// One BITFIELD subcommand, checked.
struct BitfieldOperation {
    enum Kind { case get, set, incrby }
    let kind: Kind
    let type: BitfieldType
    /// In bits, `#n` already multiplied by the width.
    let offset: Int
    /// SET's value or INCRBY's increment.
    let value: Int64
    let overflow: BitfieldOverflow
}

/// Walks BITFIELD's subcommands in order, with the OVERFLOW policy in force for each; replies
/// Redis's error for the first malformed one.
struct BitfieldParser {
    enum Step { case operation(BitfieldOperation), end, failed }

    private var index = 2
    private var overflow = BitfieldOverflow.wrap

    mutating func next(_ context: inout CommandContext) -> Step {
        let arguments = context.arguments
        while index < arguments.count {
            let remaining = arguments.count - index - 1
            let kind: BitfieldOperation.Kind
            if arguments.matches(index, "GET") && remaining >= 2 {
                kind = .get
            } else if arguments.matches(index, "SET") && remaining >= 3 {
                kind = .set
            } else if arguments.matches(index, "INCRBY") && remaining >= 3 {
                kind = .incrby
            } else if arguments.matches(index, "OVERFLOW") && remaining >= 1 {
                guard let policy = BitfieldParser.policy(arguments, index + 1) else {
                    context.replyError(ReplyError.bitfieldOverflowInvalid)
                    return .failed
                }
                overflow = policy
                index += 2
                continue
            } else {
                context.replyError(ReplyError.syntax)
                return .failed
            }
            guard let type = BitfieldType(arguments[index + 1]) else {
                context.replyError(ReplyError.bitfieldTypeInvalid)
                return .failed
            }
            guard let offset = BitmapCommands.bitOffset(&context, index + 2, fieldWidth: type.width) else { return .failed }
            var value: Int64 = 0
            if kind != .get {
                guard let given = context.integerArgument(index + 3) else { return .failed }
                value = given
            }
            index += kind == .get ? 3 : 4
            return .operation(BitfieldOperation(kind: kind, type: type, offset: offset, value: value, overflow: overflow))
        }
        return .end
    }

    private static func policy(_ arguments: Arguments, _ index: Int) -> BitfieldOverflow? {
        if arguments.matches(index, "WRAP") { return .wrap }
        if arguments.matches(index, "SAT") { return .saturate }
        if arguments.matches(index, "FAIL") { return .fail }
        return nil
    }
}
