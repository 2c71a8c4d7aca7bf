import Testing
@_spi(Benchmarks) @testable import Tessera

/// The off-ARC key table on its own, without shards: growth and shrink by incremental rehash,
/// SCAN's cursor guarantee across resizes, the volatile set, sampling, and freeing.
@Suite("Key table")
struct KeyTableTests {
    /// Calls `body` with the bytes of `key`.
    func bytes<R>(_ key: String, _ body: (UnsafeRawBufferPointer) -> R) -> R {
        Array(key.utf8).withUnsafeBytes(body)
    }

    @discardableResult
    func store(_ table: KeyTable, _ key: String, _ value: String = "v", expiry: ExpiryUpdate = .clear) -> Entry {
        bytes(key) { key in
            Array(value.utf8).withUnsafeBytes { value in
                table.store(key, hash: KeyHash.hash(key), value: .string(value), expiry: expiry)
            }
        }
    }

    func find(_ table: KeyTable, _ key: String) -> Entry? {
        bytes(key) { table.find($0) }
    }

    @discardableResult
    func remove(_ table: KeyTable, _ key: String) -> Bool {
        bytes(key) { table.remove($0, hash: KeyHash.hash($0)) }
    }

    func setExpiry(_ table: KeyTable, _ key: String, _ deadline: Int64?) -> Entry? {
        bytes(key) { table.setExpiry($0, hash: KeyHash.hash($0), at: deadline) }
    }

    func string(_ entry: Entry) -> String {
        entry.encoding == .int ? String(entry.intValue) : String(decoding: entry.stringBytes, as: UTF8.self)
    }

    func keyString(_ entry: Entry) -> String { String(decoding: entry.key, as: UTF8.self) }

    /// A full SCAN of `table`, calling `between` after every step (it may mutate the table).
    func scanAll(_ table: KeyTable, between: (Int) -> Void = { _ in }) -> Set<String> {
        var seen = Set<String>()
        var cursor: UInt64 = 0
        var step = 0
        repeat {
            cursor = table.scan(cursor: cursor) { seen.insert(keyString($0)) }
            between(step)
            step += 1
        } while cursor != 0
        return seen
    }

    @Test("100k keys are stored, found with their values, and removed")
    func insertFindRemove() {
        let table = KeyTable()
        let count = 100_000
        for index in 0..<count { store(table, "key:\(index)", "value:\(index)") }
        #expect(table.count == count)
        for index in 0..<count {
            guard let entry = find(table, "key:\(index)") else {
                Issue.record("key:\(index) missing")
                return
            }
            #expect(string(entry) == "value:\(index)")
        }
        #expect(find(table, "key:\(count)") == nil)
        // Overwrite half, then remove every other key.
        for index in stride(from: 0, to: count, by: 2) { store(table, "key:\(index)", "new") }
        #expect(table.count == count)
        for index in stride(from: 1, to: count, by: 2) { #expect(remove(table, "key:\(index)")) }
        #expect(!remove(table, "key:1"))
        #expect(table.count == count / 2)
        for index in stride(from: 0, to: count, by: 2) { #expect(find(table, "key:\(index)").map(string) == "new") }
        for index in stride(from: 1, to: 100, by: 2) { #expect(find(table, "key:\(index)") == nil) }
    }

    @Test("Values keep their encodings: int, embstr, raw")
    func encodings() {
        let table = KeyTable()
        store(table, "i", "12345")
        store(table, "e", "short string")
        let long = String(repeating: "x", count: 100)
        store(table, "r", long)
        #expect(find(table, "i")?.encoding == .int)
        #expect(find(table, "e")?.encoding == .embstr)
        #expect(find(table, "r")?.encoding == .raw)
        #expect(find(table, "r").map(string) == long)
    }

    @Test("The table grows incrementally: every key stays reachable while a rehash is under way")
    func incrementalGrowth() {
        let table = KeyTable()
        var sawRehash = false
        for index in 0..<5000 {
            store(table, "k\(index)")
            if table.isRehashing {
                sawRehash = true
                // Mid-rehash, keys live in both tables: each must still be found.
                if index % 97 == 0 {
                    for probe in stride(from: 0, through: index, by: 13) { #expect(find(table, "k\(probe)") != nil) }
                }
            }
        }
        #expect(sawRehash)
        table.rehash(forMicroseconds: 1_000_000)
        #expect(!table.isRehashing)
        // Redis's dict: the buckets are a power of two at least as many as the keys, at most twice.
        #expect(table.bucketCount >= 5000 && table.bucketCount <= 2 * 8192)
        #expect(table.bucketCount & (table.bucketCount - 1) == 0)
        for index in 0..<5000 { #expect(find(table, "k\(index)") != nil) }
    }

    @Test("A sparse table shrinks incrementally and keeps its keys")
    func incrementalShrink() {
        let table = KeyTable()
        for index in 0..<20_000 { store(table, "k\(index)") }
        table.rehash(forMicroseconds: 1_000_000)
        let before = table.bucketCount
        for index in 0..<20_000 where index % 100 != 0 { remove(table, "k\(index)") }
        #expect(table.count == 200)
        table.rehash(forMicroseconds: 1_000_000)
        table.shrinkIfSparse()
        #expect(table.isRehashing)
        // Partway through the shrink every key is still found.
        table.rehashStep(buckets: 10)
        for index in stride(from: 0, to: 20_000, by: 100) { #expect(find(table, "k\(index)") != nil) }
        table.rehash(forMicroseconds: 1_000_000)
        #expect(!table.isRehashing)
        #expect(table.bucketCount == 256)
        #expect(table.bucketCount < before)
        for index in stride(from: 0, to: 20_000, by: 100) { #expect(find(table, "k\(index)") != nil) }
        // A table at or above 10% fill is left alone.
        table.shrinkIfSparse()
        #expect(!table.isRehashing)
    }

    @Test("SCAN returns every key of a stable table exactly once")
    func scanStable() {
        let table = KeyTable()
        #expect(table.scan(cursor: 0) { _ in Issue.record("empty table visited an entry") } == 0)
        let keys = Set((0..<3000).map { "s\($0)" })
        for key in keys { store(table, key) }
        table.rehash(forMicroseconds: 1_000_000)
        var visits: [String: Int] = [:]
        var cursor: UInt64 = 0
        repeat {
            cursor = table.scan(cursor: cursor) { visits[keyString($0), default: 0] += 1 }
        } while cursor != 0
        #expect(Set(visits.keys) == keys)
        #expect(visits.values.allSatisfy { $0 == 1 })
    }

    @Test("SCAN keeps its guarantee while the table grows under it")
    func scanAcrossGrowth() {
        let table = KeyTable()
        let original = Set((0..<500).map { "orig\($0)" })
        for key in original { store(table, key) }
        table.rehash(forMicroseconds: 1_000_000)
        let startBuckets = table.bucketCount
        var added = 0
        let seen = scanAll(table) { step in
            // 40 new keys after each of the first 100 steps: the table doubles several times,
            // often while a rehash is under way (adding forever would outrun the cursor).
            guard step < 100 else { return }
            for _ in 0..<40 {
                store(table, "new\(added)")
                added += 1
            }
        }
        #expect(table.bucketCount > startBuckets * 4)
        #expect(original.isSubset(of: seen))
    }

    @Test("SCAN keeps its guarantee while the table shrinks under it")
    func scanAcrossShrink() {
        let table = KeyTable()
        let kept = Set((0..<200).map { "keep\($0)" })
        for key in kept { store(table, key) }
        for index in 0..<20_000 { store(table, "drop\(index)") }
        table.rehash(forMicroseconds: 1_000_000)
        var next = 0
        let seen = scanAll(table) { step in
            // Remove the others progressively, then let the table shrink (incrementally).
            for _ in 0..<2000 where next < 20_000 {
                remove(table, "drop\(next)")
                next += 1
            }
            if step % 3 == 0 { table.rehashStep(buckets: 5) }
            table.shrinkIfSparse()
        }
        #expect(kept.isSubset(of: seen))
        repeat {
            table.rehash(forMicroseconds: 1_000_000)
            table.shrinkIfSparse()
        } while table.isRehashing
        #expect(table.bucketCount == 256)
    }

    @Test("The volatile set follows setExpiry, replace, remove, detach and attach")
    func volatileSet() {
        let table = KeyTable()
        store(table, "plain")
        store(table, "timed", expiry: .set(1_000))
        #expect(table.volatileCount == 1)
        #expect(find(table, "timed")?.expireAt == 1_000)
        // setExpiry adds, moves in place, and clears.
        #expect(setExpiry(table, "plain", 2_000)?.expireAt == 2_000)
        #expect(table.volatileCount == 2)
        #expect(setExpiry(table, "plain", 3_000)?.expireAt == 3_000)
        #expect(table.volatileCount == 2)
        #expect(setExpiry(table, "plain", nil)?.hasExpiry == false)
        #expect(table.volatileCount == 1)
        #expect(setExpiry(table, "missing", 5) == nil)
        // Replacing a value: .keep keeps the deadline, .clear drops it, .set adds one.
        store(table, "timed", "v2", expiry: .keep)
        #expect(find(table, "timed")?.expireAt == 1_000)
        #expect(table.volatileCount == 1)
        store(table, "timed", "v3", expiry: .clear)
        #expect(find(table, "timed")?.hasExpiry == false)
        #expect(table.volatileCount == 0)
        store(table, "timed", "v4", expiry: .set(7))
        #expect(table.volatileCount == 1)
        remove(table, "timed")
        #expect(table.volatileCount == 0)
        // Detach takes the deadline with the value; attach puts both back.
        store(table, "moving", "payload", expiry: .set(9))
        let value = bytes("moving") { table.detach($0, hash: KeyHash.hash($0)) }
        #expect(value?.expireAt == 9)
        #expect(table.volatileCount == 0)
        bytes("moved") { key in _ = table.attach(key, hash: KeyHash.hash(key), value: value!) }
        #expect(table.volatileCount == 1)
        #expect(find(table, "moved")?.expireAt == 9)
        #expect(find(table, "moved").map(string) == "payload")
    }

    @Test("Random volatile sampling only returns keys with a deadline, all of them eventually")
    func volatileSampling() {
        let table = KeyTable()
        for index in 0..<1000 {
            store(table, "k\(index)", expiry: index % 2 == 0 ? .set(Int64(index + 1)) : .clear)
        }
        // Churn: drop some volatile keys so the dense array has been compacted.
        for index in stride(from: 0, to: 1000, by: 10) { remove(table, "k\(index)") }
        #expect(table.volatileCount == 400)
        var generator = FastRandom(seed: 7)
        var seen = Set<String>()
        for _ in 0..<20_000 {
            guard let entry = table.randomVolatileEntry(using: &generator) else {
                Issue.record("no volatile entry")
                return
            }
            #expect(entry.hasExpiry)
            seen.insert(keyString(entry))
        }
        #expect(seen.count == 400)
    }

    @Test("randomEntry returns every key, roughly uniformly")
    func randomEntryUniformity() {
        let table = KeyTable()
        var generator = FastRandom(seed: 11)
        #expect(table.randomEntry(using: &generator) == nil)
        let keys = 200
        for index in 0..<keys { store(table, "r\(index)") }
        let draws = 100_000
        var counts: [String: Int] = [:]
        for _ in 0..<draws {
            guard let entry = table.randomEntry(using: &generator) else { return }
            counts[keyString(entry), default: 0] += 1
        }
        let mean = draws / keys
        #expect(counts.count == keys)
        // Redis's dictGetRandomKey is only roughly uniform: a key sharing its bucket with others is
        // drawn less often. Bounds allow chains of up to five keys.
        #expect(counts.values.min()! >= mean / 5)
        #expect(counts.values.max()! <= mean * 3)
    }

    @Test("randomEntry works in the middle of a rehash")
    func randomEntryWhileRehashing() {
        let table = KeyTable()
        var generator = FastRandom(seed: 3)
        for index in 0..<1025 { store(table, "x\(index)") }
        #expect(table.isRehashing)
        var seen = Set<String>()
        for _ in 0..<50_000 {
            if let entry = table.randomEntry(using: &generator) { seen.insert(keyString(entry)) }
        }
        #expect(seen.count == 1025)
    }

    @Test("removeAll frees everything and leaves a usable empty table")
    func removeAll() {
        let table = KeyTable()
        for index in 0..<10_000 {
            store(table, "k\(index)", String(repeating: "v", count: index % 3 == 0 ? 60 : 5),
                  expiry: index % 2 == 0 ? .set(1) : .clear)
        }
        table.removeAll()
        #expect(table.count == 0)
        #expect(table.volatileCount == 0)
        #expect(table.bucketCount == 0)
        #expect(!table.isRehashing)
        #expect(find(table, "k1") == nil)
        store(table, "again", expiry: .set(5))
        #expect(table.count == 1)
        #expect(table.volatileCount == 1)
    }

    @Test("swapContents exchanges keys, deadlines and rehash state")
    func swapContents() {
        let first = KeyTable(), second = KeyTable()
        for index in 0..<100 { store(first, "a\(index)", expiry: .set(1)) }
        store(second, "b")
        first.swapContents(with: second)
        #expect(first.count == 1 && second.count == 100)
        #expect(first.volatileCount == 0 && second.volatileCount == 100)
        #expect(find(first, "b") != nil && find(second, "a5") != nil)
        remove(second, "a5")
        #expect(second.volatileCount == 99)
    }
}
