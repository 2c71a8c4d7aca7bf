/// The list type API (t_list.c's listType* half): one list value, kept in its key's entry as
/// (.list, .quicklist, pointer to the quicklist's header). Commands call these and never touch a
/// node or a listpack. The header never moves, so no mutation has to store a new payload.
struct ListValue {
    let list: Quicklist

    init(_ list: Quicklist) {
        self.list = list
    }

    init(payload: UInt64) {
        list = Quicklist(header: UnsafeMutableRawPointer(bitPattern: UInt(payload))!)
    }

    /// The list held by `entry`, which must be a list (callers check `entry.type`).
    init(_ entry: Entry) {
        self.init(payload: entry.payload)
    }

    /// An empty list with the node fill list-max-listpack-size has now (createQuicklistObject).
    static func create(fill: Int) -> ListValue {
        ListValue(Quicklist.create(fill: fill))
    }

    /// The keyspace value that hands this list to a new key.
    var newValue: NewValue {
        NewValue(type: .list, encoding: .quicklist, payload: UInt64(UInt(bitPattern: list.rawHeader)), inline: nil)
    }

    var count: Int { list.count }

    func free() { list.free() }

    func clone() -> ListValue { ListValue(list.clone()) }

    // MARK: ends

    func push(_ element: UnsafeRawBufferPointer, at end: Quicklist.End) {
        list.push(element, at: end)
    }

    /// listTypePop: `body` sees the element (valid during the call) before it goes.
    @discardableResult
    func pop(from end: Quicklist.End, _ body: (UnsafeRawBufferPointer) -> Void) -> Bool {
        list.pop(from: end, body)
    }

    /// Pops up to `count` elements from `end`, each handed to `body` in pop order; returns how
    /// many went (LPOP/RPOP with a count, LMPOP): the range is read, then deleted at once.
    func pop(count: Int, from end: Quicklist.End, _ body: (UnsafeRawBufferPointer) -> Void) -> Int {
        let taken = min(count, list.count)
        guard taken > 0 else { return 0 }
        withScratch { scratch in
            var cursor = end == .head ? list.first : list.last
            for _ in 0..<taken {
                guard let current = cursor else { break }
                body(list.bytes(at: current, scratch: scratch))
                cursor = list.step(current, from: end)
            }
        }
        list.deleteRange(from: end == .head ? 0 : -taken, count: taken)
        return taken
    }

    // MARK: by index

    /// LINDEX: `body` sees the element at `index` (negative from the tail); false when out of range.
    @discardableResult
    func element(at index: Int, _ body: (UnsafeRawBufferPointer) -> Void) -> Bool {
        guard let cursor = list.cursor(at: index) else { return false }
        withScratch { body(list.bytes(at: cursor, scratch: $0)) }
        return true
    }

    /// LSET; false when `index` is out of range.
    func set(at index: Int, to element: UnsafeRawBufferPointer) -> Bool {
        list.replace(at: index, with: element)
    }

    /// The elements of the inclusive index range `start...stop` (already clamped into the list),
    /// from the head, or from `stop` back to `start` when `reversed`.
    func forEach(in range: ClosedRange<Int>, reversed: Bool = false, _ body: (UnsafeRawBufferPointer) -> Void) {
        guard var cursor = list.cursor(at: reversed ? range.upperBound : range.lowerBound) else { return }
        withScratch { scratch in
            for step in 0..<range.count {
                body(list.bytes(at: cursor, scratch: scratch))
                guard step + 1 < range.count,
                      let following = reversed ? list.previous(before: cursor) : list.next(after: cursor)
                else { return }
                cursor = following
            }
        }
    }

    /// LRANGE's and LTRIM's index arithmetic: the inclusive range `start...stop` (negative from
    /// the tail) clamped into the list, or nil when it selects nothing.
    func clampedRange(start: Int64, stop: Int64) -> ClosedRange<Int>? {
        let length = Int64(list.count)
        var from = start < 0 ? length + start : start
        var to = stop < 0 ? length + stop : stop
        if from < 0 { from = 0 }
        guard from <= to, from < length else { return nil }
        if to >= length { to = length - 1 }
        return Int(from)...Int(to)
    }

    // MARK: by value

    /// LINSERT: inserts `element` next to the first `pivot` from the head; false without a pivot.
    func insert(_ element: UnsafeRawBufferPointer, after: Bool, pivot: UnsafeRawBufferPointer) -> Bool {
        var cursor = list.first
        while let current = cursor {
            if list.matches(at: current, pivot) {
                if after { list.insert(element, after: current) } else { list.insert(element, before: current) }
                return true
            }
            cursor = list.next(after: current)
        }
        return false
    }

    /// LREM: removes `count` matches from the head (negative: from the tail, 0: all).
    func remove(_ element: UnsafeRawBufferPointer, count: Int64) -> Int {
        let limit = count == Int64.min ? Int.max : Int(count.magnitude)
        return list.remove(element, limit: limit, from: count < 0 ? .tail : .head)
    }

    /// LTRIM: keeps only `range` (nil: nothing); returns how many elements went.
    func trim(keeping range: ClosedRange<Int>?) -> Int {
        let length = list.count
        let fromHead = range?.lowerBound ?? length
        let fromTail = range.map { length - $0.upperBound - 1 } ?? 0
        list.deleteRange(from: 0, count: fromHead)
        list.deleteRange(from: -fromTail, count: fromTail)
        return fromHead + fromTail
    }

    /// LPOS: the indexes of matches from the `rank`-th on (negative rank: from the tail), at
    /// most `limit` of them (0: all), looking at no more than `maxLength` elements (0: all).
    func positions(of element: UnsafeRawBufferPointer, rank: Int, limit: Int, maxLength: Int,
                   _ found: (Int) -> Bool) {
        let fromTail = rank < 0
        // Redis negates a negative rank in a long: Int.min stays negative, so it skips nothing.
        let skip = rank == Int.min ? 0 : rank.magnitude - 1
        let length = list.count
        var cursor = fromTail ? list.last : list.first
        var scanned = 0
        var matches: UInt = 0
        var reported = 0
        while let current = cursor, maxLength == 0 || scanned < maxLength {
            if list.matches(at: current, element) {
                matches += 1
                if matches > skip {
                    reported += 1
                    guard found(fromTail ? length - scanned - 1 : scanned), limit == 0 || reported < limit else { return }
                }
            }
            scanned += 1
            cursor = fromTail ? list.previous(before: current) : list.next(after: current)
        }
    }
}
