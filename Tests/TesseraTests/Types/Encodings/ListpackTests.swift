import Testing
@testable import Tessera

/// Listpacks against Redis 7.0.15's own bytes. Fixtures are the payload of `DUMP key` from a
/// redis-server 7.0.15 (started with `rdbcompression no` so strings stay readable), with the DUMP
/// envelope stripped: the type byte (16 = hash listpack, 18 = quicklist 2, whose node count and
/// container bytes go too), the RDB string length, and the trailing RDB version and CRC64.
@Suite("Listpack")
struct ListpackTests {
    // HSET h a 1 b hello
    static let hsetFixture = hexBytes("16000000 0400 8161 02 01 01 8162 02 8568656c6c6f 06 ff")
    // RPUSH l a b 1 -5 300
    static let rpushFixture = hexBytes("15000000 0500 8161 02 8162 02 01 01 dffb 02 c12c 02 ff")
    // RPUSH l2 with every integer width at its edges, then non-canonical integer spellings.
    static let integerEdgeTexts = [
        "127", "128", "4095", "4096", "-4096", "-4097", "32767", "32768", "-32768", "-32769",
        "8388607", "8388608", "-8388608", "-8388609", "2147483647", "2147483648", "-2147483648",
        "-2147483649", "9223372036854775807", "-9223372036854775808", "12a", "007", "-0", "+5",
    ]
    static let integerEdgeFixture = hexBytes("""
        88000000 1800 7f01 c08002 cfff02 f1001003 d00002 f1ffef03 f1ff7f03 f200800004 f1008003
        f2ff7fff04 f2ffff7f04 f30000800005 f200008004 f3ffff7fff05 f3ffffff7f05
        f4000000800000000009 f30000008005 f4ffffff7fffffffff09 f4ffffffffffffff7f09
        f4000000000000008009 8331326104 8330303704 822d3003 822b3503 ff
        """)
    // From ../shared/fixtures/redis-7.0.15/small-types.rdb: hash:small, zset:small, list:small.
    static let rdbHashFixture = hexBytes("20000000 0600 826631 03 827631 03 826632 03 02 01 826633 03 857468726565 06 ff")
    static let rdbZsetFixture = hexBytes("""
        2c000000 0800 857468726565 06 dffd 02 836f6e65 04 01 01 8374776f 04 83322e35 04
        83696e66 04 83696e66 04 ff
        """)
    static let rdbListFixture = hexBytes("16000000 0600 8161 02 8162 02 8163 02 01 01 02 01 03 01 ff")

    /// Redis's `RPUSH l3 <63 a> <64 b> <200 c>`, `RPUSH l4 <4095 d>`, `RPUSH l5 <4096 e>` and
    /// `RPUSH l6 <16380 f>`, written as header, repeated payload and back-lengths.
    static let longStringFixtures: [(texts: [[UInt8]], bytes: [UInt8])] = [
        ([repeated("a", 63), repeated("b", 64), repeated("c", 200)],
         hexBytes("57010000 0300 bf") + repeated("a", 63) + [0x40, 0xE0, 0x40] + repeated("b", 64)
             + [0x42, 0xE0, 0xC8] + repeated("c", 200) + [0x01, 0xCA, 0xFF]),
        ([repeated("d", 4095)], hexBytes("0a100000 0100 efff") + repeated("d", 4095) + [0x20, 0x81, 0xFF]),
        ([repeated("e", 4096)], hexBytes("0e100000 0100 f000100000") + repeated("e", 4096) + [0x20, 0x85, 0xFF]),
        ([repeated("f", 16380)], hexBytes("0b400000 0100 f0fc3f0000") + repeated("f", 16380) + [0x01, 0x80, 0x81, 0xFF]),
    ]

    static func repeated(_ character: Character, _ count: Int) -> [UInt8] {
        [UInt8](repeating: character.asciiValue!, count: count)
    }

    static func build(_ texts: [[UInt8]]) -> [UInt8] {
        var listpack = Listpack.create()
        defer { listpack.free() }
        for text in texts { listpack.append(bytes: text) }
        return Array(listpack.bytes)
    }

    @Test("an empty listpack is its header and terminator")
    func emptyListpack() {
        let listpack = Listpack.create()
        defer { listpack.free() }
        #expect(Array(listpack.bytes) == hexBytes("07000000 0000 ff"))
        #expect(listpack.count == 0)
        #expect(listpack.first == nil)
        #expect(listpack.last == nil)
        #expect(listpack.seek(0) == nil)
    }

    @Test("HSET, RPUSH and RDB-file listpacks match Redis 7.0 byte for byte")
    func matchesRedisBytes() {
        let cases: [([String], [UInt8])] = [
            (["a", "1", "b", "hello"], Self.hsetFixture),
            (["a", "b", "1", "-5", "300"], Self.rpushFixture),
            (Self.integerEdgeTexts, Self.integerEdgeFixture),
            (["f1", "v1", "f2", "2", "f3", "three"], Self.rdbHashFixture),
            (["three", "-3", "one", "1", "two", "2.5", "inf", "inf"], Self.rdbZsetFixture),
            (["a", "b", "c", "1", "2", "3"], Self.rdbListFixture),
        ]
        for (texts, fixture) in cases {
            #expect(Self.build(texts.map { Array($0.utf8) }) == fixture, "\(texts)")
        }
        for (texts, fixture) in Self.longStringFixtures {
            #expect(Self.build(texts) == fixture, "strings of \(texts.map(\.count)) bytes")
        }
    }

    @Test("Redis's listpacks validate and read back as the values that built them")
    func readsRedisBytes() {
        var cases: [([[UInt8]], [UInt8])] = [
            (["a", "1", "b", "hello"].map { Array($0.utf8) }, Self.hsetFixture),
            (Self.integerEdgeTexts.map { Array($0.utf8) }, Self.integerEdgeFixture),
            (["three", "-3", "one", "1", "two", "2.5", "inf", "inf"].map { Array($0.utf8) }, Self.rdbZsetFixture),
        ]
        cases += Self.longStringFixtures
        for (texts, fixture) in cases {
            let listpack = fixture.withUnsafeBytes { Listpack(validating: $0) }
            #expect(listpack != nil)
            guard let listpack else { continue }
            defer { listpack.free() }
            let expected = texts.map { Stored(redisReading: $0) }
            #expect(listpack.forwardValues == expected)
            #expect(listpack.backwardValues == Array(expected.reversed()))
            #expect(listpack.count == texts.count)
        }
    }

    @Test("integers are stored in the narrowest encoding at every boundary and read back")
    func integerEncodingBoundaries() {
        // (value, entry size without back-length, first byte's tag bits)
        let boundaries: [(Int64, Int)] = [
            (0, 1), (127, 1), (128, 2), (-1, 2), (4095, 2), (-4096, 2), (4096, 3), (-4097, 3),
            (32767, 3), (-32768, 3), (32768, 4), (-32769, 4), (8_388_607, 4), (-8_388_608, 4),
            (8_388_608, 5), (-8_388_609, 5), (2_147_483_647, 5), (-2_147_483_648, 5),
            (2_147_483_648, 9), (-2_147_483_649, 9), (.max, 9), (.min, 9),
        ]
        var scratch = [UInt8](repeating: 0, count: Listpack.integerScratchSize)
        for (value, size) in boundaries {
            var fromInteger = Listpack.create()
            var fromText = Listpack.create()
            defer { fromInteger.free(); fromText.free() }
            let position = fromInteger.append(.integer(value))
            fromText.append(text: String(value))
            #expect(Array(fromInteger.bytes) == Array(fromText.bytes), "\(value)")
            #expect(fromInteger.totalBytes == 6 + size + 1 + 1, "\(value)")
            #expect(fromInteger.encodedSize(at: position) == size, "\(value)")
            #expect(Stored(fromInteger.value(at: position)) == .integer(value))
            #expect(fromInteger.integer(at: position) == value)
            let text = scratch.withUnsafeMutableBytes { Array(fromInteger.bytes(at: position, scratch: $0)) }
            #expect(text == Array(String(value).utf8))
        }
    }

    @Test("strings take the 6-bit, 12-bit and 32-bit encodings at 63/64 and 4095/4096 bytes")
    func stringEncodingBoundaries() {
        let cases: [(length: Int, header: Int, backlen: Int)] = [
            (0, 1, 1), (1, 1, 1), (63, 1, 1), (64, 2, 1), (125, 2, 1), (126, 2, 2), (4095, 2, 2),
            (4096, 5, 2), (16377, 5, 2), (16378, 5, 3), (70000, 5, 3),
        ]
        for (length, header, backlen) in cases {
            // Letters so the bytes never spell an integer.
            let text = (0..<length).map { UInt8(ascii: "a") + UInt8($0 % 26) }
            var listpack = Listpack.create()
            defer { listpack.free() }
            let position = listpack.append(bytes: text)
            #expect(listpack.encodedSize(at: position) == header + length, "length \(length)")
            #expect(listpack.totalBytes == 6 + header + length + backlen + 1, "length \(length)")
            #expect(listpack.forwardValues == [.bytes(text)])
            #expect(listpack.backwardValues == [.bytes(text)])
            #expect(validatesConsistently(Array(listpack.bytes)))
        }
    }

    @Test("back-lengths use Redis's 1 to 5 byte thresholds and decode back")
    func backlengthBoundaries() {
        let cases: [(Int, Int)] = [
            (1, 1), (127, 1), (128, 2), (16382, 2), (16383, 3), (2_097_150, 3), (2_097_151, 4),
            (268_435_454, 4), (268_435_455, 5), (Int(UInt32.max), 5),
        ]
        var buffer = [UInt8](repeating: 0, count: 5)
        for (length, size) in cases {
            #expect(ListpackBacklen.size(of: length) == size, "\(length)")
            buffer.withUnsafeMutableBytes { raw in
                ListpackBacklen.write(length, to: raw.baseAddress!)
                let last = UnsafeRawPointer(raw.baseAddress! + size - 1)
                #expect(ListpackBacklen.decode(endingAt: last, lowerBound: UnsafeRawPointer(raw.baseAddress!)) == length)
            }
        }
        // The 2-byte form of 200 (RPUSH l3's 200-byte string entry, 202 bytes), as Redis wrote it.
        buffer.withUnsafeMutableBytes { ListpackBacklen.write(202, to: $0.baseAddress!) }
        #expect(Array(buffer[0..<2]) == [0x01, 0xCA])
    }

    @Test("LINDEX-style seeks count from either end and stop at the range")
    func seek() {
        let listpack = makeListpack(["a", "b", "c", "d", "e"])
        defer { listpack.free() }
        let letters = ["a", "b", "c", "d", "e"].map { Stored.bytes(Array($0.utf8)) }
        for index in 0..<5 {
            #expect(listpack.seek(index).map { Stored(listpack.value(at: $0)) } == letters[index])
            #expect(listpack.seek(index - 5).map { Stored(listpack.value(at: $0)) } == letters[index])
        }
        #expect(listpack.seek(5) == nil)
        #expect(listpack.seek(-6) == nil)
        #expect(listpack.next(after: listpack.last!) == nil)
        #expect(listpack.previous(before: listpack.first!) == nil)
    }

    @Test("compare matches an integer entry only with its canonical spelling")
    func compare() {
        let listpack = makeListpack(["300", "hello", "-7", ""])
        defer { listpack.free() }
        let positions = (0..<4).map { listpack.seek($0)! }
        func matches(_ index: Int, _ text: String) -> Bool {
            Array(text.utf8).withUnsafeBytes { listpack.matches(at: positions[index], $0) }
        }
        #expect(matches(0, "300"))
        #expect(!matches(0, "0300"))
        #expect(!matches(0, "300 "))
        #expect(!matches(0, "30"))
        #expect(matches(1, "hello"))
        #expect(!matches(1, "hell"))
        #expect(!matches(1, "hellO"))
        #expect(matches(2, "-7"))
        #expect(!matches(2, "7"))
        #expect(matches(3, ""))
        #expect(!matches(3, "0"))
    }

    @Test("HGET-style find with skip looks at fields only")
    func findWithSkip() {
        let listpack = makeListpack(["a", "1", "b", "hello", "1", "x"])
        defer { listpack.free() }
        func find(_ text: String, skip: Int) -> Int? {
            guard let found = Array(text.utf8).withUnsafeBytes({ listpack.find($0, skip: skip) }) else { return nil }
            return (0..<6).first { listpack.seek($0) == found }
        }
        #expect(find("b", skip: 1) == 2)
        #expect(find("1", skip: 1) == 4)
        #expect(find("1", skip: 0) == 1)
        #expect(find("hello", skip: 1) == nil)
        #expect(find("hello", skip: 0) == 3)
        #expect(find("01", skip: 0) == nil)
        #expect(find("missing", skip: 0) == nil)
        let fromThird = Array("1".utf8).withUnsafeBytes { listpack.find($0, from: listpack.seek(2)!, skip: 1) }
        #expect(fromThird == listpack.seek(4))
    }

    @Test("inserts and deletes in the middle keep every back-length right")
    func randomEditsKeepBacklengths() {
        var generator = FastRandom(seed: 0x1157_9ACE)
        var listpack = Listpack.create()
        defer { listpack.free() }
        var model: [Stored] = []
        for step in 0..<1500 {
            let text = Self.randomText(using: &generator)
            let index = model.isEmpty ? 0 : Int.random(in: 0..<model.count, using: &generator)
            switch Int.random(in: 0..<8, using: &generator) {
            case 0:
                text.withUnsafeBytes { _ = listpack.prepend(.bytes($0)) }
                model.insert(Stored(redisReading: text), at: 0)
            case 1 where !model.isEmpty:
                let inserted = text.withUnsafeBytes { listpack.insert(.bytes($0), before: listpack.seek(index)!) }
                model.insert(Stored(redisReading: text), at: index)
                #expect(listpack.seek(index) == inserted)
            case 2 where !model.isEmpty:
                let value = Int64.random(in: .min ... .max, using: &generator) >> Int64.random(in: 0...63, using: &generator)
                listpack.insert(.integer(value), after: listpack.seek(index)!)
                model.insert(.integer(value), at: index + 1)
            case 3 where !model.isEmpty:
                text.withUnsafeBytes { _ = listpack.replace(at: listpack.seek(index)!, with: .bytes($0)) }
                model[index] = Stored(redisReading: text)
            case 4 where !model.isEmpty:
                let following = listpack.delete(at: listpack.seek(index)!)
                model.remove(at: index)
                #expect(following == (index < model.count ? listpack.seek(index) : nil))
            case 5 where model.count > 3 && step % 5 == 0:
                let count = Int.random(in: 1...4, using: &generator)
                listpack.deleteRange(index: index - model.count, count: count)
                model.removeSubrange(index..<min(model.count, index + count))
            default:
                listpack.append(bytes: text)
                model.append(Stored(redisReading: text))
            }
            // Validation re-checks every back-length against its entry after each edit; the
            // full walks in both directions (which copy every value) run every tenth step.
            #expect(listpack.count == model.count)
            #expect(Listpack.validate(bytes: listpack.bytes), "after step \(step)")
            if step % 10 == 9 {
                let forward = listpack.forwardValues
                #expect(forward == model, "after step \(step)")
                #expect(listpack.backwardValues == Array(forward.reversed()), "after step \(step)")
                if forward != model { return }
            }
        }
    }

    /// Mostly short texts and integers of every width, some long enough for 2- and 3-byte
    /// back-lengths.
    static func randomText(using generator: inout FastRandom) -> [UInt8] {
        switch Int.random(in: 0..<40, using: &generator) {
        case 0...15:
            let value = Int64.random(in: .min ... .max, using: &generator) >> Int64.random(in: 0...63, using: &generator)
            return Array(String(value).utf8)
        case 16...19: return Array("0\(Int.random(in: 0...99, using: &generator))".utf8)
        case 20...23: return repeated("x", Int.random(in: 100...5000, using: &generator))
        case 24: return repeated("y", Int.random(in: 16370...16400, using: &generator))
        default: return repeated("k", Int.random(in: 0...70, using: &generator))
        }
    }

    @Test("range deletes past the end stop at the tail; out-of-range starts do nothing")
    func deleteRanges() {
        var listpack = makeListpack(["abc", "def", "bob", "foo"])
        defer { listpack.free() }
        listpack.deleteRange(index: 4, count: 1)
        #expect(listpack.count == 4)
        listpack.deleteRange(index: -5, count: 1)
        #expect(listpack.count == 4)
        listpack.deleteRange(index: 0, count: 1)
        #expect(listpack.forwardValues == ["def", "bob", "foo"].map { .bytes(Array($0.utf8)) })
        listpack.deleteRange(index: 1, count: Int(UInt32.max))
        #expect(listpack.forwardValues == [.bytes(Array("def".utf8))])
        #expect(Listpack.validate(bytes: listpack.bytes))
        listpack.removeAll()
        #expect(Array(listpack.bytes) == hexBytes("07000000 0000 ff"))
    }

    @Test("past 65534 entries the header count is unknown and counting repairs it")
    func unknownCount() {
        var listpack = Listpack.create()
        defer { listpack.free() }
        for value in 0..<65536 { listpack.append(.integer(Int64(value % 100))) }
        #expect(listpack.headerCount == Listpack.unknownCount)
        #expect(listpack.count == 65536)
        #expect(listpack.seek(-1).map { listpack.integer(at: $0) } == 35)
        #expect(listpack.seek(65535).map { listpack.integer(at: $0) } == 35)
        #expect(listpack.seek(65536) == nil)
        listpack.delete(at: listpack.first!)
        listpack.delete(at: listpack.first!)
        #expect(listpack.headerCount == Listpack.unknownCount)
        #expect(listpack.count == 65534)
        #expect(listpack.headerCount == 65534)
        #expect(Listpack.validate(bytes: listpack.bytes))
    }

    @Test("validate rejects every truncation of Redis's listpacks")
    func rejectsTruncation() {
        for fixture in [Self.hsetFixture, Self.rpushFixture, Self.integerEdgeFixture, Self.rdbZsetFixture] {
            #expect(validatesConsistently(fixture))
            for length in 0..<fixture.count {
                #expect(!fixture.withUnsafeBytes { Listpack.validate(bytes: UnsafeRawBufferPointer(rebasing: $0[0..<length])) })
                // A truncated blob with its header patched to the new size still fails.
                var patched = Array(fixture[0..<length])
                if length >= 4 { patched.withUnsafeMutableBytes { $0.storeBytes(of: UInt32(length).littleEndian, as: UInt32.self) } }
                #expect(!validatesConsistently(patched), "truncated to \(length)")
            }
        }
    }

    @Test("validate survives every single bit flip and rejects flips in the header")
    func bitFlips() {
        for fixture in [Self.hsetFixture, Self.rpushFixture, Self.integerEdgeFixture, Self.rdbZsetFixture] {
            for byteIndex in 0..<fixture.count {
                for bit in 0..<8 {
                    var flipped = fixture
                    flipped[byteIndex] ^= 1 << bit
                    let accepted = validatesConsistently(flipped)
                    if byteIndex < 6 || byteIndex == fixture.count - 1 {
                        #expect(!accepted, "flip of bit \(bit) in byte \(byteIndex)")
                    }
                }
            }
        }
    }

    @Test("validate rejects lying headers and entries")
    func lyingHeaders() {
        var longer = Self.hsetFixture
        longer[0] += 1
        #expect(!validatesConsistently(longer))
        var wrongCount = Self.hsetFixture
        wrongCount[4] = 3
        #expect(!validatesConsistently(wrongCount))
        var unknownCount = Self.hsetFixture
        unknownCount[4] = 0xFF
        unknownCount[5] = 0xFF
        #expect(validatesConsistently(unknownCount))
        // One string entry claiming 4 GiB.
        #expect(!validatesConsistently(hexBytes("0d000000 0100 f0ffffffff 61 ff")))
        // An unknown encoding byte.
        #expect(!validatesConsistently(hexBytes("09000000 0100 f5 01 ff")))
        // An early terminator with bytes after it.
        #expect(!validatesConsistently(hexBytes("0b000000 0100 ff 01 01 01 ff")))
        // A back-length that disagrees with its entry.
        #expect(!validatesConsistently(hexBytes("0a000000 0100 8161 03 ff")))
        // Too short for a header.
        #expect(!validatesConsistently(hexBytes("06000000 00ff")))
        #expect(!validatesConsistently([]))
    }

    @Test("validate never crashes on random garbage")
    func randomGarbage() {
        var generator = FastRandom(seed: 0x6A7B_A6E)
        var accepted = 0
        for round in 0..<20000 {
            let length = Int.random(in: 0...64, using: &generator)
            var blob = (0..<length).map { _ in UInt8.random(in: 0...255, using: &generator) }
            // Half the blobs get a plausible header and terminator, to reach the entry checks.
            if round % 2 == 0 && length >= 7 {
                blob.withUnsafeMutableBytes { $0.storeBytes(of: UInt32(length).littleEndian, as: UInt32.self) }
                blob[5] = 0
                blob[4] = UInt8.random(in: 0...4, using: &generator)
                blob[length - 1] = 0xFF
            }
            if validatesConsistently(blob) { accepted += 1 }
        }
        #expect(accepted > 0, "no random blob reached acceptance: the header path is untested")
    }
}
