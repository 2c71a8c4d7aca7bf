extension Listpack {
    /// lpFind: the first entry from `start` on that reads back as `bytes`, looking at every
    /// `skip + 1`-th entry only (skip 1 over a hash's field/value pairs compares fields only).
    public func find(_ bytes: UnsafeRawBufferPointer, from start: Position, skip: Int = 0) -> Position? {
        // Parse the probe once; an integer entry then compares as an integer, no formatting.
        let asInteger = Integer.parseStrict(bytes)
        var position: Position? = start
        var skipped = 0
        while let current = position {
            if skipped == 0 {
                if Listpack.entry(value(at: current), matches: bytes, asInteger: asInteger) { return current }
                skipped = skip
            } else {
                skipped -= 1
            }
            position = next(after: current)
        }
        return nil
    }

    /// `find` from the first entry.
    public func find(_ bytes: UnsafeRawBufferPointer, skip: Int = 0) -> Position? {
        guard let start = first else { return nil }
        return find(bytes, from: start, skip: skip)
    }
}
