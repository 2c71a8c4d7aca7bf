import Testing
@testable import Tessera

/// `Bitmap`, `MutableBitmap`, `BitfieldType` and `BitfieldOverflow` against plain models: bits
/// as an array of Bool, and exact 128-bit arithmetic for overflow.
@Suite("Bitmap")
struct BitmapTests {
    @Test("population count over byte and bit ranges matches a per-bit count")
    func populationCount() {
        var generator = SplitMix(seed: 11)
        let bytes = (0..<203).map { _ in UInt8.random(in: 0...255, using: &generator) }
        let bits = bitsOf(bytes)
        bytes.withUnsafeBytes { buffer in
            let bitmap = Bitmap(buffer)
            for _ in 0..<300 {
                let first = Int.random(in: 0..<bits.count, using: &generator)
                let last = Int.random(in: first..<bits.count, using: &generator)
                #expect(bitmap.populationCount(bits: first...last) == bits[first...last].filter { $0 }.count)
                let byteRange = (first >> 3)..<(last >> 3 + 1)
                #expect(bitmap.populationCount(bytes: byteRange)
                    == bytes[byteRange].reduce(0) { $0 + $1.nonzeroBitCount })
            }
        }
    }

    @Test("first set or clear bit in a range, over skipped words and partial bytes")
    func firstBit() {
        var generator = SplitMix(seed: 5)
        for density in [0, 1, 50, 254, 255] {
            let bytes = (0..<97).map { _ -> UInt8 in
                let roll = Int.random(in: 0..<256, using: &generator)
                return roll < density ? UInt8.random(in: 0...255, using: &generator) : (density > 128 ? 0xFF : 0)
            }
            let bits = bitsOf(bytes)
            bytes.withUnsafeBytes { buffer in
                let bitmap = Bitmap(buffer)
                for _ in 0..<200 {
                    let first = Int.random(in: 0..<bits.count, using: &generator)
                    let last = Int.random(in: first..<bits.count, using: &generator)
                    for value in [false, true] {
                        #expect(bitmap.firstBit(value, in: first...last)
                            == bits[first...last].firstIndex(of: value))
                    }
                }
            }
        }
    }

    @Test("fields read back what was written, at any offset and width, leaving neighbours alone")
    func fieldsRoundTrip() {
        var generator = SplitMix(seed: 9)
        var bytes = [UInt8](repeating: 0, count: 24)
        for _ in 0..<500 {
            let width = Int.random(in: 1...64, using: &generator)
            let offset = Int.random(in: 0...(bytes.count * 8 - width), using: &generator)
            let value = UInt64.random(in: .min ... .max, using: &generator)
            let before = bitsOf(bytes)
            bytes.withUnsafeMutableBytes { MutableBitmap($0.baseAddress!).setField(at: offset, width: width, to: value) }
            let after = bitsOf(bytes)
            let mask: UInt64 = width == 64 ? .max : (1 << UInt64(width)) - 1
            bytes.withUnsafeBytes { buffer in
                #expect(Bitmap(buffer).unsignedField(at: offset, width: width) == value & mask)
            }
            for index in after.indices where index < offset || index >= offset + width {
                #expect(after[index] == before[index])
            }
        }
    }

    @Test("fields past the end read as zero; signed fields are sign-extended")
    func fieldsEdges() {
        let bytes: [UInt8] = [0xF0]
        bytes.withUnsafeBytes { buffer in
            let bitmap = Bitmap(buffer)
            #expect(bitmap.unsignedField(at: 0, width: 16) == 0xF000)
            #expect(bitmap.unsignedField(at: 100, width: 64) == 0)
            #expect(bitmap.signedField(at: 0, width: 4) == -1)
            #expect(bitmap.signedField(at: 2, width: 4) == -4)
            #expect(bitmap.bit(at: 3) && !bitmap.bit(at: 4) && !bitmap.bit(at: 1000))
        }
    }

    @Test("bitfield types parse like Redis: i1-i64, u1-u63, lower-case letter")
    func types() {
        func parse(_ text: String) -> BitfieldType? { Array(text.utf8).withUnsafeBytes { BitfieldType($0) } }
        #expect(parse("i64") == BitfieldType(signed: true, width: 64))
        #expect(parse("u63") == BitfieldType(signed: false, width: 63))
        #expect(parse("u1") == BitfieldType(signed: false, width: 1))
        #expect(parse("i8\u{0}junk") == BitfieldType(signed: true, width: 8))
        for bad in ["u64", "i65", "i0", "U8", "I8", "8", "", "i", "i+8", "i08", "u-1"] {
            #expect(parse(bad) == nil, "\(bad)")
        }
    }

    @Test("INCRBY overflow in every mode matches exact arithmetic")
    func overflowModel() {
        var generator = SplitMix(seed: 13)
        for _ in 0..<20_000 {
            let signed = Bool.random(using: &generator)
            let width = Int.random(in: 1...(signed ? 64 : 63), using: &generator)
            let type = BitfieldType(signed: signed, width: width)
            let low = signed ? Int128(type.signedMin) : 0
            let high = signed ? Int128(type.signedMax) : Int128(type.unsignedMax)
            let current = Int128.random(in: low...high, using: &generator)
            let increment = Bool.random(using: &generator)
                ? Int64.random(in: -300...300, using: &generator) : Int64.random(in: .min ... .max, using: &generator)
            let exact = current + Int128(increment)
            let fits = exact >= low && exact <= high
            let bits = UInt64(truncatingIfNeeded: current)
            let modulus = Int128(1) << width
            var wrapped = ((exact - low) % modulus + modulus) % modulus + low
            if !signed { wrapped = (exact % modulus + modulus) % modulus }
            #expect(BitfieldOverflow.wrap.apply(bits, plus: increment, as: type)
                == UInt64(truncatingIfNeeded: fits ? exact : wrapped))
            #expect(BitfieldOverflow.saturate.apply(bits, plus: increment, as: type)
                == UInt64(truncatingIfNeeded: min(max(exact, low), high)))
            #expect(BitfieldOverflow.fail.apply(bits, plus: increment, as: type)
                == (fits ? UInt64(truncatingIfNeeded: exact) : nil))
        }
    }

    @Test("SET of an out-of-range value: saturates, wraps, or fails")
    func setOverflow() {
        let u8 = BitfieldType(signed: false, width: 8)
        let i8 = BitfieldType(signed: true, width: 8)
        #expect(BitfieldOverflow.saturate.apply(UInt64(bitPattern: -1), plus: 0, as: u8) == 255)
        #expect(BitfieldOverflow.wrap.apply(UInt64(bitPattern: -1), plus: 0, as: u8) == 255)
        #expect(BitfieldOverflow.fail.apply(256, plus: 0, as: u8) == nil)
        #expect(BitfieldOverflow.wrap.apply(200, plus: 0, as: i8) == UInt64(bitPattern: -56))
        #expect(BitfieldOverflow.saturate.apply(UInt64(bitPattern: -200), plus: 0, as: i8) == UInt64(bitPattern: -128))
    }
}

private func bitsOf(_ bytes: [UInt8]) -> [Bool] {
    bytes.flatMap { byte in (0..<8).map { byte & (0x80 >> UInt8($0)) != 0 } }
}
