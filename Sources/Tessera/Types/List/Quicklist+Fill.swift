/// How full a node may get (Redis 7.0's _quicklistNodeAllowInsert / _quicklistNodeAllowMerge):
/// a negative fill limits a node's listpack to 4, 8, 16, 32 or 64 KB (-1 ... -5); a positive
/// fill limits its entries, within an 8 KB safety limit.
extension Quicklist {
    static let optimizationLevels = [4096, 8192, 16384, 32768, 65536]
    static let sizeSafetyLimit = 8192

    /// _quicklistNodeSizeMeetsOptimizationRequirement.
    static func sizeMeetsOptimization(_ size: Int, fill: Int) -> Bool {
        guard fill < 0 else { return false }
        let level = -fill - 1
        return level < optimizationLevels.count && size <= optimizationLevels[level]
    }

    /// _quicklistNodeAllowInsert: whether an element of `elementSize` bytes may join `node`.
    /// The overhead is the ziplist-era estimate 7.0 still uses (it overestimates for listpacks).
    func allowsInsert(into node: NodePointer?, elementSize: Int) -> Bool {
        guard let node else { return false }
        var overhead = elementSize < 254 ? 1 : 5
        overhead += elementSize < 64 ? 1 : (elementSize < 16384 ? 2 : 5)
        let newSize = node.pointee.bytes + elementSize + overhead
        if Quicklist.sizeMeetsOptimization(newSize, fill: fill) { return true }
        if newSize > Quicklist.sizeSafetyLimit { return false }
        return node.pointee.count < fill
    }

    /// _quicklistNodeAllowMerge: whether `a` and `b` fit in one node (minus one header and
    /// terminator, 7 bytes).
    func allowsMerge(_ a: NodePointer?, _ b: NodePointer?) -> Bool {
        guard let a, let b else { return false }
        let mergedSize = a.pointee.bytes + b.pointee.bytes - 7
        if Quicklist.sizeMeetsOptimization(mergedSize, fill: fill) { return true }
        if mergedSize > Quicklist.sizeSafetyLimit { return false }
        return a.pointee.count + b.pointee.count <= fill
    }
}
