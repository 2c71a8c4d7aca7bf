/// Positions in a list: a node, an entry in its listpack and the entry's index within the node
/// (quicklistEntry). A cursor stays valid until the next mutation of its node.
extension Quicklist {
    public struct Cursor {
        public let node: NodePointer
        public let position: Listpack.Position
        /// The entry's index inside its node.
        public let offset: Int
    }

    /// quicklistGetIteratorAtIdx: the element at `index` (negative counts from the tail), walking
    /// the nodes from the nearer end; nil when out of range.
    public func cursor(at index: Int) -> Cursor? {
        let total = header.pointee.count
        let fromHead = index < 0 ? total + index : index
        guard fromHead >= 0, fromHead < total else { return nil }
        if fromHead <= total / 2 {
            var skipped = 0
            var node = header.pointee.head!
            while skipped + node.pointee.count <= fromHead {
                skipped += node.pointee.count
                node = node.pointee.next!
            }
            return cursor(in: node, offset: fromHead - skipped)
        }
        var remaining = total - 1 - fromHead
        var node = header.pointee.tail!
        while remaining >= node.pointee.count {
            remaining -= node.pointee.count
            node = node.pointee.prev!
        }
        return cursor(in: node, offset: node.pointee.count - 1 - remaining)
    }

    private func cursor(in node: NodePointer, offset: Int) -> Cursor? {
        guard let position = node.pointee.entries.seek(offset) else { return nil }
        return Cursor(node: node, position: position, offset: offset)
    }

    public var first: Cursor? {
        guard let node = header.pointee.head, let position = node.pointee.entries.first else { return nil }
        return Cursor(node: node, position: position, offset: 0)
    }

    public var last: Cursor? {
        guard let node = header.pointee.tail, let position = node.pointee.entries.last else { return nil }
        return Cursor(node: node, position: position, offset: node.pointee.count - 1)
    }

    /// The element after `cursor` (towards the tail), crossing into the next node.
    public func next(after cursor: Cursor) -> Cursor? {
        if let position = cursor.node.pointee.entries.next(after: cursor.position) {
            return Cursor(node: cursor.node, position: position, offset: cursor.offset + 1)
        }
        guard let node = cursor.node.pointee.next, let position = node.pointee.entries.first else { return nil }
        return Cursor(node: node, position: position, offset: 0)
    }

    /// The element before `cursor` (towards the head).
    public func previous(before cursor: Cursor) -> Cursor? {
        if let position = cursor.node.pointee.entries.previous(before: cursor.position) {
            return Cursor(node: cursor.node, position: position, offset: cursor.offset - 1)
        }
        guard let node = cursor.node.pointee.prev, let position = node.pointee.entries.last else { return nil }
        return Cursor(node: node, position: position, offset: node.pointee.count - 1)
    }

    /// Steps one element towards `end`'s opposite: `.head` iterates head to tail.
    @inline(__always)
    public func step(_ cursor: Cursor, from end: End) -> Cursor? {
        end == .head ? next(after: cursor) : previous(before: cursor)
    }

    /// The element as bytes; an integer entry is formatted into `scratch`.
    @inline(__always)
    public func bytes(at cursor: Cursor, scratch: UnsafeMutableRawBufferPointer) -> UnsafeRawBufferPointer {
        cursor.node.pointee.entries.bytes(at: cursor.position, scratch: scratch)
    }

    /// lpCompare: whether the element reads back as exactly `bytes`.
    @inline(__always)
    public func matches(at cursor: Cursor, _ bytes: UnsafeRawBufferPointer) -> Bool {
        cursor.node.pointee.entries.matches(at: cursor.position, bytes)
    }

    /// Calls `body` with up to `count` elements from `start`, towards the tail; `body` returns
    /// false to stop.
    public func forEach(from start: Int, count: Int, _ body: (UnsafeRawBufferPointer) -> Bool) {
        guard count > 0, var cursor = cursor(at: start) else { return }
        withScratch { scratch in
            var remaining = count
            while true {
                guard body(bytes(at: cursor, scratch: scratch)) else { return }
                remaining -= 1
                guard remaining > 0, let following = next(after: cursor) else { return }
                cursor = following
            }
        }
    }
}
