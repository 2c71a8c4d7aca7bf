/// One hash value (Redis's t_hash.c type API): field/value pairs in a `Listpack` while small,
/// a `.bytes` `ByteDict` (`hashtable`) past hash-max-listpack-entries/value. Only a copy of
/// the entry's encoding and payload: a write that moves the object changes them here, and the
/// command stores them back in the entry (`KeyTable.setPayload`).
struct HashValue {
    /// Written only by the type API's own mutations (its files are split by concern).
    var encoding: ValueEncoding
    var payload: UInt64

    init(encoding: ValueEncoding, payload: UInt64) {
        precondition(encoding == .listpack || encoding == .hashtable, "no hash encoding \(encoding)")
        self.encoding = encoding
        self.payload = payload
    }

    /// The hash an entry of type `.hash` holds.
    init(_ entry: Entry) {
        self.init(encoding: entry.encoding, payload: entry.payload)
    }

    /// A new empty hash, a listpack as Redis's createHashObject makes it.
    static func makeEmpty() -> HashValue {
        HashValue(encoding: .listpack, payload: address(Listpack.create().base))
    }

    /// What the keyspace stores for a new key holding this hash.
    var newValue: NewValue {
        NewValue(type: .hash, encoding: encoding, payload: payload, inline: nil)
    }

    var listpack: Listpack { Listpack(base: pointer) }
    var dict: ByteDict { ByteDict(header: pointer) }

    private var pointer: UnsafeMutableRawPointer { UnsafeMutableRawPointer(bitPattern: UInt(payload))! }

    static func address(_ pointer: UnsafeMutableRawPointer) -> UInt64 { UInt64(UInt(bitPattern: pointer)) }

    /// hashTypeLength.
    var count: Int {
        encoding == .listpack ? listpack.count / 2 : dict.count
    }

    var isEmpty: Bool { count == 0 }

    // MARK: lifecycle

    func free() {
        if encoding == .listpack { listpack.free() } else { dict.free() }
    }

    func clone() -> HashValue {
        if encoding == .listpack {
            return HashValue(encoding: .listpack, payload: HashValue.address(EncodingBlock.copy(listpack.bytes)))
        }
        return HashValue(encoding: .hashtable, payload: HashValue.address(dict.clone().header))
    }

    /// Bytes the allocator holds for this hash.
    var bytesUsed: Int {
        if encoding == .listpack {
            let usable = StructureMemory.usableSize(pointer)
            return usable > 0 ? usable : listpack.totalBytes
        }
        return dict.bytesUsed
    }
}
