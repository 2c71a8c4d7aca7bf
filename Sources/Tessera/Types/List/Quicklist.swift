/// Redis 7.0's quicklist (src/quicklist.c): a doubly linked list of malloc'd nodes, each holding
/// a `Listpack` of up to `fill` entries or bytes (list-max-listpack-size). No compression:
/// list-compress-depth stays 0.
///
/// Everything lives outside ARC: the header and the nodes are malloc'd structs holding raw
/// pointers, so a forked child can walk a list without touching a reference count. The header
/// never moves, so its address is the list's identity in the keyspace (`payload`).
public struct Quicklist {
    public typealias NodePointer = UnsafeMutablePointer<QuicklistNode>

    let header: UnsafeMutablePointer<QuicklistHeader>

    /// Adopts a header made by `create` (the pointer a keyspace entry keeps).
    public init(header: UnsafeMutableRawPointer) {
        self.header = header.assumingMemoryBound(to: QuicklistHeader.self)
    }

    /// quicklistCreate + quicklistSetOptions(fill, 0).
    public static func create(fill: Int) -> Quicklist {
        let header = UnsafeMutablePointer<QuicklistHeader>.allocate(capacity: 1)
        header.initialize(to: QuicklistHeader(head: nil, tail: nil, count: 0, nodeCount: 0, fill: fill))
        return Quicklist(header: UnsafeMutableRawPointer(header))
    }

    /// The address stored in the key's entry.
    public var rawHeader: UnsafeMutableRawPointer { UnsafeMutableRawPointer(header) }

    /// Total number of elements.
    public var count: Int { header.pointee.count }
    public var isEmpty: Bool { header.pointee.count == 0 }
    public var nodeCount: Int { header.pointee.nodeCount }
    public var fill: Int { header.pointee.fill }
    public var head: NodePointer? { header.pointee.head }
    public var tail: NodePointer? { header.pointee.tail }

    /// quicklistRelease: frees every node, its listpack, and the header.
    public func free() {
        var node = header.pointee.head
        while let current = node {
            node = current.pointee.next
            Quicklist.releaseNode(current)
        }
        header.deallocate()
    }

    /// quicklistDup: a deep copy (COPY, and values copied across databases).
    public func clone() -> Quicklist {
        let copy = Quicklist.create(fill: fill)
        var node = header.pointee.head
        while let current = node {
            let duplicate = Quicklist.makeNode(Listpack(base: EncodingBlock.copy(current.pointee.entries.bytes)))
            copy.link(duplicate, after: copy.header.pointee.tail)
            copy.header.pointee.count += duplicate.pointee.count
            node = current.pointee.next
        }
        return copy
    }

    /// Bytes owned by the list: the header, the nodes and their listpacks (as malloc'd).
    public var bytesUsed: Int {
        var total = MemoryLayout<QuicklistHeader>.stride
        var node = header.pointee.head
        while let current = node {
            total += MemoryLayout<QuicklistNode>.stride + current.pointee.entries.totalBytes
            node = current.pointee.next
        }
        return total
    }

    // MARK: nodes

    static func makeNode(_ entries: Listpack) -> NodePointer {
        let node = NodePointer.allocate(capacity: 1)
        node.initialize(to: QuicklistNode(prev: nil, next: nil, entries: entries, count: entries.count))
        return node
    }

    static func releaseNode(_ node: NodePointer) {
        node.pointee.entries.free()
        node.deallocate()
    }

    /// __quicklistInsertNode: puts `node` after `anchor` (nil: as the new head). The caller
    /// accounts for the node's elements in `count`.
    func link(_ node: NodePointer, after anchor: NodePointer?) {
        node.pointee.prev = anchor
        if let anchor {
            node.pointee.next = anchor.pointee.next
            anchor.pointee.next = node
        } else {
            node.pointee.next = header.pointee.head
            header.pointee.head = node
        }
        if let following = node.pointee.next { following.pointee.prev = node } else { header.pointee.tail = node }
        header.pointee.nodeCount += 1
    }

    /// `link` before `anchor` (nil: as the new tail).
    func link(_ node: NodePointer, before anchor: NodePointer?) {
        link(node, after: anchor == nil ? header.pointee.tail : anchor!.pointee.prev)
    }

    /// __quicklistDelNode: unlinks and frees `node`, taking its elements out of `count`.
    func unlink(_ node: NodePointer) {
        if let following = node.pointee.next { following.pointee.prev = node.pointee.prev }
        if let preceding = node.pointee.prev { preceding.pointee.next = node.pointee.next }
        if header.pointee.tail == node { header.pointee.tail = node.pointee.prev }
        if header.pointee.head == node { header.pointee.head = node.pointee.next }
        header.pointee.nodeCount -= 1
        header.pointee.count -= node.pointee.count
        Quicklist.releaseNode(node)
    }
}

/// The list's header (struct quicklist): ends, element and node counts, and the fill it was
/// created with (Redis keeps a list's fill when list-max-listpack-size changes later).
public struct QuicklistHeader {
    var head: Quicklist.NodePointer?
    var tail: Quicklist.NodePointer?
    var count: Int
    var nodeCount: Int
    var fill: Int
}

/// One node (struct quicklistNode): its neighbours, its listpack and the listpack's entry count.
public struct QuicklistNode {
    public internal(set) var prev: Quicklist.NodePointer?
    public internal(set) var next: Quicklist.NodePointer?
    public internal(set) var entries: Listpack
    public internal(set) var count: Int

    /// The listpack's size in bytes (node->sz).
    public var bytes: Int { entries.totalBytes }
}
