/// One set value (Redis 7.0's t_set.c "set type API"): an `intset` while every member is an
/// integer and there are at most `set-max-intset-entries` of them, a `hashtable` (ByteDict of
/// members) otherwise. A set converts to `hashtable` when a non-integer member arrives or the
/// intset grows past the limit (setTypeAdd / setTypeMaybeConvert), and never back.
///
/// The struct is only the entry's encoding and payload word: mutations may move the object
/// (an intset realloc, a conversion), so after one the owner stores `encoding` and `payload`
/// back into the entry (`KeyTable.setPayload`) before anything else reads it.
struct SetValue {
    private(set) var encoding: ValueEncoding
    private(set) var payload: UInt64

    init(encoding: ValueEncoding, payload: UInt64) {
        precondition(encoding == .intset || encoding == .hashtable, "not a set encoding")
        self.encoding = encoding
        self.payload = payload
    }

    /// The set held by `entry` (whose type must be `.set`).
    init(_ entry: Entry) {
        self.init(encoding: entry.encoding, payload: entry.payload)
    }

    /// setTypeCreate: an intset when the first member to be added is an integer.
    static func create(for firstMember: UnsafeRawBufferPointer) -> SetValue {
        Integer.parseStrict(firstMember) == nil ? emptyHashtable() : emptyIntset()
    }

    /// createIntsetObject: what SINTERSTORE and friends start their result from.
    static func emptyIntset() -> SetValue {
        SetValue(encoding: .intset, payload: SetValue.word(Intset.create().base))
    }

    static func emptyHashtable() -> SetValue {
        SetValue(encoding: .hashtable, payload: SetValue.word(ByteDict.make(.none).header))
    }

    /// The value to store under a key; the table takes ownership of the object.
    var newValue: NewValue {
        NewValue(type: .set, encoding: encoding, payload: payload, inline: nil)
    }

    var intset: Intset { Intset(base: pointer) }
    var dict: ByteDict { ByteDict(header: pointer) }

    private var pointer: UnsafeMutableRawPointer { UnsafeMutableRawPointer(bitPattern: UInt(payload))! }

    static func word(_ pointer: UnsafeMutableRawPointer) -> UInt64 { UInt64(UInt(bitPattern: pointer)) }

    // MARK: reading

    /// setTypeSize.
    var count: Int {
        encoding == .intset ? intset.count : dict.count
    }

    var isEmpty: Bool { count == 0 }

    /// setTypeIsMember.
    func contains(_ member: UnsafeRawBufferPointer) -> Bool {
        if encoding == .hashtable { return dict.contains(member) }
        guard let integer = Integer.parseStrict(member) else { return false }
        return intset.contains(integer)
    }

    /// setTypeIsMember for a member already known as an integer (intersections of intsets).
    func contains(integer: Int64) -> Bool {
        if encoding == .intset { return intset.contains(integer) }
        return Integer.withDigits(integer) { dict.contains($0) }
    }

    /// Visits every member (setTypeNext): an intset in ascending order, a hashtable in bucket
    /// order. `body` must not write to the set.
    func forEach(_ body: (SetMember) -> Void) {
        if encoding == .intset {
            let intset = self.intset
            for index in 0..<intset.count { body(.integer(intset.element(at: index))) }
        } else {
            dict.forEach { body(.bytes($0.member)) }
        }
    }

    /// setTypeRandomElement: a uniformly drawn member of a non-empty set (a fair draw over the
    /// hashtable's buckets, as dictGetFairRandomKey). Valid until the next write to the set.
    func randomMember<G: RandomNumberGenerator>(using generator: inout G) -> SetMember {
        if encoding == .intset { return .integer(intset.randomElement(using: &generator)!) }
        return .bytes(dict.fairRandomEntry(using: &generator)!.member)
    }

    /// What the allocator holds for this set (MEMORY USAGE, DEBUG).
    var bytesUsed: Int {
        encoding == .intset ? StructureMemory.usableSize(intset.base) : dict.bytesUsed
    }

    // MARK: writing (the payload may move: store it back)

    /// setTypeAdd: true when `member` was not there. Converts to a hashtable for a non-integer
    /// member, or when the intset grows past `maxIntsetEntries`.
    @discardableResult
    mutating func add(_ member: UnsafeRawBufferPointer, maxIntsetEntries: Int) -> Bool {
        if encoding == .hashtable { return dict.insert(member) }
        guard let integer = Integer.parseStrict(member) else {
            convertToHashtable()
            return dict.insert(member)
        }
        return add(integer: integer, maxIntsetEntries: maxIntsetEntries)
    }

    /// setTypeAdd for a member already known as an integer.
    @discardableResult
    mutating func add(integer: Int64, maxIntsetEntries: Int) -> Bool {
        if encoding == .hashtable { return Integer.withDigits(integer) { dict.insert($0) } }
        var intset = self.intset
        guard intset.add(integer) else { return false }
        payload = SetValue.word(intset.base)
        if intset.count > maxIntsetEntries { convertToHashtable() }
        return true
    }

    /// Adds any member, as it came out of another set.
    @discardableResult
    mutating func add(_ member: SetMember, maxIntsetEntries: Int) -> Bool {
        switch member {
        case .integer(let integer): add(integer: integer, maxIntsetEntries: maxIntsetEntries)
        case .bytes(let bytes): add(bytes, maxIntsetEntries: maxIntsetEntries)
        }
    }

    /// setTypeRemove: true when `member` was there. A hashtable shrinks once sparse.
    @discardableResult
    mutating func remove(_ member: UnsafeRawBufferPointer) -> Bool {
        if encoding == .hashtable { return dict.remove(member) }
        guard let integer = Integer.parseStrict(member) else { return false }
        return remove(integer: integer)
    }

    @discardableResult
    mutating func remove(integer: Int64) -> Bool {
        if encoding == .hashtable { return Integer.withDigits(integer) { dict.remove($0) } }
        var intset = self.intset
        guard intset.remove(integer) else { return false }
        payload = SetValue.word(intset.base)
        return true
    }

    @discardableResult
    mutating func remove(_ member: SetMember) -> Bool {
        switch member {
        case .integer(let integer): remove(integer: integer)
        case .bytes(let bytes): remove(bytes)
        }
    }

    /// setTypeConvert to OBJ_ENCODING_HT: a dict sized for every member at once, then the
    /// intset is freed.
    mutating func convertToHashtable() {
        guard encoding == .intset else { return }
        let intset = self.intset
        let dict = ByteDict.make(.none)
        if intset.count > 0 { dict.reserve(intset.count) }
        for index in 0..<intset.count {
            Integer.withDigits(intset.element(at: index)) { _ = dict.insert($0) }
        }
        intset.free()
        encoding = .hashtable
        payload = SetValue.word(dict.header)
    }

    // MARK: lifecycle

    func free() {
        if encoding == .intset { intset.free() } else { dict.free() }
    }

    /// A deep copy with the same encoding (COPY).
    func clone() -> SetValue {
        if encoding == .hashtable { return SetValue(encoding: .hashtable, payload: SetValue.word(dict.clone().header)) }
        let copy = EncodingBlock.copy(intset.bytes)
        return SetValue(encoding: .intset, payload: SetValue.word(copy))
    }
}

/// A member as a set yields it: an intset's integer, or a hashtable member's bytes (borrowed,
/// valid until the next write to that set).
enum SetMember {
    case integer(Int64)
    case bytes(UnsafeRawBufferPointer)

    /// The member's bytes as Redis replies with them (an integer in decimal).
    @inline(__always)
    func withBytes<R>(_ body: (UnsafeRawBufferPointer) -> R) -> R {
        switch self {
        case .integer(let integer): Integer.withDigits(integer, body)
        case .bytes(let bytes): body(bytes)
        }
    }
}
