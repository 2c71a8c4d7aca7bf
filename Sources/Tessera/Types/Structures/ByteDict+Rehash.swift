/// Growth and shrink by incremental rehashing, as Redis's dict.c: a resize allocates the new
/// bucket array, and every later write moves one bucket from table 0 to table 1 until table 0
/// is empty, when table 1 takes its place.
extension ByteDict {
    /// Moves up to `buckets` non-empty buckets to the new table, visiting at most ten times as
    /// many empty ones (Redis's `empty_visits`), so one step has a fixed worst case.
    func rehashStep(buckets steps: Int = 1) {
        guard isRehashing, let oldSlots = slots(0), let newSlots = slots(1) else { return }
        var index = rehashIndex
        var moved = 0
        var remaining = steps
        var emptyVisits = steps * 10
        let newMask = mask(1)
        while remaining > 0 && used(0) - moved > 0 {
            while oldSlots[index] == nil {
                index += 1
                emptyVisits -= 1
                if emptyVisits == 0 { break }
            }
            if oldSlots[index] == nil { break }
            var cursor = oldSlots[index]
            while let current = cursor {
                // The link and the hash sit at the same offsets for every kind.
                let entry = ByteDictEntry(current, kind: .none)
                cursor = entry.next
                let target = Int(entry.hash32) & newMask
                entry.next = newSlots[target]
                newSlots[target] = current
                moved += 1
            }
            oldSlots[index] = nil
            index += 1
            remaining -= 1
        }
        rehashIndex = index
        transfer(moved)
        if used(0) == 0 { finishRehash() }
    }

    /// Rehashes until done (tests, and a caller with idle time to spend).
    func rehashCompletely() {
        while isRehashing { rehashStep(buckets: 100) }
    }

    private func transfer(_ moved: Int) {
        addUsed(0, -moved)
        addUsed(1, moved)
    }

    private func finishRehash() {
        StructureMemory.deallocate(slots(0))
        setTableFields(0, slots: slots(1), size: size(1), used: used(1))
        setTableFields(1, slots: nil, size: 0, used: 0)
        rehashIndex = -1
    }

    /// Before an insert: the first bucket array, or a grow at load factor 1.
    func expandIfNeeded() {
        guard !isRehashing else { return }
        if size(0) == 0 {
            reserve(ByteDict.initialSize)
        } else if used(0) >= size(0) {
            startResize(to: used(0) + 1)
        }
    }

    /// After a delete: shrink once fewer than 10% of the buckets are used (htNeedsResize).
    func shrinkIfSparse() {
        guard !isRehashing, size(0) > ByteDict.initialSize, used(0) * 100 / size(0) < 10 else { return }
        startResize(to: used(0))
    }

    /// Gives an empty dict a bucket array for at least `minimum` members.
    func reserve(_ minimum: Int) {
        precondition(slots(0) == nil && !isRehashing)
        let size = ByteDict.tableSize(for: minimum)
        setTableFields(0, slots: StructureMemory.allocateZeroed(pointers: size), size: size, used: 0)
    }

    private func startResize(to minimum: Int) {
        let size = ByteDict.tableSize(for: minimum)
        guard size != self.size(0) else { return }
        setTableFields(1, slots: StructureMemory.allocateZeroed(pointers: size), size: size, used: 0)
        rehashIndex = 0
    }

    static func tableSize(for minimum: Int) -> Int {
        var size = initialSize
        while size < minimum { size <<= 1 }
        return size
    }
}
