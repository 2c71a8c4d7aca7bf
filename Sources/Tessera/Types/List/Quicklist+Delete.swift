/// Deleting elements (quicklistDelIndex, quicklistDelEntry, quicklistDelRange). A node left
/// empty is freed; deletes never merge nodes, as in Redis.
extension Quicklist {
    /// Deletes the element at `cursor`; returns where an iteration from `end` goes on (the
    /// element that followed it in that direction), or nil at the end of the list.
    @discardableResult
    public func deleteEntry(_ cursor: Cursor, continuingFrom end: End = .head) -> Cursor? {
        let node = cursor.node
        let preceding = node.pointee.prev
        let following = node.pointee.next
        let after = node.pointee.entries.delete(at: cursor.position)
        node.pointee.count -= 1
        header.pointee.count -= 1
        if node.pointee.count == 0 {
            unlink(node)
            return end == .head ? Quicklist.firstCursor(of: following) : Quicklist.lastCursor(of: preceding)
        }
        if end == .head {
            guard let after else { return Quicklist.firstCursor(of: following) }
            return Cursor(node: node, position: after, offset: cursor.offset)
        }
        guard cursor.offset > 0,
              let before = node.pointee.entries.previous(before: after ?? node.pointee.entries.terminatorPosition)
        else { return Quicklist.lastCursor(of: preceding) }
        return Cursor(node: node, position: before, offset: cursor.offset - 1)
    }

    /// quicklistDelRange: deletes up to `count` elements from `start` (negative from the tail)
    /// towards the tail; whole nodes go at once.
    public func deleteRange(from start: Int, count: Int) {
        guard count > 0, let cursor = cursor(at: start) else { return }
        var node: NodePointer? = cursor.node
        var offset = cursor.offset
        var remaining = count
        while remaining > 0, let current = node {
            node = current.pointee.next
            let taken = min(remaining, current.pointee.count - offset)
            if offset == 0 && taken == current.pointee.count {
                unlink(current)
            } else {
                current.pointee.entries.deleteRange(index: offset, count: taken)
                current.pointee.count -= taken
                header.pointee.count -= taken
            }
            remaining -= taken
            offset = 0
        }
    }

    /// Removes up to `limit` elements equal to `element` (all with 0), walking from `end`:
    /// LREM. Returns how many went.
    public func remove(_ element: UnsafeRawBufferPointer, limit: Int, from end: End) -> Int {
        var removed = 0
        var cursor = end == .head ? first : last
        while let current = cursor {
            if matches(at: current, element) {
                cursor = deleteEntry(current, continuingFrom: end)
                removed += 1
                if limit > 0 && removed == limit { break }
            } else {
                cursor = step(current, from: end)
            }
        }
        return removed
    }

    /// quicklistReplaceAtIndex: LSET, in place in the element's node (7.0 does not split).
    public func replace(at index: Int, with element: UnsafeRawBufferPointer) -> Bool {
        guard let cursor = cursor(at: index) else { return false }
        cursor.node.pointee.entries.replace(at: cursor.position, with: .bytes(element))
        return true
    }

    static func firstCursor(of node: NodePointer?) -> Cursor? {
        guard let node, let position = node.pointee.entries.first else { return nil }
        return Cursor(node: node, position: position, offset: 0)
    }

    static func lastCursor(of node: NodePointer?) -> Cursor? {
        guard let node, let position = node.pointee.entries.last else { return nil }
        return Cursor(node: node, position: position, offset: node.pointee.count - 1)
    }
}
