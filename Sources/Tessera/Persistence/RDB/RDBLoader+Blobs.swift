/// rdbLoadObject for values stored as one blob: listpacks, intsets, and the ziplists and
/// zipmaps of older files. Each blob is validated in full before anything reads it; the
/// conversions follow Redis 7.0 (only the entry count decides, not value lengths).
extension RDBLoader {
    /// HASH_LISTPACK / ZSET_LISTPACK: lpValidateIntegrityAndDups, then the entry threshold.
    mutating func loadPairsListpack(type: UInt8, at start: Int) throws(RDBError) -> NewValue? {
        let isHash = type == RDBType.hashListpack
        let blob = try reader.readString()
        defer { blob.release() }
        guard let listpack = Listpack(validating: blob.bytes) else {
            throw RDBError.corrupt(at: start, isHash ? "Hash listpack integrity check failed."
                                                     : "Zset listpack integrity check failed.")
        }
        guard RDBLoader.hasDistinctPairs(listpack) else {
            listpack.free()
            throw RDBError.corrupt(at: start, isHash ? "Hash listpack integrity check failed."
                                                     : "Zset listpack integrity check failed.")
        }
        return pairsValue(listpack, isHash: isHash)
    }

    /// HASH_ZIPLIST / ZSET_ZIPLIST: ziplistPairsConvertAndValidateIntegrity into a listpack.
    mutating func loadPairsZiplist(type: UInt8, at start: Int) throws(RDBError) -> NewValue? {
        let isHash = type == RDBType.hashZiplist
        let blob = try reader.readString()
        defer { blob.release() }
        guard let listpack = RDBLoader.listpack(fromZiplist: blob.bytes), RDBLoader.hasDistinctPairs(listpack) else {
            throw RDBError.corrupt(at: start, isHash ? "Hash ziplist integrity check failed."
                                                     : "Zset ziplist integrity check failed.")
        }
        return pairsValue(listpack, isHash: isHash)
    }

    /// A pairs listpack as a hash or sorted set: nil when empty, converted past the entries limit.
    private func pairsValue(_ listpack: Listpack, isHash: Bool) -> NewValue? {
        let pairs = listpack.count / 2
        guard pairs > 0 else { listpack.free(); return nil }
        let payload = UInt64(UInt(bitPattern: listpack.base))
        if isHash {
            var hash = HashValue(encoding: .listpack, payload: payload)
            if pairs > limits.hash.maxEntries { hash.convertToHashtable() }
            return hash.newValue
        }
        var sortedSet = SortedSetValue(encoding: .listpack, payload: listpack.base)
        if pairs > limits.sortedSet.maxListpackEntries { sortedSet.convertToSkiplist() }
        return sortedSet.newValue
    }

    /// An even number of entries, no first-of-pair twice (hash fields, sorted set members).
    /// Frees nothing: the caller owns the listpack.
    static func hasDistinctPairs(_ listpack: Listpack) -> Bool {
        guard listpack.count % 2 == 0 else { return false }
        return hasDistinctEntries(listpack, stride: 2)
    }

    /// Every `stride`-th entry from the first is distinct (a temporary member dict, as rdb.c's
    /// dupSearchDict).
    static func hasDistinctEntries(_ listpack: Listpack, stride: Int) -> Bool {
        let seen = ByteDict.make(.none)
        defer { seen.free() }
        var position = listpack.first
        var distinct = true
        while let current = position, distinct {
            HashValue.withBytes(listpack, at: current) { bytes in distinct = seen.insert(bytes) }
            position = current
            for _ in 0..<stride {
                guard let at = position else { break }
                position = listpack.next(after: at)
            }
        }
        return distinct
    }

    /// SET_INTSET: intsetValidateIntegrity, then set-max-intset-entries.
    mutating func loadIntset(at start: Int) throws(RDBError) -> NewValue? {
        let blob = try reader.readString()
        defer { blob.release() }
        guard let intset = Intset(validating: blob.bytes) else {
            throw RDBError.corrupt(at: start, "Intset integrity check failed.")
        }
        var set = SetValue(encoding: .intset, payload: SetValue.word(intset.base))
        if intset.count > limits.setMaxIntsetEntries { set.convertToHashtable() }
        return set.newValue
    }

    /// SET_LISTPACK (Redis 7.2): Tessera has no listpack sets, so the members go into an intset
    /// or a hashtable, as they would after SADD.
    mutating func loadSetListpack(at start: Int) throws(RDBError) -> NewValue? {
        let blob = try reader.readString()
        defer { blob.release() }
        guard let listpack = Listpack(validating: blob.bytes), RDBLoader.hasDistinctEntries(listpack, stride: 1)
        else {
            throw RDBError.corrupt(at: start, "Set listpack integrity check failed.")
        }
        defer { listpack.free() }
        guard !listpack.isEmpty else { return nil }
        var set = SetValue.emptyIntset()
        var position = listpack.first
        while let current = position {
            HashValue.withBytes(listpack, at: current) { member in
                _ = set.add(member, maxIntsetEntries: limits.setMaxIntsetEntries)
            }
            position = listpack.next(after: current)
        }
        return set.newValue
    }

    /// HASH_ZIPMAP (Redis 2.x): pairs into a listpack, then a hashtable past either threshold.
    mutating func loadZipmap(at start: Int) throws(RDBError) -> NewValue? {
        let blob = try reader.readString()
        defer { blob.release() }
        var listpack = Listpack.create()
        let seen = ByteDict.make(.none)
        defer { seen.free() }
        var distinct = true
        var longest = 0
        let sound = Zipmap.forEachPair(blob.bytes) { field, value in
            distinct = distinct && seen.insert(field)
            longest = max(longest, field.count, value.count)
            listpack.append(.bytes(field))
            listpack.append(.bytes(value))
        }
        guard sound, distinct else {
            listpack.free()
            throw RDBError.corrupt(at: start, sound ? "Hash zipmap with dup elements, or big length"
                                                    : "Zipmap integrity check failed.")
        }
        let pairs = listpack.count / 2
        guard pairs > 0 else { listpack.free(); return nil }
        var hash = HashValue(encoding: .listpack, payload: UInt64(UInt(bitPattern: listpack.base)))
        if pairs > limits.hash.maxEntries || longest > limits.hash.maxValue { hash.convertToHashtable() }
        return hash.newValue
    }

    /// LIST_ZIPLIST: each entry pushed at the tail of a new quicklist.
    mutating func loadListZiplist(at start: Int) throws(RDBError) -> NewValue? {
        let blob = try reader.readString()
        defer { blob.release() }
        let list = ListValue.create(fill: limits.listFill)
        let sound = Ziplist.forEachEntry(blob.bytes) { entry in
            switch entry {
            case .integer(let integer): Integer.withDigits(integer) { list.push($0, at: .tail) }
            case .bytes(let bytes): list.push(bytes, at: .tail)
            }
        }
        guard sound else {
            list.free()
            throw RDBError.corrupt(at: start, "List ziplist integrity check failed.")
        }
        guard list.count > 0 else { list.free(); return nil }
        return list.newValue
    }
}
