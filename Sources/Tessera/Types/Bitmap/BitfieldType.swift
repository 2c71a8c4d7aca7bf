/// A BITFIELD integer type: `i1`...`i64` or `u1`...`u63` (Redis cannot reply with a u64).
struct BitfieldType: Equatable {
    let signed: Bool
    let width: Int

    /// Parses `i<bits>` / `u<bits>` as getBitfieldTypeFromArgument does: a lower-case letter, then
    /// string2ll of the bytes up to the first NUL (Redis reads the rest with strlen).
    init?(_ bytes: UnsafeRawBufferPointer) {
        guard let letter = bytes.first, letter == UInt8(ascii: "i") || letter == UInt8(ascii: "u") else { return nil }
        let digits = UnsafeRawBufferPointer(rebasing: bytes[1...])
        let end = digits.firstIndex(of: 0) ?? digits.count
        guard let width = Integer.parseStrict(UnsafeRawBufferPointer(rebasing: digits[0..<end])) else { return nil }
        let signed = letter == UInt8(ascii: "i")
        guard width >= 1 && width <= (signed ? 64 : 63) else { return nil }
        self.init(signed: signed, width: Int(width))
    }

    init(signed: Bool, width: Int) {
        self.signed = signed
        self.width = width
    }

    /// The unsigned field's largest value, all `width` bits set.
    var unsignedMax: UInt64 { width == 64 ? .max : (1 << UInt64(width)) - 1 }

    var signedMax: Int64 { width == 64 ? .max : (1 << Int64(width - 1)) - 1 }
    var signedMin: Int64 { -signedMax - 1 }

    /// The low `width` bits of `bits` read as a two's complement number.
    func signExtend(_ bits: UInt64) -> Int64 {
        guard width < 64, bits & (1 << UInt64(width - 1)) != 0 else { return Int64(bitPattern: bits) }
        return Int64(bitPattern: bits | (~0 << UInt64(width)))
    }

    /// Keeps the low `width` bits of a wrapped result, sign-extended for a signed type.
    func wrap(_ bits: UInt64) -> UInt64 {
        guard width < 64 else { return bits }
        if signed { return UInt64(bitPattern: signExtend(bits & unsignedMax)) }
        return bits & unsignedMax
    }
}
