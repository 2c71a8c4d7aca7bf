/// Error replies of the list family (Redis 7.0's t_list.c) not shared with other families.
extension ReplyError {
    /// LPOP/RPOP with a count below 0 or not a number.
    public static let countNotPositive: StaticString = "ERR value is out of range, must be positive"
    public static let lposRankZero: StaticString =
        "ERR RANK can't be zero: use 1 to start from the first match, 2 from the second ... or use negative to start from the end of the list"
    public static let lposCountNegative: StaticString = "ERR COUNT can't be negative"
    public static let lposMaxlenNegative: StaticString = "ERR MAXLEN can't be negative"
    /// LMPOP / BLMPOP (shared with ZMPOP in Redis).
}
