/// Error replies of the bitmap family (Redis 7.0's bitops.c).
extension ReplyError {
    public static let bitOffsetInvalid: StaticString = "ERR bit offset is not an integer or out of range"
    public static let bitValueInvalid: StaticString = "ERR bit is not an integer or out of range"
    public static let bitposBitInvalid: StaticString = "ERR The bit argument must be 1 or 0."
    public static let bitopNotSingleSource: StaticString = "ERR BITOP NOT must be called with a single source key."
    public static let bitfieldTypeInvalid: StaticString =
        "ERR Invalid bitfield type. Use something like i16 u8. Note that u64 is not supported but i64 is."
    public static let bitfieldOverflowInvalid: StaticString = "ERR Invalid OVERFLOW type specified"
    public static let bitfieldReadOnly: StaticString = "ERR BITFIELD_RO only supports the GET subcommand"
}
