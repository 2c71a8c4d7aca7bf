/// One shard's blocked clients, by the key they wait for, and the keys written since the last
/// serve that someone waits for (Redis's `blocking_keys` and `ready_keys`). Touched like the
/// keyspace: by the shard's loop, or by the holder of its lock.
final class BlockingRegistry {
    struct KeyRef: Hashable {
        let db: Int
        let key: [UInt8]
    }

    /// Clients per key in arrival order: the first is served first.
    private(set) var waiting: [KeyRef: [BlockedClient]] = [:]
    private var ready: [KeyRef] = []
    private var readySet: Set<KeyRef> = []
    /// Set while this shard serves, so a command run by the serve does not serve again inside it.
    var isServing = false

    /// Checked on every write: one load when nobody is blocked on this shard.
    @inline(__always) var hasWaiters: Bool { !waiting.isEmpty }
    @inline(__always) var hasReadyKeys: Bool { !ready.isEmpty }

    func add(_ client: BlockedClient, db: Int, key: [UInt8]) {
        waiting[KeyRef(db: db, key: key), default: []].append(client)
    }

    func remove(_ client: BlockedClient, db: Int, key: [UInt8]) {
        let ref = KeyRef(db: db, key: key)
        guard var queue = waiting[ref] else { return }
        queue.removeAll { $0 === client }
        waiting[ref] = queue.isEmpty ? nil : queue
    }

    /// A write touched `key`: if someone waits for it, serve them after the current command.
    func markReady(db: Int, key: UnsafeRawBufferPointer) {
        let ref = KeyRef(db: db, key: Array(key))
        guard waiting[ref] != nil, readySet.insert(ref).inserted else { return }
        ready.append(ref)
    }

    func takeReadyKey() -> KeyRef? {
        guard !ready.isEmpty else { return nil }
        let ref = ready.removeFirst()
        readySet.remove(ref)
        return ref
    }

    /// The first client on `ref` still waiting, dropping those already done on the way.
    func firstWaiting(on ref: KeyRef, after skipped: Int) -> BlockedClient? {
        guard var queue = waiting[ref] else { return nil }
        let before = queue.count
        queue.removeAll { $0.isDone }
        if queue.count != before { waiting[ref] = queue.isEmpty ? nil : queue }
        return skipped < queue.count ? queue[skipped] : nil
    }

    var blockedKeyCount: Int { waiting.count }
}
