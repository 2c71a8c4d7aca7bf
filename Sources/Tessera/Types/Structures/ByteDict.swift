/// Redis's dict for the members of one collection (a `hashtable` hash or set, the member index
/// of a `skiplist` sorted set): chained `ByteDictEntry` blocks under power-of-two bucket arrays,
/// all malloc'd, reached from one malloc'd header. A `ByteDict` is only that header's address,
/// so a value stores it in one word and a forked child walks it without reference counting.
///
/// It grows at load factor 1 and shrinks below 10% full, as Redis does, always incrementally:
/// each write moves one bucket of a rehash under way (`rehashStep`), so no single command moves
/// millions of entries. Reads never rehash, which keeps them safe for a reader that must not
/// write (a snapshot child).
///
/// Header layout (bytes): tables 0 and 1 at 0 and 24, each {slots, size, used}; 48 rehashIndex
/// (-1 when idle); 56 value kind.
///
/// Not thread-safe; `free()` must be called exactly once.
struct ByteDict {
    /// What each entry carries besides its member.
    enum ValueKind: UInt8 {
        /// Nothing (set members).
        case none = 0
        /// Variable-length value bytes (hash fields).
        case bytes = 1
        /// A pointer to a block that holds the member itself (a sorted set's skiplist node), so
        /// the member bytes are stored once; the block keeps a UInt32 member length at byte 16
        /// and the UInt32 offset of the bytes at byte 20 (`ByteDictEntry.member(ofNode:)`).
        case node = 2
    }

    let header: UnsafeMutableRawPointer

    static let initialSize = 4
    static let headerSize = 64

    /// Adopts a header made by `make` (read back from a value's payload).
    init(header: UnsafeMutableRawPointer) { self.header = header }

    /// A new empty dict; bucket arrays are allocated on the first insert.
    static func make(_ kind: ValueKind) -> ByteDict {
        let header = StructureMemory.allocate(headerSize)
        header.initializeMemory(as: UInt8.self, repeating: 0, count: headerSize)
        let dict = ByteDict(header: header)
        dict.rehashIndex = -1
        header.storeBytes(of: kind.rawValue, toByteOffset: 56, as: UInt8.self)
        return dict
    }

    var kind: ValueKind { ValueKind(rawValue: header.load(fromByteOffset: 56, as: UInt8.self))! }
    var count: Int { used(0) + used(1) }
    var isEmpty: Bool { count == 0 }
    var isRehashing: Bool { rehashIndex >= 0 }

    // MARK: header fields

    func slots(_ table: Int) -> UnsafeMutablePointer<UnsafeMutableRawPointer?>? {
        header.load(fromByteOffset: table * 24, as: UnsafeMutablePointer<UnsafeMutableRawPointer?>?.self)
    }

    func size(_ table: Int) -> Int { header.load(fromByteOffset: table * 24 + 8, as: Int.self) }
    func used(_ table: Int) -> Int { header.load(fromByteOffset: table * 24 + 16, as: Int.self) }
    func mask(_ table: Int) -> Int { size(table) &- 1 }

    func setTableFields(_ table: Int, slots: UnsafeMutablePointer<UnsafeMutableRawPointer?>?, size: Int, used: Int) {
        header.storeBytes(of: slots, toByteOffset: table * 24, as: UnsafeMutablePointer<UnsafeMutableRawPointer?>?.self)
        header.storeBytes(of: size, toByteOffset: table * 24 + 8, as: Int.self)
        header.storeBytes(of: used, toByteOffset: table * 24 + 16, as: Int.self)
    }

    func addUsed(_ table: Int, _ delta: Int) {
        header.storeBytes(of: used(table) + delta, toByteOffset: table * 24 + 16, as: Int.self)
    }

    var rehashIndex: Int {
        get { header.load(fromByteOffset: 48, as: Int.self) }
        nonmutating set { header.storeBytes(of: newValue, toByteOffset: 48, as: Int.self) }
    }

    // MARK: lookup

    /// Where an entry sits: its table, bucket and predecessor in the chain.
    private struct Position {
        var table: Int
        var bucket: Int
        var previous: UnsafeMutableRawPointer?
        var entry: ByteDictEntry
    }

    func find(_ member: UnsafeRawBufferPointer) -> ByteDictEntry? {
        locate(member, hash32: ByteDict.hash32(member))?.entry
    }

    func contains(_ member: UnsafeRawBufferPointer) -> Bool { find(member) != nil }

    private func locate(_ member: UnsafeRawBufferPointer, hash32: UInt32) -> Position? {
        let kind = self.kind
        for table in 0...(isRehashing ? 1 : 0) {
            guard let slots = slots(table) else { continue }
            let bucket = Int(hash32) & mask(table)
            var previous: UnsafeMutableRawPointer? = nil
            var cursor = slots[bucket]
            while let current = cursor {
                let entry = ByteDictEntry(current, kind: kind)
                if entry.matches(member, hash32: hash32) {
                    return Position(table: table, bucket: bucket, previous: previous, entry: entry)
                }
                previous = current
                cursor = entry.next
            }
        }
        return nil
    }

    @inline(__always)
    static func hash32(_ member: UnsafeRawBufferPointer) -> UInt32 {
        UInt32(truncatingIfNeeded: KeyHash.hash(member))
    }

    // MARK: writes

    /// Adds a member of a `.none` dict (SADD). Returns whether it was new.
    @discardableResult
    func insert(_ member: UnsafeRawBufferPointer) -> Bool {
        precondition(kind == .none)
        let hash32 = ByteDict.hash32(member)
        rehashStep()
        guard locate(member, hash32: hash32) == nil else { return false }
        link(ByteDictEntry.make(member: member, hash32: hash32))
        return true
    }

    /// Sets a member's value in a `.bytes` dict (HSET), replacing an old value. Returns whether
    /// the member was new.
    @discardableResult
    func set(_ member: UnsafeRawBufferPointer, value: UnsafeRawBufferPointer) -> Bool {
        precondition(kind == .bytes)
        let hash32 = ByteDict.hash32(member)
        rehashStep()
        guard let position = locate(member, hash32: hash32) else {
            link(ByteDictEntry.make(member: member, value: value, hash32: hash32))
            return true
        }
        if position.entry.value.count == value.count {
            position.entry.overwriteValue(value)
        } else {
            replace(position, with: ByteDictEntry.make(member: member, value: value, hash32: hash32))
        }
        return false
    }

    /// Indexes a `.node` block under the member it holds. Returns false, changing nothing, when
    /// that member is already present.
    @discardableResult
    func insert(node: UnsafeMutableRawPointer) -> Bool {
        precondition(kind == .node)
        let member = ByteDictEntry.member(ofNode: node)
        let hash32 = ByteDict.hash32(member)
        rehashStep()
        guard locate(member, hash32: hash32) == nil else { return false }
        link(ByteDictEntry.make(node: node, hash32: hash32))
        return true
    }

    /// Removes a member (and its value; never the `.node` block, which is not the dict's).
    /// Returns whether it was present. Starts a shrink when the table falls below 10% full.
    @discardableResult
    func remove(_ member: UnsafeRawBufferPointer) -> Bool {
        rehashStep()
        guard let position = locate(member, hash32: ByteDict.hash32(member)) else { return false }
        unlink(position)
        StructureMemory.deallocate(position.entry.base)
        shrinkIfSparse()
        return true
    }

    private func link(_ entry: ByteDictEntry) {
        expandIfNeeded()
        let table = isRehashing ? 1 : 0
        let slots = slots(table)!
        let bucket = Int(entry.hash32) & mask(table)
        entry.next = slots[bucket]
        slots[bucket] = entry.base
        addUsed(table, 1)
    }

    private func unlink(_ position: Position) {
        let next = position.entry.next
        if let previous = position.previous {
            ByteDictEntry(previous, kind: position.entry.kind).next = next
        } else {
            slots(position.table)![position.bucket] = next
        }
        addUsed(position.table, -1)
    }

    private func replace(_ position: Position, with replacement: ByteDictEntry) {
        replacement.next = position.entry.next
        if let previous = position.previous {
            ByteDictEntry(previous, kind: replacement.kind).next = replacement.base
        } else {
            slots(position.table)![position.bucket] = replacement.base
        }
        StructureMemory.deallocate(position.entry.base)
    }

    // MARK: whole-dict operations

    /// Frees every entry and the bucket arrays; the dict stays usable and empty.
    func removeAll() {
        forEachBlock { StructureMemory.deallocate($0) }
        StructureMemory.deallocate(slots(0))
        StructureMemory.deallocate(slots(1))
        setTableFields(0, slots: nil, size: 0, used: 0)
        setTableFields(1, slots: nil, size: 0, used: 0)
        rehashIndex = -1
    }

    /// Frees everything including the header. The dict must not be used again.
    func free() {
        removeAll()
        StructureMemory.deallocate(header)
    }

    /// A deep copy (COPY of a hash or set). A `.node` dict is rebuilt by its owner instead,
    /// since its entries must point at the owner's new nodes.
    func clone() -> ByteDict {
        precondition(kind != .node, "a sorted set's index is rebuilt from its cloned skiplist")
        let copy = ByteDict.make(kind)
        guard count > 0 else { return copy }
        copy.reserve(count)
        forEach { entry in copy.link(entry.duplicate()) }
        return copy
    }

    /// Bytes the allocator holds for this dict: header, bucket arrays and entries (not the
    /// nodes of a `.node` dict, which their skiplist counts).
    var bytesUsed: Int {
        var total = StructureMemory.usableSize(header)
        total += StructureMemory.usableSize(slots(0)) + StructureMemory.usableSize(slots(1))
        forEachBlock { total += StructureMemory.usableSize($0) }
        return total
    }

    /// Visits every entry. `body` must not write to the dict.
    func forEach(_ body: (ByteDictEntry) -> Void) {
        let kind = self.kind
        forEachBlock { body(ByteDictEntry($0, kind: kind)) }
    }

    private func forEachBlock(_ body: (UnsafeMutableRawPointer) -> Void) {
        for table in 0...1 {
            guard let slots = slots(table) else { continue }
            for index in 0..<size(table) {
                var cursor = slots[index]
                while let current = cursor {
                    cursor = current.load(as: UnsafeMutableRawPointer?.self)
                    body(current)
                }
            }
        }
    }

    /// The chain hanging from one bucket. `body` must not write to the dict.
    func visitBucket(table: Int, _ index: Int, _ body: (ByteDictEntry) -> Void) {
        guard let slots = slots(table) else { return }
        let kind = self.kind
        var cursor = slots[index]
        while let current = cursor {
            let entry = ByteDictEntry(current, kind: kind)
            cursor = entry.next
            body(entry)
        }
    }
}
