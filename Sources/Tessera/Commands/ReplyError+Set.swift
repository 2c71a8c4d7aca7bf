/// Error replies of the set commands (Redis 7.0's t_set.c and the range checks it calls).
extension ReplyError {
    /// getRangeLongFromObjectOrReply(-LONG_MAX, LONG_MAX) (SRANDMEMBER's count of LLONG_MIN).
    public static let notLongRange: StaticString =
        "ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807"
    public static let tooManyNumkeys: StaticString = "ERR Number of keys can't be greater than number of args"
    public static let negativeLimit: StaticString = "ERR LIMIT can't be negative"
}
