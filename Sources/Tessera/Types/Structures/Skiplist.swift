/// Redis's zskiplist (t_zset.c) over malloc'd `SkiplistNode` blocks: members ordered by score,
/// then by member bytes; up to 32 levels with p = 1/4; a backward pointer per node and a span
/// per forward pointer, so rank queries and rank lookups are O(log n).
///
/// A `Skiplist` is the address of one malloc'd header block:
/// 0 head node (32 levels, no member), 8 tail, 16 length, 24 level, 32 random state.
/// Not thread-safe; `free()` must be called exactly once.
struct Skiplist {
    let header: UnsafeMutableRawPointer

    static let maxLevel = 32
    static let headerSize = 40

    init(header: UnsafeMutableRawPointer) { self.header = header }

    /// An empty skiplist. `seed` fixes its level draws (tests); by default it derives from
    /// the header's address, which needs no system call.
    static func make(seed: UInt64? = nil) -> Skiplist {
        let header = StructureMemory.allocate(headerSize)
        let list = Skiplist(header: header)
        let head = SkiplistNode.make(levelCount: maxLevel, score: 0, member: UnsafeRawBufferPointer(start: nil, count: 0))
        header.storeBytes(of: head.base, as: UnsafeMutableRawPointer.self)
        list.tailPointer = nil
        list.length = 0
        list.level = 1
        list.random = FastRandom(seed: seed ?? UInt64(UInt(bitPattern: header)) &* 0x9E37_79B9_7F4A_7C15)
        return list
    }

    // MARK: header fields

    var head: SkiplistNode { SkiplistNode(header.load(as: UnsafeMutableRawPointer.self)) }

    private var tailPointer: UnsafeMutableRawPointer? {
        get { header.load(fromByteOffset: 8, as: UnsafeMutableRawPointer?.self) }
        nonmutating set { header.storeBytes(of: newValue, toByteOffset: 8, as: UnsafeMutableRawPointer?.self) }
    }

    private(set) var length: Int {
        get { header.load(fromByteOffset: 16, as: Int.self) }
        nonmutating set { header.storeBytes(of: newValue, toByteOffset: 16, as: Int.self) }
    }

    /// Levels in use (at least 1).
    private(set) var level: Int {
        get { header.load(fromByteOffset: 24, as: Int.self) }
        nonmutating set { header.storeBytes(of: newValue, toByteOffset: 24, as: Int.self) }
    }

    /// The level generator's state, kept in the header so a draw allocates nothing.
    private var random: FastRandom {
        get { header.load(fromByteOffset: 32, as: FastRandom.self) }
        nonmutating set { header.storeBytes(of: newValue, toByteOffset: 32, as: FastRandom.self) }
    }

    var count: Int { length }
    var first: SkiplistNode? { head.forward(0) }
    var last: SkiplistNode? { tailPointer.map(SkiplistNode.init) }

    // MARK: insert and delete

    /// Inserts a member that is not already present (the caller's dict knows) and returns its
    /// node.
    @discardableResult
    func insert(score: Double, member: UnsafeRawBufferPointer) -> SkiplistNode {
        let node = SkiplistNode.make(levelCount: randomLevel(), score: score, member: member)
        link(node)
        return node
    }

    /// Deletes the node of (`score`, `member`). Returns whether it was present.
    @discardableResult
    func delete(score: Double, member: UnsafeRawBufferPointer) -> Bool {
        withUpdatePath(score: score, member: member) { update in
            guard let node = update[0].forward(0), node.equals(score, member) else { return false }
            unlink(node, update: update)
            StructureMemory.deallocate(node.base)
            return true
        }
    }

    /// Deletes and frees `node`, which must belong to this list.
    func delete(_ node: SkiplistNode) {
        withUpdatePath(score: node.score, member: node.member) { update in
            precondition(update[0].forward(0) == node, "node is not in this skiplist")
            unlink(node, update: update)
        }
        StructureMemory.deallocate(node.base)
    }

    /// Changes the score of `node` (zslUpdateScore). The node keeps its address, so a dict
    /// pointing at it stays valid: in place when the new score keeps its position, otherwise
    /// unlinked and linked again at its new position with its own levels. The search comes
    /// first, as in Redis: it leaves the previous node in cache for the in-place check, which
    /// then costs one load (the next node) instead of two cache misses before the search.
    func updateScore(of node: SkiplistNode, to newScore: Double) {
        let inPlace = withUpdatePath(score: node.score, member: node.member) { update -> Bool in
            precondition(update[0].forward(0) == node, "node is not in this skiplist")
            let previous = update[0] == head ? nil : update[0]
            if (previous.map { $0.score < newScore } ?? true) && (node.next.map { $0.score > newScore } ?? true) {
                return true
            }
            unlink(node, update: update)
            return false
        }
        if inPlace {
            node.score = newScore
            return
        }
        node.score = newScore
        for level in 0..<node.levelCount {
            node.setForward(level, nil)
            node.setSpan(level, 0)
        }
        link(node)
    }

    /// Links an unlinked node at its sorted position (zslInsert after the node is made).
    private func link(_ node: SkiplistNode) {
        let score = node.score, member = node.member
        withUnsafeTemporaryAllocation(of: SkiplistNode.self, capacity: Skiplist.maxLevel) { update in
            withUnsafeTemporaryAllocation(of: Int.self, capacity: Skiplist.maxLevel) { rank in
                var x = head
                for i in stride(from: level - 1, through: 0, by: -1) {
                    rank[i] = i == level - 1 ? 0 : rank[i + 1]
                    while let forward = x.forward(i), forward.precedes(score, member) {
                        rank[i] += x.span(i)
                        x = forward
                    }
                    update[i] = x
                }
                let nodeLevel = node.levelCount
                if nodeLevel > level {
                    for i in level..<nodeLevel {
                        rank[i] = 0
                        update[i] = head
                        head.setSpan(i, length)
                    }
                    level = nodeLevel
                }
                for i in 0..<nodeLevel {
                    node.setForward(i, update[i].forward(i))
                    update[i].setForward(i, node)
                    node.setSpan(i, update[i].span(i) - (rank[0] - rank[i]))
                    update[i].setSpan(i, rank[0] - rank[i] + 1)
                }
                for i in nodeLevel..<level { update[i].setSpan(i, update[i].span(i) + 1) }
                node.previous = update[0] == head ? nil : update[0]
                if let next = node.forward(0) { next.previous = node } else { tailPointer = node.base }
                length += 1
            }
        }
    }

    /// Calls `body` with, per level, the last node that sorts before (`score`, `member`).
    func withUpdatePath<R>(score: Double, member: UnsafeRawBufferPointer,
                           _ body: (UnsafeMutableBufferPointer<SkiplistNode>) -> R) -> R {
        withUnsafeTemporaryAllocation(of: SkiplistNode.self, capacity: Skiplist.maxLevel) { update in
            var x = head
            for i in stride(from: level - 1, through: 0, by: -1) {
                while let forward = x.forward(i), forward.precedes(score, member) { x = forward }
                update[i] = x
            }
            return body(update)
        }
    }

    /// Unlinks `node` given its update path (zslDeleteNode); the caller frees or relinks it.
    func unlink(_ node: SkiplistNode, update: UnsafeMutableBufferPointer<SkiplistNode>) {
        for i in 0..<level {
            if update[i].forward(i) == node {
                update[i].setSpan(i, update[i].span(i) + node.span(i) - 1)
                update[i].setForward(i, node.forward(i))
            } else {
                update[i].setSpan(i, update[i].span(i) - 1)
            }
        }
        if let next = node.forward(0) { next.previous = node.previous } else { tailPointer = node.previous?.base }
        while level > 1 && head.forward(level - 1) == nil { level -= 1 }
        length -= 1
    }

    /// 1 plus one more level with probability 1/4 each time, capped at 32 (zslRandomLevel).
    private func randomLevel() -> Int {
        var level = 1
        var generator = random
        while level < Skiplist.maxLevel && generator.next() & 0xFFFF < 0x4000 { level += 1 }
        random = generator
        return level
    }

    // MARK: whole-list operations

    /// Frees every node, keeping the list usable and empty.
    func removeAll() {
        var cursor = first
        while let node = cursor {
            cursor = node.next
            StructureMemory.deallocate(node.base)
        }
        for i in 0..<Skiplist.maxLevel {
            head.setForward(i, nil)
            head.setSpan(i, 0)
        }
        tailPointer = nil
        length = 0
        level = 1
    }

    /// Frees everything, header included. The list must not be used again.
    func free() {
        removeAll()
        StructureMemory.deallocate(head.base)
        StructureMemory.deallocate(header)
    }

    /// A deep copy with the same members and scores (COPY of a sorted set).
    func clone() -> Skiplist {
        var generator = random
        let copy = Skiplist.make(seed: generator.next())
        var cursor = first
        while let node = cursor {
            copy.insert(score: node.score, member: node.member)
            cursor = node.next
        }
        return copy
    }

    /// Bytes the allocator holds for the header, the head node and every node.
    var bytesUsed: Int {
        var total = StructureMemory.usableSize(header) + StructureMemory.usableSize(head.base)
        var cursor = first
        while let node = cursor {
            total += StructureMemory.usableSize(node.base)
            cursor = node.next
        }
        return total
    }

    /// Visits nodes from `start` (default: the first, or the last when `reverse`) towards the
    /// tail, or the head when `reverse`, until `body` returns false. `body` must not write.
    func forEach(from start: SkiplistNode? = nil, reverse: Bool = false, _ body: (SkiplistNode) -> Bool) {
        var cursor = start ?? (reverse ? last : first)
        while let node = cursor, body(node) {
            cursor = reverse ? node.previous : node.next
        }
    }
}
