import RESP

/// Scores as bytes: parsed as Redis 7.0's getDoubleFromObject and zslParseRange do, and written
/// into listpacks as its d2string does (integers as integers, the rest `%.17g`), so a listpack
/// built here holds what Redis's would.
enum SortedSetScore {
    /// Room for any d2string output.
    static let scratchSize = RESPDoubleFormatter.capacity

    /// getDoubleFromObject: all of the input, no leading space, no NaN, no overflow.
    static func parse(_ bytes: UnsafeRawBufferPointer) -> Double? {
        guard let first = bytes.first else { return nil }
        switch first {
        case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\n"), 0x0B, 0x0C, UInt8(ascii: "\r"): return nil
        default: break
        }
        guard let (value, consumedAll, rangeError) = strtod(bytes), consumedAll, !value.isNaN else { return nil }
        if rangeError && (value.isInfinite || value == 0) { return nil }
        return value
    }

    /// One end of ZRANGEBYSCORE's range (zslParseRange): `(` makes it exclusive; the rest must
    /// be what strtod reads to the end, not NaN (so `(` alone is 0, as in Redis).
    static func parseBound(_ bytes: UnsafeRawBufferPointer) -> (value: Double, exclusive: Bool)? {
        let exclusive = bytes.first == UInt8(ascii: "(")
        let text = exclusive ? UnsafeRawBufferPointer(rebasing: bytes[1...]) : bytes
        guard let (value, consumedAll, _) = strtod(text), consumedAll, !value.isNaN else { return nil }
        return (value, exclusive)
    }

    /// CStrtod's reading: (value, whether it consumed every byte, ERANGE); nil past Redis's
    /// MAX_LONG_DOUBLE_CHARS.
    private static func strtod(_ bytes: UnsafeRawBufferPointer) -> (Double, Bool, Bool)? {
        guard bytes.count < FloatFormat.maxLongDoubleChars else { return nil }
        let reading = CStrtod.read(bytes)
        return (reading.value, reading.consumed == bytes.count, reading.rangeError)
    }

    /// zzlStrtod: a listpack score entry back to a double.
    static func read(_ value: ListpackValue) -> Double {
        switch value {
        case .integer(let integer): return Double(integer)
        case .bytes(let bytes): return strtod(bytes)?.0 ?? 0
        }
    }

    /// d2string into `scratch` (at least `scratchSize` bytes): "inf", "-inf", "-0" for negative
    /// zero, integers within ±2^52 in decimal, everything else `%.17g`.
    static func format(_ score: Double, into scratch: UnsafeMutableRawBufferPointer) -> UnsafeRawBufferPointer {
        if score.isInfinite { return copy(score > 0 ? "inf" : "-inf", into: scratch) }
        if score == 0 && score.sign == .minus { return copy("-0", into: scratch) }
        if score > -4_503_599_627_370_495, score < 4_503_599_627_370_496, score == score.rounded(.towardZero) {
            return Listpack.format(Int64(score), into: scratch)
        }
        let length = RESPDoubleFormatter.formatFinite(score, into: scratch)
        return UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(scratch)[0..<length])
    }

    /// The listpack element for `score`: integral scores as integers (what lpAppend makes of
    /// d2string's digits), others as their text in `scratch`.
    static func element(_ score: Double, scratch: UnsafeMutableRawBufferPointer) -> ListpackElement {
        if score > -4_503_599_627_370_495, score < 4_503_599_627_370_496, score == score.rounded(.towardZero) {
            return .integer(Int64(score))
        }
        return .bytes(format(score, into: scratch))
    }

    private static func copy(_ text: StaticString, into scratch: UnsafeMutableRawBufferPointer) -> UnsafeRawBufferPointer {
        let count = text.utf8CodeUnitCount
        scratch.baseAddress!.copyMemory(from: text.utf8Start, byteCount: count)
        return UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(scratch)[0..<count])
    }
}
