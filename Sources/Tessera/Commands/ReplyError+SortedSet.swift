/// Error replies of the sorted-set family (Redis 7.0's t_zset.c).
extension ReplyError {
    public static let zaddXXAndNX: StaticString = "ERR XX and NX options at the same time are not compatible"
    public static let zaddIncrPairs: StaticString = "ERR INCR option supports a single increment-element pair"
    public static let scoreNaN: StaticString = "ERR resulting score is not a number (NaN)"
    public static let scoreRangeNotFloat: StaticString = "ERR min or max is not a float"
    public static let lexRangeInvalid: StaticString = "ERR min or max not valid string range item"
    public static let limitNeedsByScoreOrLex: StaticString =
        "ERR syntax error, LIMIT is only supported in combination with either BYSCORE or BYLEX"
    public static let withScoresWithByLex: StaticString =
        "ERR syntax error, WITHSCORES not supported in combination with BYLEX"
    public static let weightNotFloat: StaticString = "ERR weight value is not a float"
    public static let limitNegative: StaticString = "ERR LIMIT can't be negative"
}
