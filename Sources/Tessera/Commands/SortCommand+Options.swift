/// SORT's arguments, parsed as sortCommandGeneric reads them: left to right, keywords in any
/// case, the last LIMIT / BY / STORE winning, GETs adding up; plus the two key finders the
/// router needs (Redis's sortGetKeys, and the keys this call may build from its patterns).
struct SortOptions {
    var descending = false
    var alpha = false
    var limitStart: Int64 = 0
    var limitCount: Int64 = -1
    /// Argument index of the BY pattern.
    var by: Int?
    /// Some BY pattern had no `*` (e.g. `nosort`): nothing is weighed or sorted, even when a
    /// later BY has one (Redis never clears the flag).
    var dontSort = false
    /// Argument indexes of the GET patterns, in order.
    var gets: [Int] = []
    /// Argument index of the STORE destination.
    var store: Int?

    enum Failure: Error {
        case syntax, notInteger

        var reply: StaticString {
            switch self {
            case .syntax: ReplyError.syntax
            case .notInteger: ReplyError.notInteger
            }
        }
    }

    /// SORT_RO (`readOnly`) knows no STORE: the word is a syntax error there, as in Redis.
    init(parsing arguments: Arguments, readOnly: Bool) throws(Failure) {
        var index = 2
        while index < arguments.count {
            let left = arguments.count - index - 1
            if arguments.matches(index, "asc") {
                descending = false
            } else if arguments.matches(index, "desc") {
                descending = true
            } else if arguments.matches(index, "alpha") {
                alpha = true
            } else if arguments.matches(index, "limit") && left >= 2 {
                guard let start = Integer.parseStrict(arguments[index + 1]),
                      let count = Integer.parseStrict(arguments[index + 2]) else { throw .notInteger }
                (limitStart, limitCount) = (start, count)
                index += 2
            } else if !readOnly && arguments.matches(index, "store") && left >= 1 {
                store = index + 1
                index += 1
            } else if arguments.matches(index, "by") && left >= 1 {
                by = index + 1
                if SortPattern(arguments[index + 1]).star == nil { dontSort = true }
                index += 1
            } else if arguments.matches(index, "get") && left >= 1 {
                gets.append(index + 1)
                index += 1
            } else {
                throw .syntax
            }
            index += 1
        }
    }

    /// Redis's sortGetKeys, which COMMAND GETKEYS reports: the sorted key and the last
    /// `STORE x`, found by skipping LIMIT's, GET's and BY's arguments, but not STORE's (so
    /// `STORE get STORE d` finds `get` where SORT stores into `d`; `reachedKeys` routes by
    /// what SORT really does).
    static func keyIndexes(_ arguments: Arguments) -> [Int] {
        var store: Int?
        var index = 2
        while index < arguments.count {
            if arguments.matches(index, "limit") {
                index += 2
            } else if arguments.matches(index, "get") || arguments.matches(index, "by") {
                index += 1
            } else if arguments.matches(index, "store") && index + 1 < arguments.count {
                store = index + 1
            }
            index += 1
        }
        return store.map { [1, $0] } ?? [1]
    }

    /// The keys a SORT may touch besides its key arguments (CommandSpec.reachedKeys): its real
    /// STORE destination, and for each BY or GET pattern that names keys, a key of their slot,
    /// or false when they may be in any slot (the call then holds every shard).
    static func reachedKeys(readOnly: Bool) -> (Arguments, (UnsafeRawBufferPointer) -> Void) -> Bool {
        { arguments, visit in
            // A call that fails to parse touches no key at all.
            guard let options = try? SortOptions(parsing: arguments, readOnly: readOnly) else { return true }
            if let store = options.store { visit(arguments[store]) }
            var patterns = options.gets
            if let by = options.by, !options.dontSort { patterns.append(by) }
            for index in patterns {
                let pattern = SortPattern(arguments[index])
                guard pattern.namesKeys else { continue }
                guard let sameSlot = pattern.fixedSlotKey else { return false }
                visit(sameSlot)
            }
            return true
        }
    }
}
