#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One member of a `ByteDict` in a single malloc'd block, with its value when the dict has one.
///
/// Layout (bytes), by the dict's `ValueKind`:
/// ```
///  0  next          chain link in the bucket
///  8  hash          low 32 bits of KeyHash
/// none   12 memberLength   16 member bytes
/// bytes  12 memberLength   16 valueLength   20 member bytes, then value bytes
/// node   16 pointer to a block holding the member (a skiplist node, see `ByteDict.ValueKind`)
/// ```
/// A borrowed pointer: valid until the next write to its dict.
struct ByteDictEntry {
    let base: UnsafeMutableRawPointer
    let kind: ByteDict.ValueKind

    init(_ base: UnsafeMutableRawPointer, kind: ByteDict.ValueKind) {
        self.base = base
        self.kind = kind
    }

    /// Where a `.node` block says where its member is: a UInt32 length at byte 16 and a UInt32
    /// offset of the bytes at byte 20.
    static let nodeMemberLengthOffset = 16
    static let nodeMemberOffsetOffset = 20

    var next: UnsafeMutableRawPointer? {
        get { base.load(as: UnsafeMutableRawPointer?.self) }
        nonmutating set { base.storeBytes(of: newValue, as: UnsafeMutableRawPointer?.self) }
    }

    var hash32: UInt32 { base.load(fromByteOffset: 8, as: UInt32.self) }

    var member: UnsafeRawBufferPointer {
        switch kind {
        case .none:
            UnsafeRawBufferPointer(start: base + 16, count: Int(base.load(fromByteOffset: 12, as: UInt32.self)))
        case .bytes:
            UnsafeRawBufferPointer(start: base + 20, count: Int(base.load(fromByteOffset: 12, as: UInt32.self)))
        case .node:
            ByteDictEntry.member(ofNode: node)
        }
    }

    /// The value bytes of a `.bytes` dict (a hash field's value).
    var value: UnsafeRawBufferPointer {
        precondition(kind == .bytes)
        let memberLength = Int(base.load(fromByteOffset: 12, as: UInt32.self))
        return UnsafeRawBufferPointer(start: base + 20 + memberLength, count: valueLength)
    }

    /// The block a `.node` dict's entry points at.
    var node: UnsafeMutableRawPointer {
        precondition(kind == .node)
        return base.load(fromByteOffset: 16, as: UnsafeMutableRawPointer.self)
    }

    private var valueLength: Int { Int(base.load(fromByteOffset: 16, as: UInt32.self)) }

    static func member(ofNode node: UnsafeRawPointer) -> UnsafeRawBufferPointer {
        let length = Int(node.load(fromByteOffset: nodeMemberLengthOffset, as: UInt32.self))
        let offset = Int(node.load(fromByteOffset: nodeMemberOffsetOffset, as: UInt32.self))
        return UnsafeRawBufferPointer(start: node + offset, count: length)
    }

    /// Replaces a `.bytes` value of the same length without reallocating (HINCRBY's common case).
    func overwriteValue(_ value: UnsafeRawBufferPointer) {
        precondition(kind == .bytes && value.count == valueLength)
        let memberLength = Int(base.load(fromByteOffset: 12, as: UInt32.self))
        if let source = value.baseAddress { (base + 20 + memberLength).copyMemory(from: source, byteCount: value.count) }
    }

    func matches(_ key: UnsafeRawBufferPointer, hash32: UInt32) -> Bool {
        guard self.hash32 == hash32 else { return false }
        let own = member
        guard own.count == key.count else { return false }
        return own.count == 0 || memcmp(own.baseAddress!, key.baseAddress!, own.count) == 0
    }

    // MARK: making blocks

    static func make(member: UnsafeRawBufferPointer, hash32: UInt32) -> ByteDictEntry {
        let base = StructureMemory.allocate(16 + member.count)
        base.storeBytes(of: UInt32(member.count), toByteOffset: 12, as: UInt32.self)
        copy(member, to: base + 16)
        return stamped(ByteDictEntry(base, kind: .none), hash32: hash32)
    }

    static func make(member: UnsafeRawBufferPointer, value: UnsafeRawBufferPointer, hash32: UInt32) -> ByteDictEntry {
        let base = StructureMemory.allocate(20 + member.count + value.count)
        base.storeBytes(of: UInt32(member.count), toByteOffset: 12, as: UInt32.self)
        base.storeBytes(of: UInt32(value.count), toByteOffset: 16, as: UInt32.self)
        copy(member, to: base + 20)
        copy(value, to: base + 20 + member.count)
        return stamped(ByteDictEntry(base, kind: .bytes), hash32: hash32)
    }

    static func make(node: UnsafeMutableRawPointer, hash32: UInt32) -> ByteDictEntry {
        let base = StructureMemory.allocate(24)
        base.storeBytes(of: node, toByteOffset: 16, as: UnsafeMutableRawPointer.self)
        return stamped(ByteDictEntry(base, kind: .node), hash32: hash32)
    }

    /// A copy of this entry's block (unlinked), for cloning a dict without a `.node` kind.
    func duplicate() -> ByteDictEntry {
        precondition(kind != .node)
        let size = kind == .none ? 16 + member.count : 20 + member.count + valueLength
        let copy = StructureMemory.allocate(size)
        copy.copyMemory(from: base, byteCount: size)
        return ByteDictEntry(copy, kind: kind)
    }

    private static func stamped(_ entry: ByteDictEntry, hash32: UInt32) -> ByteDictEntry {
        entry.next = nil
        entry.base.storeBytes(of: hash32, toByteOffset: 8, as: UInt32.self)
        return entry
    }

    private static func copy(_ bytes: UnsafeRawBufferPointer, to target: UnsafeMutableRawPointer) {
        if let source = bytes.baseAddress, bytes.count > 0 { target.copyMemory(from: source, byteCount: bytes.count) }
    }
}
