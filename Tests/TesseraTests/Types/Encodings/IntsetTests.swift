import Testing
@testable import Tessera

/// Intsets against Redis 7.0.15's own bytes. Fixtures are the payload of `DUMP key` from a
/// redis-server 7.0.15 with the DUMP envelope stripped (type byte 11 = set intset, the RDB string
/// length, and the trailing RDB version and CRC64), plus `set:intset` from
/// ../shared/fixtures/redis-7.0.15/small-types.rdb.
@Suite("Intset")
struct IntsetTests {
    // SADD s 1 2 3, then SADD s 100000 (widens to 32 bits)
    static let saddFixture = hexBytes("04000000 04000000 01000000 02000000 03000000 a0860100")
    // SADD s16 5 -3 7
    static let sixteenBitFixture = hexBytes("02000000 03000000 fdff 0500 0700")
    // SADD s64 1 5000000000 -7
    static let sixtyFourBitFixture = hexBytes("08000000 03000000 f9ffffffffffffff 0100000000000000 00f2052a01000000")
    // set:intset in small-types.rdb: the integers 0 to 9
    static let rdbFixture = hexBytes("02000000 0a000000 0000 0100 0200 0300 0400 0500 0600 0700 0800 0900")

    static func build(_ batches: [[Int64]]) -> [UInt8] {
        var intset = Intset.create()
        defer { intset.free() }
        for batch in batches {
            for value in batch { intset.add(value) }
        }
        return Array(intset.bytes)
    }

    static func elements(_ intset: Intset) -> [Int64] {
        (0..<intset.count).map { intset.element(at: $0) }
    }

    @Test("an empty intset is a 16-bit header with no elements")
    func emptyIntset() {
        let intset = Intset.create()
        defer { intset.free() }
        #expect(Array(intset.bytes) == hexBytes("02000000 00000000"))
        #expect(intset.min == nil && intset.max == nil)
        #expect(intset.randomElement() == nil)
        #expect(!intset.contains(0))
    }

    @Test("SADD-built intsets match Redis 7.0 byte for byte")
    func matchesRedisBytes() {
        #expect(Self.build([[1, 2, 3], [100000]]) == Self.saddFixture)
        #expect(Self.build([[5, -3, 7]]) == Self.sixteenBitFixture)
        #expect(Self.build([[1, 5_000_000_000, -7]]) == Self.sixtyFourBitFixture)
        #expect(Self.build([[9, 3, 0, 8, 1, 7, 2, 6, 4, 5]]) == Self.rdbFixture)
    }

    @Test("Redis's intsets validate and read back sorted")
    func readsRedisBytes() {
        let cases: [([UInt8], [Int64])] = [
            (Self.saddFixture, [1, 2, 3, 100000]),
            (Self.sixteenBitFixture, [-3, 5, 7]),
            (Self.sixtyFourBitFixture, [-7, 1, 5_000_000_000]),
            (Self.rdbFixture, Array(0...9)),
        ]
        for (fixture, expected) in cases {
            let intset = fixture.withUnsafeBytes { Intset(validating: $0) }
            #expect(intset != nil)
            guard let intset else { continue }
            defer { intset.free() }
            #expect(Self.elements(intset) == expected)
            #expect(intset.byteSize == fixture.count)
            #expect(intset.min == expected.first && intset.max == expected.last)
            #expect(expected.allSatisfy { intset.contains($0) })
        }
    }

    @Test("upgrading 16 -> 32 -> 64 bits keeps every element in order")
    func upgrades() {
        var intset = Intset.create()
        defer { intset.free() }
        for value: Int64 in [300, -300, 0, 32767, -32768] { intset.add(value) }
        #expect(intset.width == 2)
        let widenedTo32 = intset.add(32768)
        #expect(widenedTo32)
        #expect(intset.width == 4)
        #expect(Self.elements(intset) == [-32768, -300, 0, 300, 32767, 32768])
        let widenedTo64 = intset.add(-2_147_483_649)
        #expect(widenedTo64)
        #expect(intset.width == 8)
        #expect(Self.elements(intset) == [-2_147_483_649, -32768, -300, 0, 300, 32767, 32768])
        let addedMax = intset.add(.max)
        let addedMin = intset.add(.min)
        #expect(addedMax && addedMin)
        #expect(Self.elements(intset) == [.min, -2_147_483_649, -32768, -300, 0, 300, 32767, 32768, .max])
        #expect(intset.byteSize == 8 + 9 * 8)
        // The width never narrows, as in Redis.
        for value in Self.elements(intset) where value < -32768 || value > 32767 { intset.remove(value) }
        #expect(intset.width == 8)
        #expect(Self.elements(intset) == [-32768, -300, 0, 300, 32767])
        #expect(Intset.validate(bytes: intset.bytes))
    }

    @Test("a negative value that upgrades goes first, a positive one last")
    func upgradeEnds() {
        #expect(Self.build([[1, 2], [-70000]]) == hexBytes("04000000 03000000 90eefeff 01000000 02000000"))
        #expect(Self.build([[1, 2], [70000]]) == hexBytes("04000000 03000000 01000000 02000000 70110100"))
    }

    @Test("SADD and SREM report whether the set changed; wider values are never members")
    func addRemoveReport() {
        var intset = Intset.create()
        defer { intset.free() }
        let firstAdd = intset.add(5)
        let secondAdd = intset.add(5)
        let removedAbsent = intset.remove(6)
        let removedWider = intset.remove(5_000_000_000)
        #expect(firstAdd && !secondAdd && !removedAbsent && !removedWider)
        #expect(!intset.contains(5_000_000_000))
        let removedPresent = intset.remove(5)
        #expect(removedPresent)
        #expect(intset.isEmpty)
        #expect(Array(intset.bytes) == hexBytes("02000000 00000000"))
    }

    @Test("random adds and removes agree with a set model")
    func randomAgainstModel() {
        var generator = FastRandom(seed: 0x1D5E7)
        var intset = Intset.create()
        defer { intset.free() }
        var model = Set<Int64>()
        for step in 0..<4000 {
            let shift = Int64([63, 60, 49, 33, 17, 10].randomElement(using: &generator)!)
            let value = Int64.random(in: .min ... .max, using: &generator) >> shift
            if Bool.random(using: &generator) || model.isEmpty {
                let added = intset.add(value)
                #expect(added == model.insert(value).inserted)
            } else {
                let victim = Bool.random(using: &generator) ? model.randomElement(using: &generator)! : value
                let removed = intset.remove(victim)
                #expect(removed == (model.remove(victim) != nil))
            }
            if step % 50 == 0 {
                #expect(Self.elements(intset) == model.sorted(), "after step \(step)")
                #expect(intset.byteSize == 8 + model.count * intset.width)
                #expect(intset.isEmpty || Intset.validate(bytes: intset.bytes))
            }
            #expect(intset.count == model.count)
            #expect(intset.contains(value) == model.contains(value))
            #expect(intset.min == model.min() && intset.max == model.max())
        }
    }

    @Test("SRANDMEMBER-style picks return only members and reach all of them")
    func randomElements() {
        var intset = Intset.create()
        defer { intset.free() }
        for value: Int64 in [-40000, 7, 12, 900] { intset.add(value) }
        var generator = FastRandom(seed: 42)
        var seen = Set<Int64>()
        for _ in 0..<200 { seen.insert(intset.randomElement(using: &generator)!) }
        #expect(seen == [-40000, 7, 12, 900])
    }

    @Test("validate rejects bad widths, lying counts, empty sets and disorder")
    func rejectsBadBlobs() {
        #expect(!Intset.validate(bytes: UnsafeRawBufferPointer(start: nil, count: 0)))
        let bad: [(String, [UInt8])] = [
            ("width 3", hexBytes("03000000 01000000 010000")),
            ("width 0", hexBytes("00000000 00000000")),
            ("count too large", hexBytes("02000000 03000000 0100 0200")),
            ("count too small", hexBytes("02000000 01000000 0100 0200")),
            ("empty", hexBytes("02000000 00000000")),
            ("duplicate", hexBytes("02000000 02000000 0100 0100")),
            ("descending", hexBytes("02000000 02000000 0200 0100")),
            ("header cut", hexBytes("02000000 0100")),
            ("count near 2^32", hexBytes("08000000 ffffffff 0100000000000000")),
        ]
        for (name, blob) in bad {
            #expect(!blob.withUnsafeBytes { Intset.validate(bytes: $0) }, "\(name)")
            #expect(blob.withUnsafeBytes { Intset(validating: $0) } == nil, "\(name)")
        }
        for fixture in [Self.saddFixture, Self.sixtyFourBitFixture] {
            for length in 0..<fixture.count {
                #expect(!fixture.withUnsafeBytes { Intset.validate(bytes: UnsafeRawBufferPointer(rebasing: $0[0..<length])) })
            }
        }
    }

    @Test("validate never crashes on random garbage or bit flips")
    func garbage() {
        var generator = FastRandom(seed: 0xB16B00B5)
        for round in 0..<20000 {
            var blob = (0..<Int.random(in: 0...40, using: &generator)).map { _ in UInt8.random(in: 0...255, using: &generator) }
            if round % 2 == 0 && blob.count >= 8 {
                // A plausible header, so the element checks run.
                let width = [2, 4, 8].randomElement(using: &generator)!
                blob[0...3] = [UInt8(width), 0, 0, 0]
                blob[4...7] = [UInt8((blob.count - 8) / width), 0, 0, 0]
            }
            if let intset = blob.withUnsafeBytes({ Intset(validating: $0) }) {
                #expect(Self.elements(intset) == Self.elements(intset).sorted())
                intset.free()
            }
        }
        for byteIndex in 0..<Self.saddFixture.count {
            for bit in 0..<8 {
                var flipped = Self.saddFixture
                flipped[byteIndex] ^= 1 << bit
                let accepted = flipped.withUnsafeBytes { Intset.validate(bytes: $0) }
                if byteIndex < 8 { #expect(!accepted, "flip of bit \(bit) in byte \(byteIndex)") }
            }
        }
    }
}
