/// HINCRBY and HINCRBYFLOAT's arithmetic on one field (hincrbyCommand, hincrbyfloatCommand).
extension HashValue {
    enum IntegerIncrement {
        case value(Int64)
        case notInteger
        case overflow
    }

    /// Adds `increment` to the field's integer value (0 when absent) and stores the sum.
    mutating func increment(_ field: UnsafeRawBufferPointer, by increment: Int64, limits: HashLimits) -> IntegerIncrement {
        var current: Int64 = 0
        switch storedValue(of: field) {
        case .none: break
        case .integer(let integer): current = integer
        case .bytes(let bytes):
            guard let parsed = Integer.parseStrict(bytes) else { return .notInteger }
            current = parsed
        }
        let (sum, overflow) = current.addingReportingOverflow(increment)
        guard !overflow else { return .overflow }
        Integer.withDigits(sum) { _ = set(field, $0, limits: limits) }
        return .value(sum)
    }

    enum FloatIncrement {
        case notFloat
        case notFinite
        case done
    }

    /// Adds `increment` in long double arithmetic and stores the sum as ld2string(LD_STR_HUMAN)
    /// writes it; `body` receives those digits (the reply) before anything else writes.
    mutating func increment(_ field: UnsafeRawBufferPointer, by increment: FloatFormat.LongDouble, limits: HashLimits,
                            _ body: (UnsafeRawBufferPointer) -> Void) -> FloatIncrement {
        var current: FloatFormat.LongDouble = 0
        switch storedValue(of: field) {
        case .none: break
        case .integer(let integer): current = FloatFormat.LongDouble(integer)
        case .bytes(let bytes):
            guard let parsed = FloatFormat.parseLongDouble(bytes) else { return .notFloat }
            current = parsed
        }
        let sum = current + increment
        guard sum.isFinite else { return .notFinite }
        FloatFormat.withHumanDigits(sum) { digits in
            set(field, digits, limits: limits)
            body(digits)
        }
        return .done
    }
}
