/// SORT and SORT_RO (Redis 7.0's sort.c) on lists, sets and sorted sets, with Redis 7.0's
/// replies and errors. This file: the table rows and the command's course (parse, look up,
/// load, weigh, sort, answer); `+Options` parses the arguments and finds the keys a call
/// touches, `+Pattern` reads BY and GET patterns, `+Comparison` holds the vector and its
/// order, `+Output` replies or stores.
///
/// Routing: BY and GET patterns name keys that are only known while SORT runs, and those may
/// live on any shard. A call with such a pattern (or a STORE destination on another shard)
/// therefore runs holding every shard it may touch, through `Engine.runHoldingShards` like
/// MSET: all shards, or only the pattern's shard when its key text before the `*` holds a
/// whole `{tag}`. A SORT of one key without patterns (or with `#`, or `BY nosort`) runs on its
/// key's shard like any single-key command (`CommandSpec.reachedKeys`).
///
/// Like Redis 7.0, SORT converts a listpack sorted set to a skiplist before reading it (so
/// OBJECT ENCODING says `skiplist` afterwards), and sorts a set's members ALPHA when told
/// `BY nosort ... STORE`, so the stored list does not depend on the hashtable's order.
///
/// ALPHA order: Redis 7.0 compares with strcoll under the locale of its environment
/// (`setlocale(LC_COLLATE, "")`); in the C and C.UTF-8 locales, the usual ones for a server,
/// that is byte order up to the first NUL, which Tessera uses whatever the locale. Where Redis
/// leaves the order open, it may differ: items whose ALPHA BY values are equal keep their load
/// order (as glibc's merge sort keeps them), but a set's or a sorted set's load order is its
/// hashtable's, and with LIMIT Redis's partial quicksort does not keep it.
enum SortCommand {
    static let complexity = "O(N+M*log(M)) where N is the number of elements in the list or set to sort, and M the "
        + "number of returned elements. When the elements are not sorted, complexity is O(N)."

    static let table: [CommandSpec] = [
        CommandSpec("sort", arity: -2, flags: [.write, .denyoom], keys: (1, 1, 1), group: .generic,
                    summary: "Sort the elements in a list, set or sorted set", since: "1.0.0",
                    complexity: complexity, categories: ["write", "set", "sortedset", "list", "dangerous"],
                    keyIndexes: SortOptions.keyIndexes, reachedKeys: SortOptions.reachedKeys(readOnly: false),
                    handler: { SortCommand.sort(&$0, readOnly: false) }),
        CommandSpec("sort_ro", arity: -2, flags: [.readonly], keys: (1, 1, 1), group: .generic,
                    summary: "Sort the elements in a list, set or sorted set. Read-only variant of SORT.",
                    since: "7.0.0", complexity: complexity,
                    categories: ["read", "set", "sortedset", "list", "dangerous"],
                    keyIndexes: { _ in [1] }, reachedKeys: SortOptions.reachedKeys(readOnly: true),
                    handler: { SortCommand.sort(&$0, readOnly: true) }),
    ]

    static func sort(_ context: inout CommandContext, readOnly: Bool) {
        var options: SortOptions
        do throws(SortOptions.Failure) {
            options = try SortOptions(parsing: context.arguments, readOnly: readOnly)
        } catch {
            return context.replyError(error.reply)
        }
        let entry = context.keyspace.lookupRead(context[1])
        if let entry, entry.type != .list && entry.type != .set && entry.type != .zset {
            return context.replyError(ReplyError.wrongType)
        }
        if options.dontSort && entry?.type == .set && options.store != nil {
            options.dontSort = false
            options.alpha = true
            options.by = nil
        }
        if let entry, entry.type == .zset { convertToSkiplist(entry, &context) }
        let length = entry.map(SortCommand.count) ?? 0
        var window = limitWindow(start: options.limitStart, count: options.limitCount, length: length)

        var vector = SortVector()
        vector.items.reserveCapacity(options.dontSort && entry?.type != .set ? window.count : length)
        if let entry {
            if options.dontSort && entry.type != .set {
                // Lists and sorted sets have an order of their own: only the window is read,
                // from the far end for DESC.
                loadRange(entry, window, descending: options.descending, into: &vector)
                window = 0..<window.count
            } else {
                loadAll(entry, into: &vector)
            }
        }
        if !options.dontSort {
            let by = options.by.map { SortPattern(context[$0]) }
            guard weigh(&vector, by: by, alpha: options.alpha, keyspace: context.keyspace) else {
                return context.replyError(ReplyError.scoresNotDoubles)
            }
            SortOrder(alpha: options.alpha, byPattern: options.by != nil, binary: options.store != nil,
                      descending: options.descending).sort(&vector)
        }
        let gets = options.gets.map { SortPattern(context[$0]) }
        if let store = options.store {
            let destination = context[store]
            SortCommand.store(&context, vector, window: window, gets: gets, into: destination)
        } else {
            reply(&context, vector, window: window, gets: gets)
        }
    }

    /// LIMIT offset count against `length` elements (7.0's clamping): a negative offset is 0,
    /// a negative count means all the rest.
    static func limitWindow(start: Int64, count: Int64, length: Int) -> Range<Int> {
        let first = Int(min(max(start, 0), Int64(length)))
        let wanted = min(max(count, -1), Int64(length))
        guard first < length else { return 0..<0 }
        let end = wanted < 0 ? length : min(first + Int(wanted), length)
        return first..<max(first, end)
    }

    // MARK: loading

    private static func count(_ entry: Entry) -> Int {
        switch entry.type {
        case .list: ListValue(entry).count
        case .set: SetValue(entry).count
        default: SortedSetValue(entry).count
        }
    }

    /// zsetConvert(OBJ_ENCODING_SKIPLIST), which Redis's SORT applies to every sorted set it reads.
    private static func convertToSkiplist(_ entry: Entry, _ context: inout CommandContext) {
        var value = SortedSetValue(entry)
        guard value.isListpack else { return }
        value.convertToSkiplist()
        context.keyspace.table(for: context[1]).setPayload(of: entry, encoding: value.encoding,
                                                          payload: value.payloadBits)
    }

    /// Every element, in the value's own order (a set's: intset ascending, hashtable buckets).
    private static func loadAll(_ entry: Entry, into vector: inout SortVector) {
        switch entry.type {
        case .list:
            let list = ListValue(entry)
            if list.count > 0 { list.forEach(in: 0...(list.count - 1)) { vector.append($0) } }
        case .set:
            SetValue(entry).forEach { member in member.withBytes { vector.append($0) } }
        default:
            SortedSetValue(entry).forEach { member, _ in
                vector.append(member)
                return true
            }
        }
    }

    /// The elements at positions `window` of a list or a sorted set, counted from the tail (the
    /// highest score) when `descending`, in that direction.
    private static func loadRange(_ entry: Entry, _ window: Range<Int>, descending: Bool,
                                  into vector: inout SortVector) {
        guard !window.isEmpty else { return }
        let ranks = window.lowerBound...(window.upperBound - 1)
        if entry.type == .list {
            let list = ListValue(entry)
            let last = list.count - 1
            let indexes = descending ? (last - ranks.upperBound)...(last - ranks.lowerBound) : ranks
            list.forEach(in: indexes, reversed: descending) { vector.append($0) }
        } else {
            SortedSetValue(entry).forEach(ranks: ranks, reverse: descending) { member, _ in
                vector.append(member)
                return true
            }
        }
    }

    // MARK: weights

    /// Loads what each item is compared by: its weight (the element, or its BY value, read as a
    /// number), or for ALPHA its BY value. False when a weight is not a number.
    private static func weigh(_ vector: inout SortVector, by: SortPattern?, alpha: Bool,
                              keyspace: KeyspaceView) -> Bool {
        if alpha && by == nil { return true }
        var numbers = true
        let elements = vector.elements
        elements.withUnsafeBytes { elements in
            for index in vector.items.indices {
                let element = SortVector.bytes(of: vector.items[index], in: elements)
                guard let by else {
                    numbers = setWeight(element, of: index, in: &vector) && numbers
                    continue
                }
                by.withValue(for: element, in: keyspace) { value in
                    guard let value else { return }
                    if alpha {
                        vector.setByValue(value, of: index)
                    } else {
                        numbers = setWeight(value, of: index, in: &vector) && numbers
                    }
                }
            }
        }
        return numbers
    }

    private static func setWeight(_ bytes: UnsafeRawBufferPointer, of index: Int, in vector: inout SortVector) -> Bool {
        guard let weight = weight(of: bytes) else { return false }
        vector.items[index].weight = weight
        return true
    }

    /// A weight as SORT reads it: strtod up to the end of the C string (so trailing bytes after
    /// a NUL are ignored and "" is 0), leading spaces allowed, no overflow or underflow, no NaN.
    static func weight(of bytes: UnsafeRawBufferPointer) -> Double? {
        if let integer = Integer.parseStrict(bytes) { return Double(integer) }
        let reading = CStrtod.read(bytes)
        guard reading.consumed == bytes.count || bytes[reading.consumed] == 0,
              !reading.rangeError, !reading.value.isNaN else { return nil }
        return reading.value
    }
}
