/// Pushing and popping at either end (quicklistPushHead / quicklistPushTail / quicklistPopCustom).
extension Quicklist {
    public enum End: Sendable {
        case head, tail
    }

    /// quicklistPush: into the end node when it has room, else into a new node at that end.
    public func push(_ element: UnsafeRawBufferPointer, at end: End) {
        let node = end == .head ? header.pointee.head : header.pointee.tail
        if let node, allowsInsert(into: node, elementSize: element.count) {
            if end == .head { node.pointee.entries.prepend(.bytes(element)) } else { node.pointee.entries.append(.bytes(element)) }
            node.pointee.count += 1
        } else {
            var entries = Listpack.create()
            entries.append(.bytes(element))
            let fresh = Quicklist.makeNode(entries)
            if end == .head { link(fresh, before: node) } else { link(fresh, after: node) }
        }
        header.pointee.count += 1
    }

    /// Hands the element at `end` to `body` (bytes valid during the call only), then removes
    /// it; false when the list is empty.
    @discardableResult
    public func pop(from end: End, _ body: (UnsafeRawBufferPointer) -> Void) -> Bool {
        guard let node = end == .head ? header.pointee.head : header.pointee.tail,
              let position = end == .head ? node.pointee.entries.first : node.pointee.entries.last
        else { return false }
        withScratch { scratch in body(node.pointee.entries.bytes(at: position, scratch: scratch)) }
        deleteEntry(Cursor(node: node, position: position, offset: end == .head ? 0 : node.pointee.count - 1))
        return true
    }
}

/// Room for an integer entry formatted as decimal, on the stack.
@inline(__always)
func withScratch<Result>(_ body: (UnsafeMutableRawBufferPointer) -> Result) -> Result {
    withUnsafeTemporaryAllocation(byteCount: Listpack.integerScratchSize, alignment: 1, body)
}
