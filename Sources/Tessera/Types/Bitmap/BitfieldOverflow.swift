/// BITFIELD's OVERFLOW policies and the arithmetic behind INCRBY and SET
/// (checkSignedBitfieldOverflow / checkUnsignedBitfieldOverflow in src/bitops.c).
enum BitfieldOverflow {
    /// Modular arithmetic: the result keeps the type's low bits.
    case wrap
    /// Clamp to the type's minimum or maximum.
    case saturate
    /// Leave the field alone and answer nil.
    case fail

    /// `value + increment` in `type` under this policy: the bits to store (two's complement for
    /// signed types), or nil when the policy is `fail` and the result does not fit.
    func apply(_ value: UInt64, plus increment: Int64, as type: BitfieldType) -> UInt64? {
        let sum = value &+ UInt64(bitPattern: increment)
        let direction = type.signed ? signedOverflow(Int64(bitPattern: value), increment, type)
                                    : unsignedOverflow(value, increment, type)
        if direction == .fits { return sum }
        switch self {
        case .wrap:
            return type.wrap(sum)
        case .fail:
            return nil
        case .saturate:
            if type.signed { return UInt64(bitPattern: direction == .above ? type.signedMax : type.signedMin) }
            return direction == .above ? type.unsignedMax : 0
        }
    }

    private enum Direction { case fits, above, below }

    /// Redis's test for unsigned fields, including its reading of `value` past the maximum (a
    /// negative SET value arrives as a huge unsigned one) as an overflow upwards.
    private func unsignedOverflow(_ value: UInt64, _ increment: Int64, _ type: BitfieldType) -> Direction {
        let max = type.unsignedMax
        let maxIncrement = Int64(bitPattern: max &- value)
        let minIncrement = Int64(bitPattern: 0 &- value)
        if value > max || (increment > 0 && increment > maxIncrement) { return .above }
        if increment < 0 && increment < minIncrement { return .below }
        return .fits
    }

    /// Redis's test for signed fields; the wrapping differences matter only where Redis's own
    /// conditions guard them (a 64-bit field checks the sign of `value` first).
    private func signedOverflow(_ value: Int64, _ increment: Int64, _ type: BitfieldType) -> Direction {
        let max = type.signedMax
        let min = type.signedMin
        let maxIncrement = Int64(bitPattern: UInt64(bitPattern: max) &- UInt64(bitPattern: value))
        let minIncrement = min &- value
        let narrow = type.width != 64
        if value > max || (narrow && increment > maxIncrement) || (value >= 0 && increment > 0 && increment > maxIncrement) {
            return .above
        }
        if value < min || (narrow && increment < minIncrement) || (value < 0 && increment < 0 && increment < minIncrement) {
            return .below
        }
        return .fits
    }
}
