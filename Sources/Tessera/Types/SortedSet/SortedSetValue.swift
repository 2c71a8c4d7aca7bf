/// One sorted set over whichever encoding it has (Redis's t_zset.c "type API"): a `listpack` of
/// member, score pairs kept in (score, member) order while the set is small, a `skiplist`
/// (`SortedSetIndex`: skiplist + member dict) past `zset-max-listpack-entries/value`.
///
/// The value is the entry's encoding and payload; a mutation that moves the listpack or converts
/// the set changes them, and the caller stores them back (`KeyTable.setPayload`) at once.
struct SortedSetValue {
    var encoding: ValueEncoding
    var payload: UnsafeMutableRawPointer

    init(encoding: ValueEncoding, payload: UnsafeMutableRawPointer) {
        self.encoding = encoding
        self.payload = payload
    }

    /// The sorted set stored in `entry`, which must be a zset.
    init(_ entry: Entry) {
        self.init(encoding: entry.encoding, payload: UnsafeMutableRawPointer(bitPattern: UInt(entry.payload))!)
    }

    init(_ value: StoredValue) {
        self.init(encoding: value.encoding, payload: UnsafeMutableRawPointer(bitPattern: UInt(value.payload))!)
    }

    /// zsetTypeCreate: an empty set in the encoding that `count` members of at most
    /// `longestMember` bytes call for.
    static func make(expecting count: Int, longestMember: Int, limits: SortedSetLimits) -> SortedSetValue {
        let entries = limits.maxListpackEntries
        if entries == 0 || count > entries || longestMember > limits.maxListpackValue {
            return SortedSetValue(encoding: .skiplist, payload: SortedSetIndex.make().header)
        }
        return SortedSetValue(encoding: .listpack, payload: Listpack.create().base)
    }

    /// What the keyspace stores for this value (ownership passes to the table).
    var newValue: NewValue {
        NewValue(type: .zset, encoding: encoding, payload: payloadBits, inline: nil)
    }

    var payloadBits: UInt64 { UInt64(UInt(bitPattern: payload)) }

    var listpack: Listpack { Listpack(base: payload) }
    var index: SortedSetIndex { SortedSetIndex(header: payload) }
    var isListpack: Bool { encoding == .listpack }

    /// zsetLength.
    var count: Int { isListpack ? listpack.count / 2 : index.count }

    // MARK: look-ups

    /// zsetScore: the member's score, nil when absent.
    func score(of member: UnsafeRawBufferPointer) -> Double? {
        if isListpack {
            guard let position = listpack.find(member, skip: 1) else { return nil }
            return scoreAfter(position)
        }
        return index.score(of: member)
    }

    /// zsetRank: the member's 0-based rank from the lowest (or, `reverse`, the highest) score,
    /// and its score; O(log n) on a skiplist.
    func rank(of member: UnsafeRawBufferPointer, reverse: Bool) -> (rank: Int, score: Double)? {
        if isListpack {
            let list = listpack
            var position = list.first
            var rank = 0
            while let memberPosition = position {
                let scorePosition = list.next(after: memberPosition)!
                if list.matches(at: memberPosition, member) {
                    let score = SortedSetScore.read(list.value(at: scorePosition))
                    return (reverse ? count - 1 - rank : rank, score)
                }
                rank += 1
                position = list.next(after: scorePosition)
            }
            return nil
        }
        guard let node = index.node(of: member), let rank = index.list.rank(score: node.score, member: node.member)
        else { return nil }
        return (reverse ? index.count - 1 - rank : rank, node.score)
    }

    /// The score entry that follows a member entry in the listpack.
    func scoreAfter(_ memberPosition: Listpack.Position) -> Double {
        SortedSetScore.read(listpack.value(at: listpack.next(after: memberPosition)!))
    }

    // MARK: lifecycle

    func free() {
        if isListpack { listpack.free() } else { index.free() }
    }

    func clone() -> SortedSetValue {
        if isListpack {
            return SortedSetValue(encoding: .listpack, payload: EncodingBlock.copy(listpack.bytes))
        }
        return SortedSetValue(encoding: .skiplist, payload: index.clone().header)
    }

    var bytesUsed: Int {
        isListpack ? StructureMemory.usableSize(payload) : index.bytesUsed
    }
}
