/// Random fields for HRANDFIELD (hashTypeRandomElement, lpRandomPair(s), lpRandomPairsUnique).
/// Each picked pair goes straight to `body`; nothing here writes to the hash.
extension HashValue {
    typealias PairVisitor = (_ field: UnsafeRawBufferPointer, _ value: UnsafeRawBufferPointer) -> Void

    /// One pair drawn uniformly (a listpack) or as dictGetFairRandomKey draws it.
    func randomPair<G: RandomNumberGenerator>(using generator: inout G, _ body: PairVisitor) {
        guard encoding == .listpack else {
            if let entry = dict.fairRandomEntry(using: &generator) { body(entry.member, entry.value) }
            return
        }
        let listpack = self.listpack
        let pairs = listpack.count / 2
        guard pairs > 0, let fieldPosition = listpack.seek(2 * Int.random(in: 0..<pairs, using: &generator)) else { return }
        HashValue.withPair(listpack, fieldPosition, listpack.next(after: fieldPosition)!, body)
    }

    /// `count` pairs drawn with replacement (HRANDFIELD with a negative count).
    func randomPairs<G: RandomNumberGenerator>(_ count: Int, using generator: inout G, _ body: PairVisitor) {
        guard encoding == .listpack else {
            for _ in 0..<count { randomPair(using: &generator, body) }
            return
        }
        // One walk to index the pairs, then each draw is O(1), as lpRandomPairs batches do.
        let listpack = self.listpack
        let positions = fieldPositions()
        guard !positions.isEmpty else { return }
        for _ in 0..<count {
            let fieldPosition = positions[Int.random(in: 0..<positions.count, using: &generator)]
            HashValue.withPair(listpack, fieldPosition, listpack.next(after: fieldPosition)!, body)
        }
    }

    /// `count` distinct pairs (fewer than the hash holds), each subset equally likely. A
    /// listpack answers in its own order (lpRandomPairsUnique's selection sampling); a
    /// hashtable as Redis's HRANDFIELD cases 3 and 4 do: drop random pairs from a copy of the
    /// whole set when `count` is close to the size, else draw until `count` distinct are found.
    func distinctRandomPairs<G: RandomNumberGenerator>(_ count: Int, using generator: inout G, _ body: PairVisitor) {
        let size = self.count
        guard count < size else { return forEach(body) }
        if encoding == .listpack {
            return selectInOrder(count, of: size, using: &generator, body)
        }
        if count * 3 > size {
            var entries: [UnsafeMutableRawPointer] = []
            entries.reserveCapacity(size)
            dict.forEach { entries.append($0.base) }
            while entries.count > count {
                entries.swapAt(Int.random(in: 0..<entries.count, using: &generator), entries.count - 1)
                entries.removeLast()
            }
            for base in entries {
                let entry = ByteDictEntry(base, kind: .bytes)
                body(entry.member, entry.value)
            }
            return
        }
        var picked = Set<UnsafeMutableRawPointer>(minimumCapacity: count)
        while picked.count < count {
            guard let entry = dict.fairRandomEntry(using: &generator) else { return }
            if picked.insert(entry.base).inserted { body(entry.member, entry.value) }
        }
    }

    /// Selection sampling over a listpack: each pair is taken with probability
    /// (still needed) / (still left), so exactly `count` come out, in listpack order.
    private func selectInOrder<G: RandomNumberGenerator>(_ count: Int, of size: Int, using generator: inout G,
                                                         _ body: PairVisitor) {
        let listpack = self.listpack
        var needed = count
        var left = size
        var position = listpack.first
        while needed > 0, let fieldPosition = position {
            let valuePosition = listpack.next(after: fieldPosition)!
            if Int.random(in: 0..<left, using: &generator) < needed {
                HashValue.withPair(listpack, fieldPosition, valuePosition, body)
                needed -= 1
            }
            left -= 1
            position = listpack.next(after: valuePosition)
        }
    }

    /// The position of every field of a listpack hash.
    private func fieldPositions() -> [Listpack.Position] {
        let listpack = self.listpack
        var positions: [Listpack.Position] = []
        positions.reserveCapacity(listpack.count / 2)
        var position = listpack.first
        while let fieldPosition = position {
            positions.append(fieldPosition)
            position = listpack.next(after: listpack.next(after: fieldPosition)!)
        }
        return positions
    }
}
