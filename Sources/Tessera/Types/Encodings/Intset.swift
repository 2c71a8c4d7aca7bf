/// Redis 7.0's intset (src/intset.c), byte for byte: one malloc'd block holding the element
/// width in bytes (u32 LE: 2, 4 or 8), the element count (u32 LE), then the elements, sorted
/// ascending and distinct, each little-endian at that width. The RDB writer dumps `bytes` as
/// they are.
///
/// The struct is only the base pointer (no reference count). Mutations may move the block; they
/// update `base`, and the owner must store the new value back.
public struct Intset {
    /// The start of the block; changes when a mutation reallocates.
    public private(set) var base: UnsafeMutableRawPointer

    static let headerSize = 8

    /// Adopts a block that already holds an intset (one this type made, or a validated copy).
    public init(base: UnsafeMutableRawPointer) {
        self.base = base
    }

    /// A new empty intset of 16-bit width: intsetNew.
    public static func create() -> Intset {
        let intset = Intset(base: EncodingBlock.allocate(headerSize))
        intset.setWidth(2)
        intset.setCount(0)
        return intset
    }

    /// A copy of a blob read from a file, or nil when the blob is not a sound intset
    /// (see `validate(bytes:)`).
    public init?(validating bytes: UnsafeRawBufferPointer) {
        guard Intset.validate(bytes: bytes) else { return nil }
        self.init(base: EncodingBlock.copy(bytes))
    }

    /// Releases the block; the intset must not be used afterwards.
    public func free() {
        EncodingBlock.release(base)
    }

    /// The element width in bytes (Redis's INTSET_ENC_INT16/32/64); it only ever grows.
    public var width: Int {
        Int(UInt32(littleEndian: base.loadUnaligned(as: UInt32.self)))
    }

    /// intsetLen.
    public var count: Int {
        Int(UInt32(littleEndian: base.loadUnaligned(fromByteOffset: 4, as: UInt32.self)))
    }

    public var isEmpty: Bool { count == 0 }

    /// intsetBlobLen: the bytes RDB stores.
    public var byteSize: Int {
        Intset.headerSize + count * width
    }

    public var bytes: UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(start: base, count: byteSize)
    }

    /// intsetGet: the element at `index` (0 ..< count), in ascending order.
    public func element(at index: Int) -> Int64 {
        precondition(index >= 0 && index < count, "intset index out of range")
        return Intset.load(base, index: index, width: width)
    }

    public var min: Int64? {
        isEmpty ? nil : element(at: 0)
    }

    public var max: Int64? {
        isEmpty ? nil : element(at: count - 1)
    }

    /// intsetFind.
    public func contains(_ value: Int64) -> Bool {
        Intset.width(for: value) <= width && search(value).found
    }

    /// intsetRandom: a uniformly chosen element, or nil when empty.
    public func randomElement<Generator: RandomNumberGenerator>(using generator: inout Generator) -> Int64? {
        isEmpty ? nil : element(at: Int.random(in: 0..<count, using: &generator))
    }

    public func randomElement() -> Int64? {
        var generator = SystemRandomNumberGenerator()
        return randomElement(using: &generator)
    }

    /// intsetSearch: whether `value` is present, and the index where it is or would go.
    func search(_ value: Int64) -> (found: Bool, index: Int) {
        let length = count
        guard length > 0 else { return (false, 0) }
        // The ends first: appends of growing values (the common case) skip the bisection.
        if value > element(at: length - 1) { return (false, length) }
        if value < element(at: 0) { return (false, 0) }
        var low = 0
        var high = length - 1
        while low <= high {
            let middle = (low + high) >> 1
            let current = element(at: middle)
            if current == value { return (true, middle) }
            if current < value { low = middle + 1 } else { high = middle - 1 }
        }
        return (false, low)
    }

    /// _intsetValueEncoding: the narrowest width that holds `value`.
    static func width(for value: Int64) -> Int {
        if value < Int64(Int32.min) || value > Int64(Int32.max) { return 8 }
        if value < Int64(Int16.min) || value > Int64(Int16.max) { return 4 }
        return 2
    }

    static func load(_ base: UnsafeRawPointer, index: Int, width: Int) -> Int64 {
        let offset = headerSize + index * width
        switch width {
        case 2: return Int64(Int16(littleEndian: base.loadUnaligned(fromByteOffset: offset, as: Int16.self)))
        case 4: return Int64(Int32(littleEndian: base.loadUnaligned(fromByteOffset: offset, as: Int32.self)))
        default: return Int64(littleEndian: base.loadUnaligned(fromByteOffset: offset, as: Int64.self))
        }
    }

    func store(_ value: Int64, at index: Int) {
        let offset = Intset.headerSize + index * width
        switch width {
        case 2: base.storeBytes(of: Int16(truncatingIfNeeded: value).littleEndian, toByteOffset: offset, as: Int16.self)
        case 4: base.storeBytes(of: Int32(truncatingIfNeeded: value).littleEndian, toByteOffset: offset, as: Int32.self)
        default: base.storeBytes(of: value.littleEndian, toByteOffset: offset, as: Int64.self)
        }
    }

    func setWidth(_ width: Int) {
        base.storeBytes(of: UInt32(width).littleEndian, as: UInt32.self)
    }

    func setCount(_ count: Int) {
        base.storeBytes(of: UInt32(count).littleEndian, toByteOffset: 4, as: UInt32.self)
    }

    mutating func rebase(_ newBase: UnsafeMutableRawPointer) {
        base = newBase
    }
}
