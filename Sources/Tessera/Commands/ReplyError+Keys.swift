/// Error replies of the generic key commands (Redis 7.0's db.c, expire.c, object.c).
extension ReplyError {
    public static let gtAndLt: StaticString = "ERR GT and LT options at the same time are not compatible"
    public static let invalidCursor: StaticString = "ERR invalid cursor"
    public static let invalidFirstDBIndex: StaticString = "ERR invalid first DB index"
    public static let invalidSecondDBIndex: StaticString = "ERR invalid second DB index"
    /// getIntFromObjectOrReply's range error (MOVE and COPY ... DB with a number beyond 32 bits).
    public static let notInt32: StaticString =
        "ERR value is out of range, value must between -2147483648 and 2147483647"
    public static let lfuNotSelected: StaticString =
        "ERR An LFU maxmemory policy is not selected, access frequency not tracked. Please note that when switching between policies at runtime LRU and LFU data will take some time to adjust."
    public static let lfuSelected: StaticString =
        "ERR An LFU maxmemory policy is selected, idle time not tracked. Please note that when switching between policies at runtime LRU and LFU data will take some time to adjust."

    /// EXPIRE's "Unsupported option <opt>", with the option's bytes as sent (CR and LF become
    /// spaces when written, as addReplyErrorFormat does).
    static func unsupportedOption(_ option: UnsafeRawBufferPointer) -> [UInt8] {
        Array("ERR Unsupported option ".utf8) + Array(option)
    }
}
