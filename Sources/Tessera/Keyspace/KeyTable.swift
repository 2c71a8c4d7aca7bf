#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One database of one shard: a chained hash table of `Entry` blocks over manually managed
/// memory (design §3). It grows and shrinks by incremental rehashing, as Redis's dict does, so
/// a resize of millions of keys never stalls the shard: every mutation moves one bucket, and the
/// shard's cron moves more while it is idle.
///
/// Not thread-safe: only the owning shard's loop, or the holder of that shard's lock, touches it.
public final class KeyTable {
    struct Buckets {
        var slots: UnsafeMutablePointer<UnsafeMutableRawPointer?>?
        var size: Int
        var used: Int
        var mask: Int { size &- 1 }
        static var empty: Buckets { Buckets(slots: nil, size: 0, used: 0) }
    }

    /// Where an entry sits: the bucket it hangs from and its predecessor in that chain.
    struct Position {
        var table: Int
        var bucket: Int
        var previous: UnsafeMutableRawPointer?
        var entry: Entry
    }

    private var tables = (Buckets.empty, Buckets.empty)
    private var rehashIndex = -1
    private(set) var volatile = VolatileSet()

    static let initialSize = 4

    public init() {}

    deinit {
        removeAll()
    }

    public var count: Int { tables.0.used + tables.1.used }
    public var volatileCount: Int { volatile.count }
    var isRehashing: Bool { rehashIndex >= 0 }
    /// Buckets allocated, for INFO's and DEBUG HTSTATS's view of the table.
    var bucketCount: Int { tables.0.size + tables.1.size }

    // MARK: lookup

    @inline(__always)
    public func find(_ key: UnsafeRawBufferPointer, hash: UInt64) -> Entry? {
        locate(key, hash32: UInt32(truncatingIfNeeded: hash))?.entry
    }

    public func find(_ key: UnsafeRawBufferPointer) -> Entry? {
        find(key, hash: KeyHash.hash(key))
    }

    @inline(__always)
    private func locate(_ key: UnsafeRawBufferPointer, hash32: UInt32) -> Position? {
        if let found = locate(key, hash32: hash32, in: tables.0, table: 0) { return found }
        return isRehashing ? locate(key, hash32: hash32, in: tables.1, table: 1) : nil
    }

    @inline(__always)
    private func locate(_ key: UnsafeRawBufferPointer, hash32: UInt32, in buckets: Buckets, table: Int) -> Position? {
        guard let slots = buckets.slots else { return nil }
        let bucket = Int(hash32) & buckets.mask
        var previous: UnsafeMutableRawPointer? = nil
        var cursor = slots[bucket]
        while let current = cursor {
            let entry = Entry(current)
            if entry.keyEquals(key, hash32: hash32) {
                return Position(table: table, bucket: bucket, previous: previous, entry: entry)
            }
            previous = current
            cursor = entry.next
        }
        return nil
    }

    // MARK: mutation

    /// Inserts `key` with `value`, or replaces the value of an existing key (freeing the old
    /// one). Returns the entry now holding the key.
    @discardableResult
    public func store(_ key: UnsafeRawBufferPointer, hash: UInt64, value: NewValue, expiry: ExpiryUpdate) -> Entry {
        let hash32 = UInt32(truncatingIfNeeded: hash)
        rehashStep()
        if let position = locate(key, hash32: hash32) {
            let old = position.entry
            let deadline: Int64?
            switch expiry {
            case .clear: deadline = nil
            case .keep: deadline = old.expireAt
            case .set(let at): deadline = at
            }
            let replacement = Entry.make(key: key, hash32: hash32, value: value, expireAt: deadline)
            replacement.lru = old.lru
            replace(position, with: replacement)
            ValueLifecycle.freeValue(of: old)
            free(old.base)
            return replacement
        }
        let deadline: Int64?
        if case .set(let at) = expiry { deadline = at } else { deadline = nil }
        let entry = Entry.make(key: key, hash32: hash32, value: value, expireAt: deadline)
        link(entry)
        return entry
    }

    /// Removes `key` and frees its value. Returns whether it existed.
    @discardableResult
    public func remove(_ key: UnsafeRawBufferPointer, hash: UInt64) -> Bool {
        rehashStep()
        guard let position = locate(key, hash32: UInt32(truncatingIfNeeded: hash)) else { return false }
        unlink(position)
        ValueLifecycle.freeValue(of: position.entry)
        free(position.entry.base)
        return true
    }

    /// Unlinks `key` and hands its value (with its deadline) to the caller, who now owns it.
    public func detach(_ key: UnsafeRawBufferPointer, hash: UInt64) -> StoredValue? {
        guard let position = locate(key, hash32: UInt32(truncatingIfNeeded: hash)) else { return nil }
        let entry = position.entry
        var value = StoredValue(type: entry.type, encoding: entry.encoding, payload: entry.payload, inlineBytes: nil,
                                expireAt: entry.expireAt)
        if entry.encoding == .embstr { value.inlineBytes = StoredValue.copyBytes(entry.stringBytes) }
        unlink(position)
        free(entry.base)
        return value
    }

    /// Stores a detached value under `key`, replacing what was there; takes ownership of `value`.
    @discardableResult
    public func attach(_ key: UnsafeRawBufferPointer, hash: UInt64, value: StoredValue) -> Entry {
        let newValue = NewValue(type: value.type, encoding: value.encoding, payload: value.payload,
                                inline: value.inlineBytes.map { UnsafeRawBufferPointer($0) })
        let entry = store(key, hash: hash, value: newValue, expiry: value.expireAt.map { .set($0) } ?? .clear)
        value.inlineBytes?.deallocate()
        return entry
    }

    /// Sets or clears the deadline of an existing key. The entry may move: use the one returned.
    @discardableResult
    public func setExpiry(_ key: UnsafeRawBufferPointer, hash: UInt64, at deadline: Int64?) -> Entry? {
        guard let position = locate(key, hash32: UInt32(truncatingIfNeeded: hash)) else { return nil }
        let old = position.entry
        if let deadline, old.hasExpiry {
            old.setExpireAtInPlace(deadline)
            return old
        }
        if deadline == nil && !old.hasExpiry { return old }
        let moved = Entry.relocate(old, expireAt: deadline)
        replace(position, with: moved)
        free(old.base)
        return moved
    }

    /// Replaces the external payload of an entry in place (a raw string that grew, a collection
    /// that changed encoding). The old payload is the caller's to free.
    public func setPayload(of entry: Entry, encoding: ValueEncoding, payload: UInt64) {
        entry.encoding = encoding
        entry.payload = payload
    }

    /// Frees every entry and returns the table to its initial empty state.
    public func removeAll() {
        forEachBlock { block in
            ValueLifecycle.freeValue(of: Entry(block))
            free(block)
        }
        free(tables.0.slots)
        free(tables.1.slots)
        tables = (Buckets.empty, Buckets.empty)
        rehashIndex = -1
        volatile.removeAll()
    }

    /// Swaps the whole contents with `other` (SWAPDB).
    public func swapContents(with other: KeyTable) {
        swap(&tables, &other.tables)
        swap(&rehashIndex, &other.rehashIndex)
        swap(&volatile, &other.volatile)
    }

    // MARK: iteration and sampling

    /// Visits every entry. `body` must not mutate the table.
    public func forEach(_ body: (Entry) -> Void) {
        forEachBlock { body(Entry($0)) }
    }

    private func forEachBlock(_ body: (UnsafeMutableRawPointer) -> Void) {
        for buckets in [tables.0, tables.1] {
            guard let slots = buckets.slots else { continue }
            for index in 0..<buckets.size {
                var cursor = slots[index]
                while let current = cursor {
                    cursor = Entry(current).next
                    body(current)
                }
            }
        }
    }

    /// One step of SCAN over this table with Redis's reverse-binary cursor, which returns every
    /// key present for the whole scan at least once even across resizes. Returns the next
    /// cursor, 0 when done. `body` must not mutate the table.
    public func scan(cursor: UInt64, _ body: (Entry) -> Void) -> UInt64 {
        guard count > 0 else { return 0 }
        if !isRehashing {
            return ReverseBinaryCursor.step(cursor, mask: tables.0.mask) { visitBucket(tables.0, $0, body) }
        }
        var small = tables.0, large = tables.1
        if small.size > large.size { swap(&small, &large) }
        return ReverseBinaryCursor.step(cursor, smallMask: small.mask, largeMask: large.mask,
                               visitSmall: { visitBucket(small, $0, body) },
                               visitLarge: { visitBucket(large, $0, body) })
    }

    private func visitBucket(_ buckets: Buckets, _ index: Int, _ body: (Entry) -> Void) {
        guard let slots = buckets.slots else { return }
        var cursor = slots[index]
        while let current = cursor {
            let entry = Entry(current)
            cursor = entry.next
            body(entry)
        }
    }

    /// A uniformly chosen bucket's random entry, as Redis's dictGetRandomKey.
    public func randomEntry<G: RandomNumberGenerator>(using generator: inout G) -> Entry? {
        guard count > 0 else { return nil }
        rehashStep()
        while true {
            let total = tables.0.size + (isRehashing ? tables.1.size : 0)
            var index = Int.random(in: 0..<total, using: &generator)
            let buckets: Buckets
            if index < tables.0.size {
                if isRehashing && index < rehashIndex { continue }
                buckets = tables.0
            } else {
                index -= tables.0.size
                buckets = tables.1
            }
            guard let head = buckets.slots?[index] else { continue }
            var length = 0
            var cursor: UnsafeMutableRawPointer? = head
            while let current = cursor { length += 1; cursor = Entry(current).next }
            var pick = Int.random(in: 0..<length, using: &generator)
            cursor = head
            while pick > 0, let current = cursor { cursor = Entry(current).next; pick -= 1 }
            return Entry(cursor!)
        }
    }

    /// A random key that has a deadline, for the active expiry cycle.
    public func randomVolatileEntry<G: RandomNumberGenerator>(using generator: inout G) -> Entry? {
        volatile.random(using: &generator)
    }

    // MARK: resizing

    /// Moves up to `buckets` buckets from the old table to the new one.
    func rehashStep(buckets steps: Int = 1) {
        guard isRehashing, let oldSlots = tables.0.slots, let newSlots = tables.1.slots else { return }
        var remaining = steps
        var emptyVisits = steps * 10
        while remaining > 0 && tables.0.used > 0 {
            while oldSlots[rehashIndex] == nil {
                rehashIndex += 1
                emptyVisits -= 1
                if emptyVisits == 0 { return }
            }
            var cursor = oldSlots[rehashIndex]
            while let current = cursor {
                let entry = Entry(current)
                cursor = entry.next
                let target = Int(entry.hash32) & tables.1.mask
                entry.next = newSlots[target]
                newSlots[target] = current
                tables.0.used -= 1
                tables.1.used += 1
            }
            oldSlots[rehashIndex] = nil
            rehashIndex += 1
            remaining -= 1
        }
        if tables.0.used == 0 {
            free(oldSlots)
            tables.0 = tables.1
            tables.1 = .empty
            rehashIndex = -1
        }
    }

    /// Rehashes for about `microseconds` (the shard cron's share, as Redis's incrementallyRehash).
    func rehash(forMicroseconds microseconds: Int) {
        guard isRehashing else { return }
        let deadline = Clock.monotonicMicroseconds() + microseconds
        repeat { rehashStep(buckets: 100) } while isRehashing && Clock.monotonicMicroseconds() < deadline
    }

    /// Shrinks a table that is below 10% full (Redis's htNeedsResize), incrementally.
    func shrinkIfSparse() {
        guard !isRehashing, tables.0.size > KeyTable.initialSize, tables.0.used * 10 < tables.0.size else { return }
        startResize(to: max(KeyTable.initialSize, tables.0.used))
    }

    private func expandIfNeeded() {
        guard !isRehashing else { return }
        if tables.0.size == 0 {
            tables.0 = KeyTable.allocateBuckets(KeyTable.initialSize)
        } else if tables.0.used >= tables.0.size {
            startResize(to: tables.0.used + 1)
        }
    }

    private func startResize(to minimum: Int) {
        var size = KeyTable.initialSize
        while size < minimum { size <<= 1 }
        guard size != tables.0.size else { return }
        tables.1 = KeyTable.allocateBuckets(size)
        rehashIndex = 0
    }

    private static func allocateBuckets(_ size: Int) -> Buckets {
        let slots = calloc(size, MemoryLayout<UnsafeMutableRawPointer?>.stride)!
            .bindMemory(to: UnsafeMutableRawPointer?.self, capacity: size)
        return Buckets(slots: slots, size: size, used: 0)
    }

    // MARK: linking

    private func link(_ entry: Entry) {
        expandIfNeeded()
        if isRehashing {
            let bucket = Int(entry.hash32) & tables.1.mask
            entry.next = tables.1.slots![bucket]
            tables.1.slots![bucket] = entry.base
            tables.1.used += 1
        } else {
            let bucket = Int(entry.hash32) & tables.0.mask
            entry.next = tables.0.slots![bucket]
            tables.0.slots![bucket] = entry.base
            tables.0.used += 1
        }
        if entry.hasExpiry { volatile.add(entry) }
    }

    private func unlink(_ position: Position) {
        let entry = position.entry
        if let previous = position.previous {
            Entry(previous).next = entry.next
        } else if position.table == 0 {
            tables.0.slots![position.bucket] = entry.next
        } else {
            tables.1.slots![position.bucket] = entry.next
        }
        if position.table == 0 { tables.0.used -= 1 } else { tables.1.used -= 1 }
        if entry.hasExpiry { volatile.remove(entry) }
    }

    /// Puts `replacement` where `position.entry` was and keeps the volatile set in step.
    private func replace(_ position: Position, with replacement: Entry) {
        let old = position.entry
        replacement.next = old.next
        if let previous = position.previous {
            Entry(previous).next = replacement.base
        } else if position.table == 0 {
            tables.0.slots![position.bucket] = replacement.base
        } else {
            tables.1.slots![position.bucket] = replacement.base
        }
        switch (old.hasExpiry, replacement.hasExpiry) {
        case (true, true): volatile.replace(old, with: replacement)
        case (true, false): volatile.remove(old)
        case (false, true): volatile.add(replacement)
        case (false, false): break
        }
    }
}

/// What a write does to the key's deadline.
public enum ExpiryUpdate {
    case clear
    case keep
    case set(Int64)
}
