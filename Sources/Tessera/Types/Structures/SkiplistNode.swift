#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One member of a `Skiplist` in a single malloc'd block: score, its levels, then the member.
///
/// Layout (bytes):
/// ```
///  0  score        Double
///  8  backward     previous node at level 0 (nil for the first)
/// 16  memberLength UInt32   (where ByteDict's `.node` kind expects it)
/// 20  memberOffset UInt32   24 + 16 × levelCount (likewise)
/// 24  levels       {forward pointer, span} per level
/// ..  member bytes
/// ```
/// The levels come right after the score, at a fixed offset: a search reads a node's score
/// and forward pointer from one cache line without first loading the member's length (with the
/// member first, a 20-byte member pushed level 1 into the next line: ZADD spent half its time
/// there). Keeping the member in the node (Redis keeps an sds pointer) means one block per
/// member and no second copy in the member dict. A borrowed pointer: valid until the node is
/// deleted.
struct SkiplistNode: Equatable {
    let base: UnsafeMutableRawPointer

    init(_ base: UnsafeMutableRawPointer) { self.base = base }

    static let memberLengthOffset = ByteDictEntry.nodeMemberLengthOffset
    static let memberOffsetOffset = ByteDictEntry.nodeMemberOffsetOffset
    static let levelsOffset = 24

    var score: Double {
        get { base.load(as: Double.self) }
        nonmutating set { base.storeBytes(of: newValue, as: Double.self) }
    }

    /// The node before this one, nil for the first.
    var previous: SkiplistNode? {
        get { base.load(fromByteOffset: 8, as: UnsafeMutableRawPointer?.self).map(SkiplistNode.init) }
        nonmutating set { base.storeBytes(of: newValue?.base, toByteOffset: 8, as: UnsafeMutableRawPointer?.self) }
    }

    /// The node after this one, nil for the last.
    var next: SkiplistNode? { forward(0) }

    var member: UnsafeRawBufferPointer { ByteDictEntry.member(ofNode: base) }

    var levelCount: Int {
        (Int(base.load(fromByteOffset: SkiplistNode.memberOffsetOffset, as: UInt32.self)) - SkiplistNode.levelsOffset) / 16
    }

    @inline(__always)
    private var levels: UnsafeMutableRawPointer { base + SkiplistNode.levelsOffset }

    @inline(__always)
    func forward(_ level: Int) -> SkiplistNode? {
        levels.load(fromByteOffset: level * 16, as: UnsafeMutableRawPointer?.self).map(SkiplistNode.init)
    }

    @inline(__always)
    func setForward(_ level: Int, _ node: SkiplistNode?) {
        levels.storeBytes(of: node?.base, toByteOffset: level * 16, as: UnsafeMutableRawPointer?.self)
    }

    /// How many level-0 steps the forward pointer at `level` skips (0 when it is nil).
    @inline(__always)
    func span(_ level: Int) -> Int { levels.load(fromByteOffset: level * 16 + 8, as: Int.self) }

    @inline(__always)
    func setSpan(_ level: Int, _ span: Int) { levels.storeBytes(of: span, toByteOffset: level * 16 + 8, as: Int.self) }

    /// Whether this node sorts before (`score`, `member`): by score, then member bytes.
    @inline(__always)
    func precedes(_ score: Double, _ member: UnsafeRawBufferPointer) -> Bool {
        let own = self.score
        return own < score || (own == score && SkiplistNode.compare(self.member, member) < 0)
    }

    func equals(_ score: Double, _ member: UnsafeRawBufferPointer) -> Bool {
        self.score == score && SkiplistNode.compare(self.member, member) == 0
    }

    /// memcmp order, a shorter prefix first (Redis's sdscmp).
    static func compare(_ a: UnsafeRawBufferPointer, _ b: UnsafeRawBufferPointer) -> Int {
        let common = min(a.count, b.count)
        if common > 0 {
            let result = memcmp(a.baseAddress!, b.baseAddress!, common)
            if result != 0 { return Int(result) }
        }
        return a.count - b.count
    }

    /// A node with every forward pointer nil and every span 0.
    static func make(levelCount: Int, score: Double, member: UnsafeRawBufferPointer) -> SkiplistNode {
        let memberOffset = levelsOffset + levelCount * 16
        let base = StructureMemory.allocate(memberOffset + member.count)
        base.storeBytes(of: score, as: Double.self)
        base.storeBytes(of: nil, toByteOffset: 8, as: UnsafeMutableRawPointer?.self)
        base.storeBytes(of: UInt32(member.count), toByteOffset: memberLengthOffset, as: UInt32.self)
        base.storeBytes(of: UInt32(memberOffset), toByteOffset: memberOffsetOffset, as: UInt32.self)
        (base + levelsOffset).initializeMemory(as: UInt8.self, repeating: 0, count: levelCount * 16)
        if let source = member.baseAddress, member.count > 0 {
            (base + memberOffset).copyMemory(from: source, byteCount: member.count)
        }
        return SkiplistNode(base)
    }
}
