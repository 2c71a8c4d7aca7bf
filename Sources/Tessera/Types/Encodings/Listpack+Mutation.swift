#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Inserting, replacing and deleting entries (lpInsert and friends). Every mutation may move the
/// block; `base` is updated, and returned positions are offsets into the new block.
extension Listpack {
    /// lpPushTail / lpAppend.
    @discardableResult
    public mutating func append(_ element: ListpackElement) -> Position {
        splice(at: terminatorPosition.offset, removing: 0, inserting: ListpackEntryEncoding(element))
    }

    /// lpPushHead / lpPrepend.
    @discardableResult
    public mutating func prepend(_ element: ListpackElement) -> Position {
        splice(at: Listpack.headerSize, removing: 0, inserting: ListpackEntryEncoding(element))
    }

    /// lpInsert with LP_BEFORE; returns the new entry's position.
    @discardableResult
    public mutating func insert(_ element: ListpackElement, before position: Position) -> Position {
        splice(at: position.offset, removing: 0, inserting: ListpackEntryEncoding(element))
    }

    /// lpInsert with LP_AFTER; returns the new entry's position.
    @discardableResult
    public mutating func insert(_ element: ListpackElement, after position: Position) -> Position {
        let following = position.offset + storedSize(at: position)
        return splice(at: following, removing: 0, inserting: ListpackEntryEncoding(element))
    }

    /// lpReplace; returns the position of the new entry (the same offset).
    @discardableResult
    public mutating func replace(at position: Position, with element: ListpackElement) -> Position {
        splice(at: position.offset, removing: storedSize(at: position), inserting: ListpackEntryEncoding(element))
    }

    /// lpDelete; returns the entry that followed the deleted one, or nil if it was the last.
    @discardableResult
    public mutating func delete(at position: Position) -> Position? {
        let offset = splice(at: position.offset, removing: storedSize(at: position), inserting: nil).offset
        return byte(at: offset) == Listpack.terminator ? nil : Position(offset: offset)
    }

    /// lpDeleteRangeWithEntry: deletes up to `count` entries starting at `position`; returns the
    /// entry that now follows, or nil.
    @discardableResult
    public mutating func deleteRange(from position: Position, count: Int) -> Position? {
        guard count > 0 else { return position }
        var end = position.offset
        var deleted = 0
        while deleted < count, byte(at: end) != Listpack.terminator {
            end += storedSize(at: Position(offset: end))
            deleted += 1
        }
        removeBytes(from: position.offset, to: end, entries: deleted)
        return byte(at: position.offset) == Listpack.terminator ? nil : position
    }

    /// lpDeleteRange: deletes up to `count` entries from `index` (negative from the tail);
    /// nothing when `index` is out of range.
    public mutating func deleteRange(index: Int, count: Int) {
        guard let start = seek(index) else { return }
        deleteRange(from: start, count: count)
    }

    /// Removes all entries (what LTRIM to nothing or a full range delete leaves).
    public mutating func removeAll() {
        removeBytes(from: Listpack.headerSize, to: terminatorPosition.offset, entries: count)
    }

    /// Replaces `removed` bytes at `offset` with `encoding` (and its back-length); the one
    /// primitive behind insert, replace and delete. Returns the position at `offset`.
    private mutating func splice(at offset: Int, removing removed: Int, inserting encoding: ListpackEntryEncoding?) -> Position {
        let oldTotal = totalBytes
        let entrySize = encoding.map { $0.size + ListpackBacklen.size(of: $0.size) } ?? 0
        let newTotal = oldTotal + entrySize - removed
        precondition(newTotal <= Listpack.maximumBytes, "listpack would exceed 4 GiB")
        if newTotal > oldTotal {
            rebase(EncodingBlock.reallocate(base, to: newTotal))
        }
        let tail = offset + removed
        memmove(base + offset + entrySize, base + tail, oldTotal - tail)
        if newTotal < oldTotal {
            rebase(EncodingBlock.reallocate(base, to: newTotal))
        }
        if let encoding {
            encoding.write(to: base + offset)
            ListpackBacklen.write(encoding.size, to: base + offset + encoding.size)
        }
        setTotalBytes(newTotal)
        adjustCount(inserted: encoding != nil, removed: removed > 0)
        return Position(offset: offset)
    }

    /// Removes the whole entries in `start..<end`, then gives the spare memory back
    /// (lpShrinkToFit), as Redis's range deletes do.
    private mutating func removeBytes(from start: Int, to end: Int, entries: Int) {
        guard end > start else { return }
        let oldTotal = totalBytes
        memmove(base + start, base + end, oldTotal - end)
        let newTotal = oldTotal - (end - start)
        setTotalBytes(newTotal)
        let stored = headerCount
        if stored != Listpack.unknownCount { setHeaderCount(stored - entries) }
        rebase(EncodingBlock.reallocate(base, to: newTotal))
    }

    /// The header count moves with inserts and deletes unless it is already "unknown"; a count
    /// that reaches 65535 becomes unknown (until `count` recounts).
    private func adjustCount(inserted: Bool, removed: Bool) {
        guard inserted != removed else { return }
        let stored = headerCount
        guard stored != Listpack.unknownCount else { return }
        setHeaderCount(inserted ? stored + 1 : stored - 1)
    }
}
