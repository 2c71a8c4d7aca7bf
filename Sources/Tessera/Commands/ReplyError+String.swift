/// Error replies of the string family (Redis 7.0's t_string.c) not shared with other families.
extension ReplyError {
    /// DECRBY with -9223372036854775808, whose negation would overflow.
    public static let decrementOverflow: StaticString = "ERR decrement would overflow"
    public static let lcsNotStrings: StaticString = "ERR The specified keys must contain string values"
    public static let lcsLenAndIdx: StaticString = "ERR If you want both the length and indexes, please just use IDX."
    public static let lcsStringTooLong: StaticString = "ERR String too long for LCS"
    public static let lcsTableTooLarge: StaticString =
        "ERR Insufficient memory, transient memory for LCS exceeds proto-max-bulk-len"
    public static let lcsAllocationFailed: StaticString =
        "ERR Insufficient memory, failed allocating transient memory for LCS"
}
