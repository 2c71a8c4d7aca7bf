#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One key and its value in a single malloc'd block, outside ARC (design §3): a forked snapshot
/// child can walk these without touching a reference count, and a lookup allocates nothing.
///
/// Layout (bytes):
/// ```
///  0  next        chain link in the bucket
///  8  hash        low 32 bits of KeyHash (tables stay below 2^32 buckets)
/// 12  keyLength
/// 16  type, encoding, flags, lfu counter
/// 20  lru         access clock, seconds
/// 24  payload     int value | inline value length | pointer to an external value
/// 32  [expireAt: Int64 ms, volatileIndex: Int64]   only when flags has `hasExpiry`
/// ..  key bytes, then the inline value bytes (embstr)
/// ```
/// An `Entry` is a borrowed pointer: it stays valid until the next mutation of its table.
public struct Entry: Equatable {
    @usableFromInline let base: UnsafeMutableRawPointer

    @inlinable init(_ base: UnsafeMutableRawPointer) { self.base = base }

    static let headerSize = 32
    static let expirySize = 16
    static let hasExpiryFlag: UInt8 = 1

    // MARK: fixed header

    var next: UnsafeMutableRawPointer? {
        get { base.load(as: UnsafeMutableRawPointer?.self) }
        nonmutating set { base.storeBytes(of: newValue, as: UnsafeMutableRawPointer?.self) }
    }

    var hash32: UInt32 {
        base.load(fromByteOffset: 8, as: UInt32.self)
    }

    var keyLength: Int { Int(base.load(fromByteOffset: 12, as: UInt32.self)) }

    public var type: ValueType { ValueType(rawValue: base.load(fromByteOffset: 16, as: UInt8.self))! }

    public var encoding: ValueEncoding {
        get { ValueEncoding(rawValue: base.load(fromByteOffset: 17, as: UInt8.self))! }
        nonmutating set { base.storeBytes(of: newValue.rawValue, toByteOffset: 17, as: UInt8.self) }
    }

    var flags: UInt8 { base.load(fromByteOffset: 18, as: UInt8.self) }

    public var lfu: UInt8 {
        get { base.load(fromByteOffset: 19, as: UInt8.self) }
        nonmutating set { base.storeBytes(of: newValue, toByteOffset: 19, as: UInt8.self) }
    }

    /// Seconds since the epoch, truncated, of the last access (OBJECT IDLETIME).
    public var lru: UInt32 {
        get { base.load(fromByteOffset: 20, as: UInt32.self) }
        nonmutating set { base.storeBytes(of: newValue, toByteOffset: 20, as: UInt32.self) }
    }

    var payload: UInt64 {
        get { base.load(fromByteOffset: 24, as: UInt64.self) }
        nonmutating set { base.storeBytes(of: newValue, toByteOffset: 24, as: UInt64.self) }
    }

    // MARK: expiry

    public var hasExpiry: Bool { flags & Entry.hasExpiryFlag != 0 }

    /// Absolute deadline in Unix milliseconds, nil for a persistent key.
    public var expireAt: Int64? {
        hasExpiry ? base.load(fromByteOffset: 32, as: Int64.self) : nil
    }

    func setExpireAtInPlace(_ deadline: Int64) {
        precondition(hasExpiry)
        base.storeBytes(of: deadline, toByteOffset: 32, as: Int64.self)
    }

    var volatileIndex: Int {
        get { Int(base.load(fromByteOffset: 40, as: Int64.self)) }
        nonmutating set { base.storeBytes(of: Int64(newValue), toByteOffset: 40, as: Int64.self) }
    }

    // MARK: key and value

    var keyOffset: Int { hasExpiry ? Entry.headerSize + Entry.expirySize : Entry.headerSize }

    public var key: UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(start: base + keyOffset, count: keyLength)
    }

    @inline(__always)
    func keyEquals(_ other: UnsafeRawBufferPointer, hash32 otherHash: UInt32) -> Bool {
        guard hash32 == otherHash, keyLength == other.count else { return false }
        guard let otherBase = other.baseAddress else { return true }
        return memcmp(base + keyOffset, otherBase, other.count) == 0
    }

    /// The integer of an `int`-encoded string.
    public var intValue: Int64 { Int64(bitPattern: payload) }

    /// The bytes of an `embstr` or `raw` string (not for `int`: format the integer instead).
    public var stringBytes: UnsafeRawBufferPointer {
        switch encoding {
        case .embstr:
            return UnsafeRawBufferPointer(start: base + keyOffset + keyLength, count: Int(payload))
        case .raw:
            return RawString(UnsafeMutableRawPointer(bitPattern: UInt(payload))!).bytes
        default:
            preconditionFailure("stringBytes of a \(encoding) value")
        }
    }

    /// The external object of a non-string type, or of a `raw` string.
    public var object: UnsafeMutableRawPointer {
        UnsafeMutableRawPointer(bitPattern: UInt(payload))!
    }
}

/// A growable string outside ARC (Redis's `sds` for `raw` values): [capacity, length, bytes...].
struct RawString {
    let base: UnsafeMutableRawPointer
    static let headerSize = 16

    init(_ base: UnsafeMutableRawPointer) { self.base = base }

    static func allocate(copying bytes: UnsafeRawBufferPointer, capacity requested: Int? = nil) -> RawString {
        let capacity = max(requested ?? bytes.count, bytes.count)
        let string = RawString(malloc(headerSize + max(capacity, 1))!)
        string.base.storeBytes(of: capacity, as: Int.self)
        string.length = bytes.count
        if let source = bytes.baseAddress, bytes.count > 0 {
            memcpy(string.base + headerSize, source, bytes.count)
        }
        return string
    }

    var capacity: Int { base.load(as: Int.self) }

    var length: Int {
        get { base.load(fromByteOffset: 8, as: Int.self) }
        nonmutating set { base.storeBytes(of: newValue, toByteOffset: 8, as: Int.self) }
    }

    var bytes: UnsafeRawBufferPointer { UnsafeRawBufferPointer(start: base + RawString.headerSize, count: length) }

    var mutableBytes: UnsafeMutableRawPointer { base + RawString.headerSize }

    /// Grows to hold at least `needed` bytes, doubling like sdsMakeRoomFor below 1 MB.
    func reserving(_ needed: Int) -> RawString {
        guard needed > capacity else { return self }
        let newCapacity = needed < 1 << 20 ? needed * 2 : needed + (1 << 20)
        let grown = RawString(realloc(base, RawString.headerSize + newCapacity)!)
        grown.base.storeBytes(of: newCapacity, as: Int.self)
        return grown
    }

    func deallocate() { free(base) }
}
