#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Adding and removing (intsetAdd, intsetUpgradeAndAdd, intsetRemove). Each resizes the block to
/// exactly the new size, as intsetResize does, so `base` may move.
extension Intset {
    /// intsetAdd: inserts `value` in order; false if it was already there. A value wider than
    /// the current width first widens every element (the width never shrinks back).
    @discardableResult
    public mutating func add(_ value: Int64) -> Bool {
        if Intset.width(for: value) > width {
            upgradeAndAdd(value)
            return true
        }
        let (found, index) = search(value)
        if found { return false }
        let length = count
        resize(to: length + 1)
        if index < length { moveTail(from: index, to: index + 1) }
        store(value, at: index)
        setCount(length + 1)
        return true
    }

    /// intsetRemove: false if `value` was not there.
    @discardableResult
    public mutating func remove(_ value: Int64) -> Bool {
        guard Intset.width(for: value) <= width else { return false }
        let (found, index) = search(value)
        guard found else { return false }
        let length = count
        if index < length - 1 { moveTail(from: index + 1, to: index) }
        resize(to: length - 1)
        setCount(length - 1)
        return true
    }

    /// A value that needs a wider width is smaller or larger than every element, so it goes at
    /// one end; the others are rewritten at the new width from the last one back, so none is
    /// overwritten before it is read.
    private mutating func upgradeAndAdd(_ value: Int64) {
        let oldWidth = width
        let length = count
        let prepend = value < 0 ? 1 : 0
        setWidth(Intset.width(for: value))
        resize(to: length + 1)
        var index = length - 1
        while index >= 0 {
            store(Intset.load(base, index: index, width: oldWidth), at: index + prepend)
            index -= 1
        }
        store(value, at: prepend == 1 ? 0 : length)
        setCount(length + 1)
    }

    private mutating func resize(to length: Int) {
        rebase(EncodingBlock.reallocate(base, to: Intset.headerSize + length * width))
    }

    /// intsetMoveTail: shifts the elements from `from` to the end so they start at `to`.
    private func moveTail(from: Int, to: Int) {
        let elementWidth = width
        let byteCount = (count - from) * elementWidth
        memmove(base + Intset.headerSize + to * elementWidth, base + Intset.headerSize + from * elementWidth, byteCount)
    }
}
