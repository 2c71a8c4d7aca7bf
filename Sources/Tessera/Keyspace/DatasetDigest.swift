/// Redis 7.0's computeDatasetDigest (debug.c) over a sharded keyspace, giving the digest a
/// single Redis holding the same data would give.
///
/// Redis walks database after database: each non-empty one first mixes its id into the result
/// (so order matters across databases), then xors in the SHA1 of each key's digest (so order
/// does not matter within one). A database's keys may therefore be summed in any order and in
/// any split: each shard computes its share of every database on its own, the shares of one
/// database are xored together, and only then are the databases mixed in, in order.
enum DatasetDigest {
    /// The digest of every shard's keys. The caller holds every shard (DEBUG runs holding all
    /// of them), so the result is one instant of the whole keyspace.
    static func compute(_ stores: [ShardStore]) -> DebugDigest {
        combine(stores.map(shares(of:)))
    }

    /// One shard's part: per database, the xor of its keys' hashed digests, or nil when the
    /// shard has no key there.
    static func shares(of store: ShardStore) -> [DebugDigest?] {
        store.databases.map(share(of:))
    }

    /// Every key in `table`, logically expired ones not yet reclaimed included, as Redis's dict
    /// iterator sees them.
    static func share(of table: KeyTable) -> DebugDigest? {
        guard table.count > 0 else { return nil }
        var sum = DebugDigest.zero
        table.forEach { sum.xorHash(of: keyDigest($0)) }
        return sum
    }

    /// A key and its value: the key's bytes mixed first, then the value (xorObjectDigest).
    static func keyDigest(_ entry: Entry) -> DebugDigest {
        var digest = DebugDigest.zero
        digest.mix(entry.key)
        ValueDigest.mix(entry, into: &digest)
        return digest
    }

    /// Folds the shards' shares (one array per shard, one slot per database) into the final
    /// digest. A database no shard has a key in is skipped, as Redis skips an empty one.
    static func combine(_ shares: [[DebugDigest?]]) -> DebugDigest {
        var result = DebugDigest.zero
        let databaseCount = shares.map(\.count).max() ?? 0
        for db in 0..<databaseCount {
            let parts = shares.compactMap { db < $0.count ? $0[db] : nil }
            guard !parts.isEmpty else { continue }
            result.mixNetworkOrder(UInt32(db))
            for part in parts { result ^= part }
        }
        return result
    }
}
