extension Listpack {
    /// An entry's place: its byte offset from the start of the block. Offsets survive a realloc,
    /// so a position taken before a mutation still names the same byte afterwards (though
    /// entries at or after a changed one may have moved).
    public struct Position: Hashable, Sendable {
        public let offset: Int

        public init(offset: Int) {
            self.offset = offset
        }
    }

    /// lpFirst.
    public var first: Position? {
        isEmpty ? nil : Position(offset: Listpack.headerSize)
    }

    /// lpLast.
    public var last: Position? {
        previous(before: terminatorPosition)
    }

    var terminatorPosition: Position {
        Position(offset: totalBytes - 1)
    }

    /// lpNext: the entry after `position`, or nil when `position` is the last one.
    public func next(after position: Position) -> Position? {
        let following = position.offset + storedSize(at: position)
        return byte(at: following) == Listpack.terminator ? nil : Position(offset: following)
    }

    /// lpPrev: the entry before `position` (which may be the terminator), or nil at the first.
    public func previous(before position: Position) -> Position? {
        guard position.offset > Listpack.headerSize else { return nil }
        let backlenEnd = UnsafeRawPointer(base + position.offset - 1)
        guard let length = ListpackBacklen.decode(endingAt: backlenEnd, lowerBound: UnsafeRawPointer(base)) else {
            preconditionFailure("listpack back-length corrupt before offset \(position.offset)")
        }
        return Position(offset: position.offset - length - ListpackBacklen.size(of: length))
    }

    /// lpSeek: the entry at `index`, negative indexes counting from the tail (-1 is the last);
    /// nil when out of range. Walks from whichever end is nearer.
    public func seek(_ index: Int) -> Position? {
        let stored = headerCount
        guard stored != Listpack.unknownCount else {
            return index < 0 ? walkBackward(from: last, steps: -index - 1) : walkForward(from: first, steps: index)
        }
        let fromHead = index < 0 ? stored + index : index
        guard fromHead >= 0, fromHead < stored else { return nil }
        if fromHead > stored / 2 {
            return walkBackward(from: last, steps: stored - 1 - fromHead)
        }
        return walkForward(from: first, steps: fromHead)
    }

    private func walkForward(from start: Position?, steps: Int) -> Position? {
        var position = start
        var remaining = steps
        while remaining > 0, let current = position {
            position = next(after: current)
            remaining -= 1
        }
        return position
    }

    private func walkBackward(from start: Position?, steps: Int) -> Position? {
        var position = start
        var remaining = steps
        while remaining > 0, let current = position {
            position = previous(before: current)
            remaining -= 1
        }
        return position
    }

    /// The entry's encoded size without its back-length.
    func encodedSize(at position: Position) -> Int {
        ListpackEntryLayout.size(at: base + position.offset)
    }

    /// The entry's size including its back-length (lpSkip's stride).
    func storedSize(at position: Position) -> Int {
        let size = encodedSize(at: position)
        return size + ListpackBacklen.size(of: size)
    }

    func byte(at offset: Int) -> UInt8 {
        base.load(fromByteOffset: offset, as: UInt8.self)
    }
}
