/// What a running command sees of the keyspace: one database of every shard it may touch.
/// Single-shard commands get a view pinned to their shard (no routing per access); cross-shard
/// ones route each key by slot, and run only while every shard involved is held.
public struct KeyspaceView {
    @usableFromInline unowned(unsafe) let engine: Engine
    /// The shard every key of this command lives on, or -1 to route each key.
    @usableFromInline let pinnedShard: Int
    public let db: Int
    /// Unix milliseconds at the command's start; expiry decisions use this one instant.
    public let now: Int64

    init(engine: Engine, pinnedShard: Int, db: Int, now: Int64) {
        self.engine = engine
        self.pinnedShard = pinnedShard
        self.db = db
        self.now = now
    }

    /// A view of the same shards on another database (MOVE, COPY ... DB, SWAPDB).
    public func database(_ db: Int) -> KeyspaceView {
        KeyspaceView(engine: engine, pinnedShard: pinnedShard, db: db, now: now)
    }

    @inline(__always)
    func store(for key: UnsafeRawBufferPointer) -> ShardStore {
        if pinnedShard >= 0 { return engine.stores[pinnedShard] }
        return engine.stores[engine.shardIndex(forKey: key)]
    }

    @inline(__always)
    public func table(for key: UnsafeRawBufferPointer) -> KeyTable {
        store(for: key).databases[db]
    }

    // MARK: reads

    /// Redis's lookupKeyRead: expires the key lazily, counts a hit or a miss, touches its LRU.
    @inline(__always)
    public func lookupRead(_ key: UnsafeRawBufferPointer) -> Entry? {
        let store = store(for: key)
        guard let entry = lookup(key, in: store) else {
            store.stats.keyspaceMisses &+= 1
            return nil
        }
        store.stats.keyspaceHits &+= 1
        entry.lru = Clock.lruSeconds()
        return entry
    }

    /// lookupKeyRead with LOOKUP_NOTOUCH (EXISTS, TYPE, TTL, OBJECT): expires lazily and counts a
    /// hit or a miss, but leaves the LRU clock alone.
    @inline(__always)
    public func lookupReadNoTouch(_ key: UnsafeRawBufferPointer) -> Entry? {
        let store = store(for: key)
        guard let entry = lookup(key, in: store) else {
            store.stats.keyspaceMisses &+= 1
            return nil
        }
        store.stats.keyspaceHits &+= 1
        return entry
    }

    /// Redis's lookupKeyWrite: expires lazily, no hit/miss accounting.
    @inline(__always)
    public func lookupWrite(_ key: UnsafeRawBufferPointer) -> Entry? {
        let store = store(for: key)
        guard let entry = lookup(key, in: store) else { return nil }
        entry.lru = Clock.lruSeconds()
        return entry
    }

    /// A lookup that changes nothing but expiring the key (OBJECT, TYPE-like probes, TTL).
    @inline(__always)
    public func peek(_ key: UnsafeRawBufferPointer) -> Entry? {
        lookup(key, in: store(for: key))
    }

    @inline(__always)
    private func lookup(_ key: UnsafeRawBufferPointer, in store: ShardStore) -> Entry? {
        let table = store.databases[db]
        let hash = KeyHash.hash(key)
        guard let entry = table.find(key, hash: hash) else { return nil }
        if let deadline = entry.expireAt, now > deadline {
            expire(key, hash: hash, in: store)
            return nil
        }
        return entry
    }

    /// Deletes an expired key and counts it (expired_keys); later propagated as DEL.
    func expire(_ key: UnsafeRawBufferPointer, hash: UInt64, in store: ShardStore) {
        store.databases[db].remove(key, hash: hash)
        store.stats.expiredKeys &+= 1
        store.keyModified(db: db, key: key, changes: 0)
    }

    // MARK: writes (each ends in ShardStore.keyModified)

    /// Stores `value` under `key`; `changes` is what the dirty counter gains (LPUSH of n
    /// elements onto a new key counts n).
    @discardableResult
    public func store(_ key: UnsafeRawBufferPointer, _ value: NewValue, expiry: ExpiryUpdate = .clear,
                      changes: Int = 1) -> Entry {
        let store = store(for: key)
        let entry = store.databases[db].store(key, hash: KeyHash.hash(key), value: value, expiry: expiry)
        store.keyModified(db: db, key: key, changes: changes)
        return entry
    }

    /// Deletes `key`; `changes` as for `store` (a pop of n elements that empties a list counts n).
    @discardableResult
    public func remove(_ key: UnsafeRawBufferPointer, changes: Int = 1) -> Bool {
        let store = store(for: key)
        guard store.databases[db].remove(key, hash: KeyHash.hash(key)) else { return false }
        store.keyModified(db: db, key: key, changes: changes)
        return true
    }

    /// Takes the value out of `key` (which must exist), for RENAME, MOVE and friends. `changes`
    /// is what the dirty counter gains: RENAME and MOVE count one change for the pair.
    public func detach(_ key: UnsafeRawBufferPointer, changes: Int = 1) -> StoredValue? {
        let store = store(for: key)
        guard let value = store.databases[db].detach(key, hash: KeyHash.hash(key)) else { return nil }
        store.keyModified(db: db, key: key, changes: changes)
        return value
    }

    @discardableResult
    public func attach(_ key: UnsafeRawBufferPointer, _ value: StoredValue, changes: Int = 1) -> Entry {
        let store = store(for: key)
        let entry = store.databases[db].attach(key, hash: KeyHash.hash(key), value: value)
        store.keyModified(db: db, key: key, changes: changes)
        return entry
    }

    /// Sets (or with nil clears) the deadline of an existing key; returns its entry.
    @discardableResult
    public func setExpiry(_ key: UnsafeRawBufferPointer, at deadline: Int64?) -> Entry? {
        let store = store(for: key)
        guard let entry = store.databases[db].setExpiry(key, hash: KeyHash.hash(key), at: deadline) else { return nil }
        store.keyModified(db: db, key: key)
        return entry
    }

    /// Records a change made in place through an `Entry` (SETRANGE, APPEND into spare room, SADD);
    /// `changes` is what the dirty counter gains where Redis counts more than one (BITFIELD,
    /// HSET, HDEL, SADD).
    public func modified(_ key: UnsafeRawBufferPointer, changes: Int = 1) {
        store(for: key).keyModified(db: db, key: key, changes: changes)
    }

    // MARK: whole-keyspace helpers (only under all shards' locks)

    public var shardCount: Int { engine.shardCount }

    public func table(shard: Int) -> KeyTable { engine.stores[shard].databases[db] }
}
