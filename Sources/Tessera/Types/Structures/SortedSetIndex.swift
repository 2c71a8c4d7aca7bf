/// A `skiplist`-encoded sorted set: Redis's zset pair of a `Skiplist` (order, ranks, ranges)
/// and a `ByteDict` of kind `.node` from member to node (ZSCORE and membership in O(1)). The
/// dict entries point at the nodes, which hold the member bytes, so each member is stored once.
///
/// One malloc'd block holds the two headers' addresses: 0 skiplist, 8 dict. Every change goes
/// through this type (or a range deletion through `deleteRange`), which keeps both in step.
struct SortedSetIndex {
    let header: UnsafeMutableRawPointer

    init(header: UnsafeMutableRawPointer) { self.header = header }

    static func make(seed: UInt64? = nil) -> SortedSetIndex {
        let header = StructureMemory.allocate(16)
        header.storeBytes(of: Skiplist.make(seed: seed).header, as: UnsafeMutableRawPointer.self)
        header.storeBytes(of: ByteDict.make(.node).header, toByteOffset: 8, as: UnsafeMutableRawPointer.self)
        return SortedSetIndex(header: header)
    }

    var list: Skiplist { Skiplist(header: header.load(as: UnsafeMutableRawPointer.self)) }
    var dict: ByteDict { ByteDict(header: header.load(fromByteOffset: 8, as: UnsafeMutableRawPointer.self)) }
    var count: Int { list.count }

    /// What `add` did, for ZADD's reply (added) and CH (added or updated).
    enum AddOutcome: Equatable {
        case added
        case updated
        case unchanged
    }

    /// Adds `member` with `score`, or moves an existing member to `score`. NaN is the caller's
    /// to refuse, as ZADD does before any change.
    @discardableResult
    func add(_ member: UnsafeRawBufferPointer, score: Double) -> AddOutcome {
        if let node = node(of: member) {
            guard node.score != score else { return .unchanged }
            list.updateScore(of: node, to: score)
            return .updated
        }
        let node = list.insert(score: score, member: member)
        dict.insert(node: node.base)
        return .added
    }

    func node(of member: UnsafeRawBufferPointer) -> SkiplistNode? {
        dict.find(member).map { SkiplistNode($0.node) }
    }

    func score(of member: UnsafeRawBufferPointer) -> Double? { node(of: member)?.score }

    /// Removes `member`. Returns whether it was present.
    @discardableResult
    func remove(_ member: UnsafeRawBufferPointer) -> Bool {
        guard let node = node(of: member) else { return false }
        dict.remove(member)
        list.delete(node)
        return true
    }

    /// The 0-based rank of `member`, from the lowest score or (`reverse`) the highest.
    func rank(of member: UnsafeRawBufferPointer, reverse: Bool = false) -> Int? {
        guard let node = node(of: member), let rank = list.rank(score: node.score, member: node.member) else { return nil }
        return reverse ? count - 1 - rank : rank
    }

    // MARK: range deletion, keeping the dict in step

    /// Removes every member scored inside `range`; `removing` sees each node before it is
    /// freed (to reply with ZPOPMIN's members, say). Returns how many were removed.
    @discardableResult
    func deleteRange(_ range: ScoreRange, removing: (SkiplistNode) -> Void = { _ in }) -> Int {
        list.deleteRange(range) { node in forget(node, removing) }
    }

    @discardableResult
    func deleteRange(_ range: LexRange, removing: (SkiplistNode) -> Void = { _ in }) -> Int {
        list.deleteRange(range) { node in forget(node, removing) }
    }

    @discardableResult
    func deleteRange(ranks: ClosedRange<Int>, removing: (SkiplistNode) -> Void = { _ in }) -> Int {
        list.deleteRange(ranks: ranks) { node in forget(node, removing) }
    }

    private func forget(_ node: SkiplistNode, _ removing: (SkiplistNode) -> Void) {
        removing(node)
        dict.remove(node.member)
    }

    // MARK: whole set

    /// Frees everything. The index must not be used again.
    func free() {
        dict.free()
        list.free()
        StructureMemory.deallocate(header)
    }

    /// A deep copy (COPY): the skiplist is cloned and the dict rebuilt over the new nodes.
    func clone() -> SortedSetIndex {
        let copyList = list.clone()
        let copyDict = ByteDict.make(.node)
        if count > 0 { copyDict.reserve(count) }
        copyList.forEach { node in copyDict.insert(node: node.base); return true }
        let header = StructureMemory.allocate(16)
        header.storeBytes(of: copyList.header, as: UnsafeMutableRawPointer.self)
        header.storeBytes(of: copyDict.header, toByteOffset: 8, as: UnsafeMutableRawPointer.self)
        return SortedSetIndex(header: header)
    }

    var bytesUsed: Int { StructureMemory.usableSize(header) + list.bytesUsed + dict.bytesUsed }
}
