/// Redis 7.0's listpack (src/listpack.c), byte for byte: one malloc'd block holding a 6-byte
/// header (total bytes u32 LE, element count u16 LE, 65535 = unknown), the entries, and a 0xFF
/// terminator. The RDB writer dumps `bytes` as they are, so the layout is the contract.
///
/// The struct is only the base pointer: it holds no reference count, and a forked child can walk
/// it freely. Mutations may move the block (realloc); they update `base`, and the owner must
/// store the new value back wherever it keeps the listpack.
public struct Listpack {
    /// The start of the block; changes when a mutation reallocates.
    public private(set) var base: UnsafeMutableRawPointer

    static let headerSize = 6
    static let unknownCount = 65535
    static let terminator: UInt8 = 0xFF
    /// The largest total size a listpack may reach (its header holds a u32).
    static let maximumBytes = Int(UInt32.max)
    /// Room for the longest decimal Int64 ("-9223372036854775808") that `bytes(at:scratch:)`
    /// may format into the caller's scratch buffer.
    public static let integerScratchSize = 21

    /// Adopts a block that already holds a listpack (one this type made, or a validated copy).
    public init(base: UnsafeMutableRawPointer) {
        self.base = base
    }

    /// A new empty listpack: lpNew(0).
    public static func create() -> Listpack {
        let base = EncodingBlock.allocate(headerSize + 1)
        let listpack = Listpack(base: base)
        listpack.setTotalBytes(headerSize + 1)
        listpack.setHeaderCount(0)
        base.storeBytes(of: terminator, toByteOffset: headerSize, as: UInt8.self)
        return listpack
    }

    /// A copy of a blob read from a file, or nil when the blob is not a sound listpack
    /// (see `validate(bytes:)`).
    public init?(validating bytes: UnsafeRawBufferPointer) {
        guard Listpack.validate(bytes: bytes) else { return nil }
        self.init(base: EncodingBlock.copy(bytes))
    }

    /// Releases the block; the listpack must not be used afterwards.
    public func free() {
        EncodingBlock.release(base)
    }

    /// The whole listpack as stored (what RDB dumps): lpBytes.
    public var totalBytes: Int {
        Int(UInt32(littleEndian: base.loadUnaligned(as: UInt32.self)))
    }

    /// The listpack's bytes, header and terminator included.
    public var bytes: UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(start: base, count: totalBytes)
    }

    /// The number of entries: lpLength. Past 65534 entries the header cannot say, so the entries
    /// are counted, and the header is repaired when the count fits again.
    public var count: Int {
        let stored = headerCount
        if stored != Listpack.unknownCount { return stored }
        var counted = 0
        var position = first
        while let current = position {
            counted += 1
            position = next(after: current)
        }
        if counted < Listpack.unknownCount { setHeaderCount(counted) }
        return counted
    }

    public var isEmpty: Bool {
        base.load(fromByteOffset: Listpack.headerSize, as: UInt8.self) == Listpack.terminator
    }

    var headerCount: Int {
        Int(UInt16(littleEndian: base.loadUnaligned(fromByteOffset: 4, as: UInt16.self)))
    }

    func setTotalBytes(_ total: Int) {
        base.storeBytes(of: UInt32(total).littleEndian, as: UInt32.self)
    }

    /// Stores `count`, or "unknown" when it does not fit the u16 field.
    func setHeaderCount(_ count: Int) {
        let stored = UInt16(min(count, Listpack.unknownCount))
        base.storeBytes(of: stored.littleEndian, toByteOffset: 4, as: UInt16.self)
    }

    /// Replaces the block, used by mutations after a realloc.
    mutating func rebase(_ newBase: UnsafeMutableRawPointer) {
        base = newBase
    }
}
