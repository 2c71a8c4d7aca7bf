/// HSCAN's walk (scanGenericCommand for hashes): a listpack answers whole in one call with
/// cursor 0, as Redis does; a hashtable steps its reverse-binary cursor.
extension HashValue {
    /// Visits about `count` pairs from `cursor` (at most 20 × `count` bucket visits) and
    /// returns the next cursor, 0 when done. `body` must not write to the hash.
    func scan(cursor: UInt64, count: Int, _ body: PairVisitor) -> UInt64 {
        guard encoding == .hashtable else {
            forEach(body)
            return 0
        }
        let dict = self.dict
        var next = cursor
        var visited = 0
        // Redis doubles COUNT for hashes (it counts fields and values), then allows 10 visits per unit.
        var visits = count.multipliedReportingOverflow(by: 20).overflow ? Int.max : count * 20
        repeat {
            next = dict.scan(cursor: next) { entry in
                visited += 1
                body(entry.member, entry.value)
            }
            visits -= 1
        } while next != 0 && visits > 0 && visited < count
        return next
    }
}
