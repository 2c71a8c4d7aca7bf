/// Error replies of SORT and SORT_RO (Redis 7.0's sort.c).
extension ReplyError {
    /// A weight (an element, or its BY value) that strtod does not read as a whole number.
    public static let scoresNotDoubles: StaticString = "ERR One or more scores can't be converted into double"
}
