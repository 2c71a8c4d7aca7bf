/// Error replies of the hash family (Redis 7.0's t_hash.c) not shared with other families.
extension ReplyError {
    public static let hashValueNotInteger: StaticString = "ERR hash value is not an integer"
    public static let hashValueNotFloat: StaticString = "ERR hash value is not a float"
    /// HINCRBYFLOAT with an infinite or NaN increment.
    public static let incrementNotFinite: StaticString = "ERR value is NaN or Infinity"
    /// HRANDFIELD's count outside -LONG_MAX...LONG_MAX (getRangeLongFromObjectOrReply's text).
    public static let randomCountOutOfRange: StaticString =
        "ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807"
    /// HRANDFIELD ... WITHVALUES with a count whose doubling would overflow.
    public static let valueOutOfRange: StaticString = "ERR value is out of range"
}
