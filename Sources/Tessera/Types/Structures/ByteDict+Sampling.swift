/// SCAN and random members (HSCAN/SSCAN/ZSCAN, HRANDFIELD/SRANDMEMBER/SPOP/ZRANDMEMBER).
/// None of these write to the dict, so they are safe while anything else only reads it.
extension ByteDict {
    /// One SCAN step with Redis's reverse-binary cursor: every member present for the whole
    /// scan is returned at least once, however the dict grows or shrinks between calls.
    /// Returns the next cursor, 0 when done. `body` must not write to the dict.
    func scan(cursor: UInt64, _ body: (ByteDictEntry) -> Void) -> UInt64 {
        guard count > 0 else { return 0 }
        if !isRehashing {
            return ReverseBinaryCursor.step(cursor, mask: mask(0)) { visitBucket(table: 0, $0, body) }
        }
        let (small, large) = size(0) <= size(1) ? (0, 1) : (1, 0)
        return ReverseBinaryCursor.step(cursor, smallMask: mask(small), largeMask: mask(large),
                               visitSmall: { visitBucket(table: small, $0, body) },
                               visitLarge: { visitBucket(table: large, $0, body) })
    }

    /// A member from a uniformly chosen non-empty bucket (dictGetRandomKey). Members of long
    /// chains are drawn less often; `fairRandomEntry` corrects most of that.
    func randomEntry<G: RandomNumberGenerator>(using generator: inout G) -> ByteDictEntry? {
        guard count > 0 else { return nil }
        var head: UnsafeMutableRawPointer?
        if isRehashing {
            // Buckets of table 0 below rehashIndex are already empty: draw only above it.
            let size0 = size(0), start = rehashIndex
            repeat {
                let index = start + Int.random(in: 0..<(size0 + size(1) - start), using: &generator)
                head = index >= size0 ? slots(1)![index - size0] : slots(0)![index]
            } while head == nil
        } else {
            let slots0 = slots(0)!, mask0 = mask(0)
            repeat { head = slots0[Int(truncatingIfNeeded: generator.next()) & mask0] } while head == nil
        }
        return pickFromChain(head!, using: &generator)
    }

    /// A random member for SRANDMEMBER, SPOP and the like, as Redis's dictGetFairRandomKey:
    /// sample up to 20 members from consecutive buckets and pick one of them, so a member
    /// sharing a bucket is not drawn less often than one alone in its bucket.
    func fairRandomEntry<G: RandomNumberGenerator>(using generator: inout G) -> ByteDictEntry? {
        guard count > 0 else { return nil }
        let sampleSize = 20
        return withUnsafeTemporaryAllocation(of: UnsafeMutableRawPointer.self, capacity: sampleSize) { samples in
            let found = sample(into: samples, using: &generator)
            if found == 0 { return randomEntry(using: &generator) }
            return ByteDictEntry(samples[Int.random(in: 0..<found, using: &generator)], kind: kind)
        }
    }

    /// Collects up to `samples.count` members walking buckets from a random start, over both
    /// tables while rehashing, jumping elsewhere after a run of empty buckets (dictGetSomeKeys).
    /// Returns how many were stored; may be fewer than asked, even zero.
    func sample<G: RandomNumberGenerator>(into samples: UnsafeMutableBufferPointer<UnsafeMutableRawPointer>,
                                          using generator: inout G) -> Int {
        let wanted = min(samples.count, count)
        var steps = wanted * 10
        let tables = isRehashing ? 2 : 1
        let maxMask = tables == 2 ? max(mask(0), mask(1)) : mask(0)
        var index = Int(truncatingIfNeeded: generator.next()) & maxMask
        var emptyRun = 0
        var stored = 0
        while stored < wanted && steps > 0 {
            steps -= 1
            for table in 0..<tables {
                if tables == 2 && table == 0 && index < rehashIndex {
                    // Already moved to table 1; if table 1 is the smaller one, skip ahead.
                    if index >= size(1) { index = rehashIndex } else { continue }
                }
                if index >= size(table) { continue }
                guard var cursor = slots(table)![index] else {
                    emptyRun += 1
                    if emptyRun >= 5 && emptyRun > wanted {
                        index = Int(truncatingIfNeeded: generator.next()) & maxMask
                        emptyRun = 0
                    }
                    continue
                }
                emptyRun = 0
                while true {
                    samples[stored] = cursor
                    stored += 1
                    if stored == wanted { return stored }
                    guard let next = cursor.load(as: UnsafeMutableRawPointer?.self) else { break }
                    cursor = next
                }
            }
            index = (index + 1) & maxMask
        }
        return stored
    }

    private func pickFromChain<G: RandomNumberGenerator>(_ head: UnsafeMutableRawPointer,
                                                          using generator: inout G) -> ByteDictEntry {
        var length = 0
        var cursor: UnsafeMutableRawPointer? = head
        while let current = cursor { length += 1; cursor = current.load(as: UnsafeMutableRawPointer?.self) }
        var pick = Int.random(in: 0..<length, using: &generator)
        var chosen = head
        while pick > 0 { chosen = chosen.load(as: UnsafeMutableRawPointer.self); pick -= 1 }
        return ByteDictEntry(chosen, kind: kind)
    }
}
