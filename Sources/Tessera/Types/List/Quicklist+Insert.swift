/// Inserting next to an element (Redis 7.0's _quicklistInsert): into the element's node when it
/// has room, else into the neighbour at that edge, else a new node, else the node is split at
/// the element and the pieces around it merged where they fit (_quicklistMergeNodes).
extension Quicklist {
    public func insert(_ element: UnsafeRawBufferPointer, before cursor: Cursor) {
        insert(element, at: cursor, after: false)
    }

    public func insert(_ element: UnsafeRawBufferPointer, after cursor: Cursor) {
        insert(element, at: cursor, after: true)
    }

    private func insert(_ element: UnsafeRawBufferPointer, at cursor: Cursor, after: Bool) {
        let node = cursor.node
        let size = element.count
        header.pointee.count += 1
        if allowsInsert(into: node, elementSize: size) {
            if after {
                node.pointee.entries.insert(.bytes(element), after: cursor.position)
            } else {
                node.pointee.entries.insert(.bytes(element), before: cursor.position)
            }
            node.pointee.count += 1
            return
        }
        let atTail = after && cursor.offset == node.pointee.count - 1
        let atHead = !after && cursor.offset == 0
        if atTail, let following = node.pointee.next {
            if allowsInsert(into: following, elementSize: size) {
                following.pointee.entries.prepend(.bytes(element))
                following.pointee.count += 1
            } else {
                link(Quicklist.singleton(element), after: node)
            }
            return
        }
        if atHead, let preceding = node.pointee.prev {
            if allowsInsert(into: preceding, elementSize: size) {
                preceding.pointee.entries.append(.bytes(element))
                preceding.pointee.count += 1
            } else {
                link(Quicklist.singleton(element), before: node)
            }
            return
        }
        split(node, at: cursor.offset, inserting: element, after: after)
    }

    /// _quicklistSplitNode + the insert into the new half, then _quicklistMergeNodes.
    private func split(_ node: NodePointer, at offset: Int, inserting element: UnsafeRawBufferPointer, after: Bool) {
        var copy = Listpack(base: EncodingBlock.copy(node.pointee.entries.bytes))
        if after {
            node.pointee.entries.deleteRange(index: offset + 1, count: Int.max)
            copy.deleteRange(index: 0, count: offset + 1)
            copy.prepend(.bytes(element))
        } else {
            node.pointee.entries.deleteRange(index: 0, count: offset)
            copy.deleteRange(index: offset, count: Int.max)
            copy.append(.bytes(element))
        }
        node.pointee.count = node.pointee.entries.count
        let fresh = Quicklist.makeNode(copy)
        if after { link(fresh, after: node) } else { link(fresh, before: node) }
        mergeAround(node)
    }

    /// _quicklistMergeNodes: the two nodes before `center`, the two after, then `center` with
    /// its neighbours, wherever the fill allows.
    private func mergeAround(_ center: NodePointer) {
        let preceding = center.pointee.prev
        let following = center.pointee.next
        if allowsMerge(preceding, preceding?.pointee.prev) { merge(preceding!.pointee.prev!, preceding!) }
        if allowsMerge(following, following?.pointee.next) { merge(following!, following!.pointee.next!) }
        var target = center
        if allowsMerge(center, center.pointee.prev) { target = merge(center.pointee.prev!, center) }
        if allowsMerge(target, target.pointee.next) { merge(target, target.pointee.next!) }
    }

    /// Moves `second`'s entries to the end of `first` (its predecessor) and frees `second`.
    @discardableResult
    private func merge(_ first: NodePointer, _ second: NodePointer) -> NodePointer {
        var position = second.pointee.entries.first
        while let current = position {
            switch second.pointee.entries.value(at: current) {
            case .integer(let integer): first.pointee.entries.append(.integer(integer))
            case .bytes(let bytes): first.pointee.entries.append(.bytes(bytes))
            }
            position = second.pointee.entries.next(after: current)
        }
        first.pointee.count += second.pointee.count
        header.pointee.count += second.pointee.count
        unlink(second)
        return first
    }

    static func singleton(_ element: UnsafeRawBufferPointer) -> NodePointer {
        var entries = Listpack.create()
        entries.append(.bytes(element))
        return makeNode(entries)
    }
}
